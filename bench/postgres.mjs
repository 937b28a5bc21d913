#!/usr/bin/env node
// The PostgreSQL store at 1,000,000 and 10,000,000 events (issue 18): each filter of
// reference §3 as `activity list` runs it and as bare SQL (EXPLAIN ANALYZE of the
// store's page and count), the growth from one size to the other, the same lists on the
// SQLite store, record --file into an empty database, and `serve` under 32 clients.
// Usage: node bench/postgres.mjs [-- --runs 7 --imports 3 --duration 10 --connections 32 --sizes 1000000,10000000]
// Needs the build, PostgreSQL at $ACTIVITY_BENCH_PG (default postgres://postgres@127.0.0.1:5432),
// and psql on PATH. Writes the `postgres` section of bench/RESULTS.md.
//
// The databases activity_bench_1m and activity_bench_10m are made when missing
// (createdb, then `activity record --file` of bench/data.mjs's events: about 2.3 GB of
// NDJSON for 10M) and kept for the next run; drop them to start over.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { benchEvents, benchStore } from './data.mjs';
import { HASH_SCRIPT, writeSection } from './results.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const RUNS = Number(option('runs', 7));
const IMPORTS = Number(option('imports', 3));
const DURATION_S = Number(option('duration', 10));
const CONNECTIONS = Number(option('connections', 32));
const SIZES = String(option('sizes', '1000000,10000000')).split(',').map(Number);
const SERVER = process.env.ACTIVITY_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432';
const bin = join(root, 'bin', 'activity');

const log = (text) => process.stderr.write(`${text}\n`);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (n, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const label = (count) => (count >= 1e6 ? `${count / 1e6}m` : String(count));
const urlOf = (database) => `${SERVER}/${database}`;
const psql = (database, sql) =>
  execFileSync('psql', [urlOf(database), '-XAtq', '-c', sql], { maxBuffer: 1 << 28 })
    .toString()
    .trim();
const loads = [];
const noteLoad = (when) =>
  loads.push(
    `${when}: ${loadavg()
      .map((n) => n.toFixed(2))
      .join(', ')}`,
  );

/** Wall time (ms) of one command; throws on a failure. */
function timed(command, commandArgs, env) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, commandArgs, { stdio: ['ignore', 'ignore', 'pipe'], env, maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`${command} ${commandArgs.join(' ')} failed (${result.status}): ${result.stderr}`);
  }
  return ms;
}

/** The database of `count` events, recorded when missing. */
async function database(count) {
  const name = `activity_bench_${label(count)}`;
  const exists = psql('postgres', `SELECT 1 FROM pg_database WHERE datname = '${name}'`) === '1';
  if (!exists || psql(name, "SELECT to_regclass('events') IS NOT NULL") !== 't') {
    const source = await benchEvents(root, count);
    if (!exists) psql('postgres', `CREATE DATABASE ${name}`);
    log(`recording ${source} → ${name}`);
    execFileSync(bin, ['record', '--store', urlOf(name), '--file', source], { stdio: 'inherit' });
  }
  // What autovacuum would do soon after a load: statistics, and the visibility map that
  // lets counts be index-only (the bulk import's rows are written frozen already).
  psql(name, 'VACUUM (ANALYZE) events, event_counts');
  return name;
}

// 1. record --file of 1M events into an empty database (the bulk path), median of IMPORTS;
// first, before the 10M database is read: imports measured after the list timings ran
// 15% slower (22.3 s against 18.8 s the same hour), for reasons of this shared machine.
const importTimes = [];
// The machine's speed in the same turns, for scale (as bench/run.mjs does for SQLite).
const importHashRuns = [];
const importSource = await benchEvents(root, 1_000_000);
for (let run = 0; run < IMPORTS; run++) {
  psql('postgres', 'DROP DATABASE IF EXISTS activity_bench_import');
  psql('postgres', 'CREATE DATABASE activity_bench_import');
  noteLoad(`import ${run + 1}`);
  log(`record --file, 1M events, into an empty database (${run + 1} of ${IMPORTS})`);
  importTimes.push(timed(bin, ['record', '--store', urlOf('activity_bench_import'), '--file', importSource]));
  importHashRuns.push(timed(process.execPath, ['-e', HASH_SCRIPT]));
}
psql('postgres', 'DROP DATABASE IF EXISTS activity_bench_import');
const importMs = median(importTimes);
const importRate = 1_000_000 / (importMs / 1000);

