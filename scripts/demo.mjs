#!/usr/bin/env node
// `npm run demo`: fills a store of its own (.demo/activity.db, never your default
// store) with realistic sample events ending now, then shows the Last Activity card
// and a filtered list, printing each command so you can run it yourself.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const demo = join(root, '.demo');
const store = join(demo, 'activity.db');
const shown = relative(process.cwd(), store) || store;

function activity(args, { quiet = false } = {}) {
  const printable = args.map((a) => (/[\s"'$]/.test(a) ? `'${a.replaceAll("'", "'\\''")}'` : a)).join(' ');
  if (!quiet) process.stdout.write(`\n$ ${[`activity --store ${shown}`, printable].filter(Boolean).join(' ')}\n`);
  const result = spawnSync(join(root, 'bin', 'activity'), ['--store', store, ...args], {
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!existsSync(store)) {
  mkdirSync(demo, { recursive: true });
  const sample = join(demo, 'sample.ndjson');
  const { writeSampleFile } = await import(join(root, 'dist', 'sample.cjs'));
  await writeSampleFile(sample, { count: 20_000, seed: 42, days: 45, users: 300 });
  process.stdout.write(`Recording 20,000 sample events into ${shown}\n`);
  activity(['record', '--file', sample]);
  rmSync(sample);
}

activity([]);
activity(['list', '--action', 'delete', '--type', 'cluster', '--since', '7d', '--limit', '10']);
activity(['list', '--search', 'gateway', '--since', '24h', '--format', 'tsv', '--limit', '3']);
process.stdout.write(`\nTry your own filters with --store ${shown}; see activity list --help.\n`);
