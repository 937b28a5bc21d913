// The benchmarks' shared data: sample events (seed 7, over the 60 days before the first
// run, so "--since 30d" selects half of them) as NDJSON, and recorded into a store; made
// once and then reused, so every benchmark measures the same events.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const dataDir = (root) => {
  const data = join(root, 'bench', 'data');
  mkdirSync(data, { recursive: true });
  return data;
};

/** The NDJSON file of `count` sample events, made when missing. */
export async function benchEvents(root, count) {
  const source = join(dataDir(root), `events-${count}.ndjson`);
  if (!existsSync(source)) {
    process.stderr.write(`generating ${count} events → ${source}\n`);
    const { writeSampleFile } = await import(join(root, 'dist', 'sample.cjs'));
    await writeSampleFile(source, { count, seed: 7, days: 60, end: Date.now() });
  }
  return source;
}

/** The path of the store of benchEvents(), recorded when missing. */
export async function benchStore(root, count) {
  const source = await benchEvents(root, count);
  const store = join(dataDir(root), `store-${count}.db`);
  if (!existsSync(store)) {
    process.stderr.write(`recording ${source} → ${store}\n`);
    execFileSync(join(root, 'bin', 'activity'), ['--store', store, 'record', '--file', source], { stdio: 'ignore' });
  }
  return store;
}