// 2. The databases and the filters, the filters' terms read from the 1M events.
const databases = [];
for (const count of SIZES) databases.push({ count, name: await database(count) });
const first = databases[0].name;
const topUser = psql(first, 'SELECT user_name FROM events GROUP BY 1 ORDER BY count(*) DESC LIMIT 1');
const account = psql(first, 'SELECT account FROM events GROUP BY 1 ORDER BY count(*) DESC LIMIT 1');
const resourceId = psql(first, "SELECT resource_id FROM events WHERE name LIKE '%gate%' ORDER BY seq LIMIT 1");
const search = 'gate';
const cases = [
  ['no filter', []],
  ['--user', ['--user', topUser]],
  ['--action delete', ['--action', 'delete']],
  ['--type cluster', ['--type', 'cluster']],
  ['--account', ['--account', account]],
  ['--resource-id', ['--resource-id', resourceId]],
  ['--recorded-by', ['--recorded-by', 'ci']],
  [`--search ${search}`, ['--search', search]],
  ['--since 7d', ['--since', '7d']],
  ['--until 30d', ['--until', '30d']],
  ['--user --action --type --since', ['--user', topUser, '--action', 'delete', '--type', 'cluster', '--since', '30d']],
];

// 3. The bare SQL: the page (seqs from an index, then their rows) and the count, as
// src/store/postgres/filter-sql.ts writes them, with the terms as literals.
const DAY = 86_400_000;
const quote = (text) => `'${text.replaceAll("'", "''")}'`;
const fold = (text) => text.normalize('NFC').toLowerCase();
function whereOf(caseArgs) {
  const terms = [];
  for (let i = 0; i < caseArgs.length; i += 2) {
    const [flag, value] = [caseArgs[i], caseArgs[i + 1]];
    if (flag === '--user') terms.push(`user_key = ANY(ARRAY[${quote(fold(value))}])`);
    if (flag === '--action') terms.push(`action = ANY(ARRAY[${quote(value)}])`);
    if (flag === '--type') terms.push(`type = ANY(ARRAY[${quote(value)}])`);
    if (flag === '--account') terms.push(`account_key = ANY(ARRAY[${quote(fold(value))}])`);
    if (flag === '--resource-id') terms.push(`resource_id = ANY(ARRAY[${quote(value)}])`);
    if (flag === '--recorded-by') terms.push(`recorded_by = ANY(ARRAY[${quote(value)}])`);
    if (flag === '--since') terms.push(`time >= ${Date.now() - Number.parseInt(value, 10) * DAY}`);
    if (flag === '--until') terms.push(`time < ${Date.now() - Number.parseInt(value, 10) * DAY}`);
    if (flag === '--search') {
      terms.push(`name = ANY(ARRAY(SELECT name FROM event_names WHERE name_key LIKE ${quote(`%${value}%`)}))`);
    }
  }
  return terms.length === 0 ? '' : ` WHERE ${terms.join(' AND ')}`;
}
const ORDER = 'ORDER BY time DESC, seq DESC';
const pageSql = (where) =>
  `SELECT * FROM events WHERE seq = ANY(ARRAY(SELECT seq FROM events${where} ${ORDER} LIMIT 51)) ${ORDER}`;
const dayOf = (time) => time - (((time % DAY) + DAY) % DAY);
/**
 * The count as the store runs it (filter-sql.ts countFromSummary): from the per-day
 * summary for filters of action, type and account, the partial days at the edges from
 * events; any other filter counted in events.
 */
