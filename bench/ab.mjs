#!/usr/bin/env node
// A/B: this checkout's build against another's (e.g. a worktree of the commit before a
// change), each measure run in turn on both so that the machine's noise falls on both
// alike. Usage: node bench/ab.mjs --against ../before [--runs 11]
// Needs both builds (npm run build in each) and the data of npm run bench (bench/data/).
// Writes bench/AB.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const args = process.argv.slice(2);
const value = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const against = value('against');
const RUNS = Number(value('runs', 11));
if (!against) throw new Error('give --against <another checkout, built>');
const sides = [
  ['before', join(resolve(against), 'bin', 'activity')],
  ['after', join(root, 'bin', 'activity')],
];
const data = join(root, 'bench', 'data');
const source = join(data, 'events-1000000.ndjson');
const store = join(data, 'store-1000000.db');
if (!existsSync(source) || !existsSync(store)) throw new Error('run npm run bench first: it makes bench/data/');
const clean = { PATH: process.env.PATH, HOME: process.env.HOME };
const scratch = join(data, 'ab-import.db');

function time(bin, commandArgs, env) {
  const started = process.hrtime.bigint();
  const result = spawnSync(bin, commandArgs, { stdio: ['ignore', 'ignore', 'pipe'], env, maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`${bin} ${commandArgs.join(' ')}: ${result.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const filter = ['--action', 'delete', '--type', 'cluster', '--since', '30d'];
const measures = [
  ['`--version`, clean environment', RUNS * 2, () => ['--version'], clean],
  [
    '`list` (table), clean environment',
    RUNS * 2,
    () => ['list', '--store', store, ...filter, '--format', 'table'],
    clean,
  ],
  [
    '`list --search gateway --limit 50`',
    RUNS * 2,
    () => ['list', '--store', store, '--search', 'gateway', '--limit', '50'],
  ],
  [
    '`list --all --format ndjson` (1,000,000 events)',
    Math.ceil(RUNS / 2),
    () => ['list', '--store', store, '--all', '--format', 'ndjson'],
  ],
  ['`verify` (1,000,000 events)', Math.ceil(RUNS / 2), () => ['verify', '--store', store]],
  [
    '`record --file` of 1,000,000 events into an empty store',
    Math.ceil(RUNS / 2),
    () => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${scratch}${suffix}`, { force: true });
      return ['record', '--store', scratch, '--file', source];
    },
  ],
];

const rows = [];
for (const [name, runs, commandArgs, env] of measures) {
  process.stderr.write(`${name}: ${runs} runs each, in turn\n`);
  const times = sides.map(() => []);
  for (let run = 0; run < runs; run++) {
    sides.forEach(([, bin], i) => {
      times[i].push(time(bin, commandArgs(), env ?? process.env));
    });
  }
  const [before, after] = times.map(median);
  rows.push(
    `| ${name} | ${runs} | ${before.toFixed(0)} ms | ${after.toFixed(0)} ms | ${(after / before).toFixed(3)}× |`,
  );
}
for (const suffix of ['', '-wal', '-shm']) rmSync(`${scratch}${suffix}`, { force: true });
const commit = (dir) => execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD']).toString().trim();
const report = `# A/B: this build against another

Produced by \`node bench/ab.mjs --against <checkout> --runs ${RUNS}\` (bench/ab.mjs) on
${new Date().toISOString().slice(0, 10)}: before is commit ${commit(against)}, after is commit ${commit(root)}${
  execFileSync('git', ['-C', root, 'status', '--porcelain', '--untracked-files=no']).length > 0
    ? ' with uncommitted changes'
    : ''
}. Each measure runs on both builds in turn, so the machine's noise falls on both alike; the
stores and inputs are npm run bench's (bench/data/).

| measure | runs each | before (median) | after (median) | after / before |
|---|---:|---:|---:|---:|
${rows.join('\n')}
`;
writeFileSync(join(root, 'bench', 'AB.md'), report);
process.stdout.write(report);
