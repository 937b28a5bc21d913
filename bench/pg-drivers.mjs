#!/usr/bin/env node
// Which PostgreSQL driver the store uses, measured: node-postgres (`pg`, with
// `pg-copy-streams` for COPY) against postgres.js (`postgres`). Each loads 200,000
// event rows by COPY and by multi-row INSERTs, answers a point query many times, and is
// loaded by a fresh `node` (in a clean environment: this machine's NODE_EXTRA_CA_CERTS
// adds about 30 ms to every start). A scratch database, dropped at the end.
// Usage: node bench/pg-drivers.mjs [--url postgres://root@127.0.0.1:5432/test] [--rows 200000]
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import postgres from 'postgres';
import { writeSection } from './results.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const ADMIN_URL = option('url', 'postgres://root@127.0.0.1:5432/test');
const ROWS = Number(option('rows', 200_000));
const POINT_QUERIES = 2_000;
/** Rows a multi-row INSERT: 12 columns, well under PostgreSQL's 65,535 parameters. */
const INSERT_ROWS = 1_000;
const LOAD_RUNS = 11;

const log = (text) => process.stderr.write(`${text}\n`);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;

const database = `activity_bench_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: ADMIN_URL });
await admin.connect();
await admin.query(`CREATE DATABASE ${database}`);
const url = new URL(ADMIN_URL);
url.pathname = `/${database}`;

const TABLE = `(seq bigint PRIMARY KEY, id text NOT NULL UNIQUE, time bigint NOT NULL, action smallint NOT NULL,
  type smallint NOT NULL, name text NOT NULL, name_key text NOT NULL, resource_id text, account text,
  "user" text NOT NULL, details text, hash bytea NOT NULL)`;
const COLUMNS = [
  'seq',
  'id',
  'time',
  'action',
  'type',
  'name',
  'name_key',
  'resource_id',
  'account',
  'user',
  'details',
  'hash',
];

const rows = Array.from({ length: ROWS }, (_, i) => [
  i + 1,
  `evt-${i.toString(36)}-${(i * 7919).toString(36)}`,
  1_764_000_000_000 + i * 1000,
  i % 3,
  i % 13,
  `service-${i % 5000}`,
  `service-${i % 5000}`,
  i % 4 === 0 ? null : `r-${i % 20_000}`,
  `account-${i % 50}`,
  `User ${i % 40}`,
  i % 2 === 0 ? null : `{"replicas":${i % 9}}`,
  randomBytes(32),
]);
const copyText = (row) =>
  `${row
    .map((value) => (value === null ? '\\N' : Buffer.isBuffer(value) ? `\\\\x${value.toString('hex')}` : String(value)))
    .join('\t')}\n`;
/** COPY input in chunks of 1,000 rows, as a store would stream a large record --file. */
function* copyChunks() {
  for (let i = 0; i < rows.length; i += INSERT_ROWS)
    yield rows
      .slice(i, i + INSERT_ROWS)
      .map(copyText)
      .join('');
}

const drivers = {
  pg: {
    async open() {
      const client = new pg.Client({ connectionString: url.href });
      await client.connect();
      return {
        exec: (sql) => client.query(sql),
        copy: (table) => pipeline(Readable.from(copyChunks()), client.query(copyFrom(`COPY ${table} FROM STDIN`))),
        async insert(table, batch) {
          const params = batch.flat();
          const values = batch
            .map((_, r) => `(${COLUMNS.map((__, c) => `$${r * COLUMNS.length + c + 1}`).join(', ')})`)
            .join(', ');
          await client.query(`INSERT INTO ${table} VALUES ${values}`, params);
        },
        point: (table, seq) => client.query(`SELECT * FROM ${table} WHERE seq = $1`, [seq]),
        close: () => client.end(),
      };
    },
    load: "require('pg')",
  },
  'postgres.js': {
    async open() {
      const sql = postgres(url.href, { max: 1, onnotice: () => {} });
      return {
        exec: (text) => sql.unsafe(text),
        async copy(table) {
          const writable = await sql.unsafe(`COPY ${table} FROM STDIN`).writable();
          await pipeline(Readable.from(copyChunks()), writable);
        },
        insert: (table, batch) =>
          sql`INSERT INTO ${sql(table)} ${sql(
            batch.map((row) => Object.fromEntries(COLUMNS.map((c, i) => [c, row[i]]))),
            COLUMNS,
          )}`,
        point: (table, seq) => sql`SELECT * FROM ${sql(table)} WHERE seq = ${seq}`,
        close: () => sql.end(),
      };
    },
    load: "import('postgres')",
  },
};

/** Milliseconds a fresh `node` takes to load `code`'s module, the median of LOAD_RUNS, minus an empty node's. */
function loadTime(code) {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME };
  const time = (script) =>
    median(
      Array.from({ length: LOAD_RUNS }, () => {
        const start = process.hrtime.bigint();
        execFileSync('node', ['-e', script], { cwd: root, env, stdio: 'ignore' });
        return ms(start);
      }),
    );
  const empty = time('0');
  return time(code) - empty;
}

const results = [];
try {
  for (const [name, driver] of Object.entries(drivers)) {
    const db = await driver.open();
    const table = name === 'pg' ? 'events_pg' : 'events_postgresjs';
    log(`${name}: COPY of ${ROWS} rows`);
    await db.exec(`CREATE TABLE ${table}_copy ${TABLE}`);
    let start = process.hrtime.bigint();
    await db.exec('BEGIN');
    await db.copy(`${table}_copy`);
    await db.exec('COMMIT');
    const copy = ms(start);
    log(`${name}: INSERT of ${ROWS} rows, ${INSERT_ROWS} a statement`);
    await db.exec(`CREATE TABLE ${table} ${TABLE}`);
    start = process.hrtime.bigint();
    await db.exec('BEGIN');
    for (let i = 0; i < rows.length; i += INSERT_ROWS) await db.insert(table, rows.slice(i, i + INSERT_ROWS));
    await db.exec('COMMIT');
    const insert = ms(start);
    for (let i = 0; i < 200; i++) await db.point(table, 1 + ((i * 7919) % ROWS));
    const latencies = [];
    for (let i = 0; i < POINT_QUERIES; i++) {
      const at = process.hrtime.bigint();
      await db.point(table, 1 + ((i * 104_729) % ROWS));
      latencies.push(ms(at));
    }
    await db.close();
    log(`${name}: module load`);
    results.push({ name, copy, insert, point: median(latencies), load: loadTime(driver.load) });
  }
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.end();
}

const version = (name) => JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
const rate = (time) => `${Math.round(ROWS / (time / 1000)).toLocaleString('en-US')}/s`;
const text = [
  '## PostgreSQL drivers',
  '',
  `Measured ${new Date().toISOString().slice(0, 16)}Z by bench/pg-drivers.mjs: Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim()}, PostgreSQL on the same machine. pg ${version('pg')} with pg-copy-streams ${version('pg-copy-streams')}; postgres.js ${version('postgres')}.`,
  `${ROWS.toLocaleString('en-US')} event rows (12 columns, no secondary index) in one transaction; point query: \`SELECT * … WHERE seq = $1\`, median of ${POINT_QUERIES.toLocaleString('en-US')}; load: a fresh \`node -e\` in a clean environment, median of ${LOAD_RUNS}, less an empty \`node -e 0\`.`,
  '',
  '| driver | COPY | multi-row INSERT | point query | module load |',
  '|---|---|---|---|---|',
  ...results.map(
    (r) =>
      `| ${r.name} | ${(r.copy / 1000).toFixed(2)} s (${rate(r.copy)}) | ${(r.insert / 1000).toFixed(2)} s (${rate(r.insert)}) | ${r.point.toFixed(3)} ms | ${r.load.toFixed(1)} ms |`,
  ),
  '',
].join('\n');
process.stdout.write(text);
writeSection(root, 'pg-drivers', text);