function countSql(caseArgs) {
  const flags = caseArgs.filter((_, i) => i % 2 === 0);
  if (flags.some((flag) => !['--action', '--type', '--account', '--since', '--until'].includes(flag))) {
    return `SELECT count(*) FROM events${whereOf(caseArgs)}`;
  }
  const at = (flag) => {
    const i = caseArgs.indexOf(flag);
    return i === -1 ? undefined : Date.now() - Number.parseInt(caseArgs[i + 1], 10) * DAY;
  };
  const [since, until] = [at('--since'), at('--until')];
  const first = since === undefined ? undefined : dayOf(since) === since ? since : dayOf(since) + DAY;
  const end = until === undefined ? undefined : dayOf(until);
  const terms = caseArgs.flatMap((value, i) =>
    i % 2 === 0 && !['--since', '--until'].includes(value) ? [value, caseArgs[i + 1]] : [],
  );
  const days = whereOf(terms).replace(/^ WHERE /, '');
  const dayTerms = [days, first === undefined ? '' : `day >= ${first}`, end === undefined ? '' : `day < ${end}`].filter(
    Boolean,
  );
  const edge = (from, to) =>
    ` + (SELECT count(*) FROM events WHERE ${[days, `time >= ${from}`, `time < ${to}`].filter(Boolean).join(' AND ')})`;
  return (
    `SELECT (SELECT coalesce(sum(n), 0) FROM event_counts${dayTerms.length > 0 ? ` WHERE ${dayTerms.join(' AND ')}` : ''})` +
    (since !== undefined && since !== first ? edge(since, first) : '') +
    (until !== undefined && until !== end ? edge(end, until) : '')
  );
}

