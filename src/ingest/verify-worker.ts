/** A worker thread of verify: checks one range of seqs with its own connection to the store. */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../store/open.js';
import type { RangeReply, RangeSetup } from './protocol.js';
import { verifyRange } from './verify-ranges.js';

const port = parentPort;
if (port === null) throw new Error('verify worker started outside a worker thread');
const { location, after, through } = workerData as RangeSetup;

async function run(out: NonNullable<typeof parentPort>): Promise<void> {
  const store = await openStore(location, 'read');
  try {
    let reported = 0;
    const verdict = await verifyRange(store, after, through, (checked) => {
      out.postMessage({ kind: 'progress', checked: checked - reported } satisfies RangeReply);
      reported = checked;
    });
    out.postMessage({ kind: 'done', verdict } satisfies RangeReply);
  } finally {
    await store.close();
  }
}

void run(port);
