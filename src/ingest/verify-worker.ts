/**
 * A worker thread of verify: checks the links of one range of seqs with its own
 * connection to the store. Each link depends only on stored hashes, so ranges can be
 * checked side by side.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { chainHash, GENESIS_HASH } from '../core/chain.js';
import { emptyFilter } from '../core/filter.js';
import { openStore } from '../store/open.js';
import type { RangeReply, RangeSetup } from './protocol.js';

const port = parentPort;
if (port === null) throw new Error('verify worker started outside a worker thread');
const { location, after, through } = workerData as RangeSetup;

async function run(out: NonNullable<typeof parentPort>): Promise<void> {
  const store = await openStore(location, 'read');
  try {
    let previous = after === 0 ? GENESIS_HASH : (await store.get({ seq: after }))?.hash;
    let expected = after + 1;
    for await (const page of store.query({
      filter: emptyFilter(),
      order: 'seq',
      afterSeq: after,
      throughSeq: through,
    })) {
      for (const e of page) {
        if (previous === undefined || e.seq !== expected || chainHash(previous, e.seq, e) !== e.hash) {
          out.postMessage({ kind: 'broken', seq: expected } satisfies RangeReply);
          return;
        }
        previous = e.hash;
        expected++;
      }
      out.postMessage({ kind: 'progress', checked: page.length } satisfies RangeReply);
    }
    out.postMessage(
      (expected === through + 1 ? { kind: 'done' } : { kind: 'broken', seq: expected }) satisfies RangeReply,
    );
  } finally {
    await store.close();
  }
}

void run(port);