/** Execution time (ms), the plan's shape in one line and its buffers, from EXPLAIN (ANALYZE, BUFFERS). */
function explain(name, sql) {
  const [plan] = JSON.parse(psql(name, `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`));
  const nodes = [];
  const walk = (node) => {
    const index = node['Index Name'] ? ` ${node['Index Name']}` : '';
    const rows = node['Actual Rows'] * node['Actual Loops'];
    const fetches = node['Heap Fetches'] === undefined ? '' : `, heap fetches ${fmt(node['Heap Fetches'])}`;
    if (/Scan/.test(node['Node Type'])) nodes.push(`${node['Node Type']}${index} (${fmt(rows)} rows${fetches})`);
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(plan.Plan);
  const buffers = plan.Plan['Shared Hit Blocks'] + plan.Plan['Shared Read Blocks'];
  return { ms: plan['Execution Time'], shape: nodes.join(' + '), buffers };
}

// 4. Each filter: `activity list` (its page of 50 and, when cut, its count) on each size and on
// a copy of the SQLite store, in turn, RUNS times; then the bare SQL, median of 3 EXPLAINs.
const scratch = mkdtempSync(join(tmpdir(), 'activity-pg-bench-'));
const sqlite = join(scratch, 'store.db');
copyFileSync(await benchStore(root, 1_000_000), sqlite);
const cleanEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
const results = [];
noteLoad('start of the list timings');
for (const [title, caseArgs] of cases) {
  log(`list ${title}`);
  const stores = [...databases.map((d) => urlOf(d.name)), sqlite];
  const times = stores.map(() => []);
  for (let run = 0; run < RUNS; run++) {
    stores.forEach((store, i) => {
      times[i].push(timed(bin, ['list', '--store', store, ...caseArgs], cleanEnv));
    });
  }
  const where = whereOf(caseArgs);
  const sql = databases.map((d) => {
    const page = [0, 1, 2].map(() => explain(d.name, pageSql(where)));
    // Without a filter the store counts nothing: the head's seq is the number of events.
    const none = { ms: 0, shape: 'none: the head seq is the count', buffers: 0 };
    const count = [0, 1, 2].map(() => (where === '' ? none : explain(d.name, countSql(caseArgs))));
    const byMs = (all) => [...all].sort((a, b) => a.ms - b.ms)[1];
    return { page: byMs(page), count: byMs(count) };
  });
  results.push({ title, caseArgs, list: times.map(median), sql });
}
noteLoad('end of the list timings');
const nodeStart = median(Array.from({ length: RUNS }, () => timed(process.execPath, ['-e', '0'], cleanEnv)));

// 5. Sizes: the table and each index of each database.
const sizes = databases.map((d) => ({
  ...d,
  table: Number(psql(d.name, "SELECT pg_relation_size('events')")),
  total: Number(psql(d.name, "SELECT pg_total_relation_size('events')")),
  indexes: psql(
    d.name,
    "SELECT c.relname || '=' || pg_relation_size(c.oid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'events'::regclass ORDER BY 1",
  )
    .split('\n')
    .map((line) => line.split('=')),
}));

// 6. serve over each database: GET /v1/events with the combined filter and limit 50, from
// CONNECTIONS clients for DURATION_S seconds (after a 3 s warm-up), with a read token.
const filterQuery = new URLSearchParams({ user: topUser, action: 'delete', type: 'cluster', since: '30d' });
const percentile = (values, p) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];
const served = [];
// The SQLite copy too, in the same run, for scale (its server answers pages in read threads).
for (const d of [...databases, { count: 1_000_000, name: 'SQLite', store: sqlite }]) {
  const store = d.store ?? urlOf(d.name);
  const token = execFileSync(bin, [
    '--store',
    store,
    'token',
    'create',
    '--name',
    `bench-read-${Date.now()}`,
    '--scope',
    'read',
  ])
    .toString()
    .trim();
  const server = spawn(bin, ['--store', store, 'serve', '--host', '127.0.0.1', '--port', '0', '--rate-limit', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  server.stderr.on('data', (chunk) => {
    err += chunk;
  });
  try {
    const started = Date.now();
    let base;
    while (base === undefined) {
      base = /listening on (http:\/\/\S+)/.exec(err)?.[1];
      if (base === undefined && Date.now() - started > 30_000) throw new Error(`serve did not start: ${err}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const cannon = (duration, latencies) =>
      new Promise((resolve, reject) => {
        const instance = autocannon(
          {
            url: `${base}/v1/events?${filterQuery}&limit=50`,
            connections: CONNECTIONS,
            duration,
            headers: { authorization: `Bearer ${token}` },
          },
          (error, result) => (error ? reject(error) : resolve(result)),
        );
        instance.on('response', (_client, status, _bytes, ms) => {
          if (status === 200) latencies?.push(ms);
        });
      });
    await cannon(3);
    const latencies = [];
    noteLoad(`serve over ${d.store === undefined ? label(d.count) : 'SQLite'}`);
    const result = await cannon(DURATION_S, latencies);
    if (result.errors > 0 || result.non2xx > 0)
      throw new Error(`serve: ${result.errors} errors, ${result.non2xx} non-2xx`);
    served.push({
      ...d,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      rps: latencies.length / result.duration,
    });
  } finally {
    server.kill('SIGTERM');
  }
}
rmSync(scratch, { recursive: true, force: true });

// 7. The section.
const [small, big] = [0, databases.length - 1];
const yes = (met) => (met ? 'yes' : '**no**');
const mb = (bytes) => `${fmt(bytes / 2 ** 20)} MB`;
const listRows = results
  .map((r) => {
    const growth = r.list[big] / r.list[small];
    const sqlGrowth = (r.sql[big].page.ms + r.sql[big].count.ms) / (r.sql[small].page.ms + r.sql[small].count.ms);
    return `| \`${r.title}\` | ${r.list
      .slice(0, databases.length)
      .map((ms) => fmt(ms))
      .join(
        ' | ',
      )} | ${fmt(growth, 2)}× | ${yes(growth <= 2)} | ${r.sql.map((s) => `${fmt(s.page.ms, 1)} + ${fmt(s.count.ms, 1)}`).join(' | ')} | ${fmt(sqlGrowth, 1)}× | ${fmt(r.list.at(-1))} |`;
  })
  .join('\n');
const planRows = results
  .map(
    (r) =>
      `| \`${r.title}\` | ${r.sql[big].page.shape}; ${fmt(r.sql[big].page.buffers)} buffers | ${r.sql[big].count.shape}; ${fmt(r.sql[big].count.buffers)} buffers |`,
  )
  .join('\n');
const sizeRows = sizes
  .map(
    (s) =>
      `| ${fmt(s.count)} | ${mb(s.table)} | ${mb(s.total)} | ${s.indexes.map(([name, bytes]) => `${name} ${mb(Number(bytes))}`).join(', ')} |`,
  )
  .join('\n');
const serveRows = served
  .map(
    (s) =>
      `| ${s.store === undefined ? 'PostgreSQL' : 'SQLite'} | ${fmt(s.count)} | ${fmt(s.p50)} / ${fmt(s.p99)} ms | ${fmt(s.rps)} | ${yes(s.p99 <= 50)} |`,
  )
  .join('\n');
const heads = databases.map((d) => `PostgreSQL ${label(d.count).toUpperCase()} ms`).join(' | ');
const sqlHeads = databases.map((d) => `SQL ${label(d.count).toUpperCase()}: page + count ms`).join(' | ');

writeSection(
  root,
  'postgres',
  `## The PostgreSQL store at 1M and 10M events

Produced by \`node bench/postgres.mjs${args.length > 0 ? ` ${args.join(' ')}` : ''}\` (bench/postgres.mjs) on
${new Date().toISOString().slice(0, 10)}: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${fmt(totalmem() / 2 ** 30)} GiB,
Node ${process.version}, ${psql(first, 'SHOW server_version').split(' ')[0]} with its default settings
(shared_buffers ${psql(first, 'SHOW shared_buffers')}), on the same machine. The databases
hold the sample generator's events (seed 7, 60 days; bench/data.mjs), recorded by
\`activity record --file\`, then \`VACUUM (ANALYZE)\`. The machine is shared with other work;
load averages (1, 5, 15 min): ${loads.join('; ')}.

### \`activity list\`, each filter of reference §3

\`activity list --store <url> <filter>\` (a page of 50 and, when there are more, the count for
"Showing 50 of N"), median of ${RUNS} runs, the stores in turn; \`node -e 0\` takes ${fmt(nodeStart)} ms.
The bare SQL is PostgreSQL's own execution time (EXPLAIN ANALYZE, median of 3) of the
store's page query and count. Growth is 10M against 1M; bar ≤ 2× (aim ≤ 1.2× for indexed filters).
The user is ${JSON.stringify(topUser)} (the most events), the account ${JSON.stringify(account)}, the resource id ${JSON.stringify(resourceId)}.

| filter | ${heads} | growth | ≤ 2× | ${sqlHeads} | SQL growth | SQLite 1M ms |
|---|${databases.map(() => '---:|').join('')}---:|---|${databases.map(() => '---:|').join('')}---:|---:|
${listRows}

Plans at ${fmt(databases[big].count)} events (scans, rows each returned, buffers touched):

| filter | page | count |
|---|---|---|
${planRows}

### Recording

The imports run first in the benchmark, before the databases are vacuumed and read: run
after the list timings they took 15% longer (docs/scaling.md, "Bulk import").

| measure | value | bar | met |
|---|---:|---:|---|
| \`record --file\` of 1,000,000 events into an empty database (median of ${IMPORTS}: ${importTimes.map((ms) => fmt(ms / 1000, 1)).join(', ')} s) | ${fmt(importMs / 1000, 1)} s, ${fmt(importRate)} events/s | ≥ 50,000 events/s | ${yes(importRate >= 50_000)} |
| for scale: 1,000,000 SHA-256 hashes on one thread, run after each import (median of ${IMPORTS}: ${importHashRuns.map((ms) => fmt(ms / 1000, 2)).join(', ')} s) | ${fmt(median(importHashRuns) / 1000, 2)} s | | |
| the import's time against that | ${fmt(importMs / median(importHashRuns), 1)}× | | |

### \`activity serve\` over PostgreSQL

\`GET /v1/events?${filterQuery}&limit=50\` with a read token, ${CONNECTIONS} clients, ${DURATION_S} s (autocannon).

| store | events | p50 / p99 | requests/s | p99 ≤ 50 ms (bench/server.mjs's bar) |
|---|---:|---:|---:|---|
${serveRows}

### Sizes

| events | table | table and indexes | each index |
|---:|---:|---:|---|
${sizeRows}
`,
);
log('wrote the postgres section of bench/RESULTS.md');
