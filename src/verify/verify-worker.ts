/** A worker thread of verify: checks the ranges of seqs it is sent, with its own connection to the store. */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../store/open.js';
import { type Range, type RangeReply, type VerifySetup, verifyRange } from './verify-chain.js';

const port = parentPort;
if (port === null) throw new Error('verify worker started outside a worker thread');
const { store: options, progress } = workerData as VerifySetup;

/** Links checked between progress replies: often enough for a line redrawn every 100,000. */
const PROGRESS_STEP = 10_000;

const opened = openStore(options);

// One range at a time: the next one comes after this one's verdict. The main thread
// ends the worker when it needs no more.
port.on('message', async ({ after, through, mark, from }: Range) => {
  let reported = 0;
  const report = (checked: number) => {
    port.postMessage({ kind: 'progress', checked: checked - reported } satisfies RangeReply);
    reported = checked;
  };
  const verdict = await verifyRange(
    await opened,
    after,
    through,
    progress
      ? (checked) => {
          if (checked - reported >= PROGRESS_STEP) report(checked);
        }
      : undefined,
    mark,
    from,
  );
  // The rest of the range, so that the count shown adds up however short ranges are.
  if (progress && verdict.count > reported) report(verdict.count);
  port.postMessage({ kind: 'done', verdict } satisfies RangeReply);
});
