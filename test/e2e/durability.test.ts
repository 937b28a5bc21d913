import { spawn } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateEvents } from '../../src/sample/generate.js';
import { BIN, ndjson, parseNdjson, runCli, tempDir } from '../helpers.js';

const home = tempDir();
const base = join(home, 'base.db');
const batch = join(home, 'batch.ndjson');
const BATCH = 100_000;
const BEFORE = 50;

beforeAll(async () => {
  const first = ndjson([...generateEvents({ count: BEFORE, seed: 71, end: Date.now() - 3_600_000, days: 2 })]);
  expect((await runCli(['record', '--store', base, '--file', '-'], home, { input: first })).code).toBe(0);
  writeFileSync(batch, ndjson([...generateEvents({ count: BATCH, seed: 72, end: Date.now(), days: 30 })]));
}, 60_000);

/** Starts an import of the batch and kills it with SIGKILL after `ms`; resolves once it is gone. */
function killedImport(store: string, ms: number): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(BIN, ['record', '--store', store, '--file', batch], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe('a crash in the middle of a large import', () => {
  it('leaves none or all of the batch, a sound file, and a chain that verifies (kill -9, 20 times)', async () => {
    const outcomes = { none: 0, all: 0 };
    for (let i = 0; i < 20; i++) {
      const store = join(home, `crash-${i}.db`);
      copyFileSync(base, store);
      // Spread over the import's whole life: parsing, bulk inserts, index rebuild, commit.
      await killedImport(store, 100 + ((i * 97) % 1500));
      const db = new Database(store);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const count = db.prepare('SELECT count(*) FROM events').pluck().get() as number;
      db.close();
      expect([BEFORE, BEFORE + BATCH]).toContain(count);
      outcomes[count === BEFORE ? 'none' : 'all']++;
      const verified = await runCli(['verify', '--store', store], home);
      expect(verified.code).toBe(0);
      expect(verified.stdout).toContain(`Verified ${count.toLocaleString('en-US')} events`);
    }
    // Both outcomes occurred: the kills did land before and after the commit.
    expect(outcomes.none).toBeGreaterThan(0);
    expect(outcomes.none + outcomes.all).toBe(20);
    console.log(`crash safety: 20 kill -9, ${outcomes.none} left none of the batch, ${outcomes.all} all of it`);
  }, 180_000);
});

/** Starts an import of the batch and sends `signal` after `ms`; its exit code and stderr. */
function interruptedImport(
  store: string,
  ms: number,
  signal: NodeJS.Signals,
): Promise<{ code: number | null; killedBy: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(BIN, ['record', '--store', store, '--file', batch], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill(signal), ms);
    child.on('close', (code, killedBy) => {
      clearTimeout(timer);
      resolve({ code, killedBy, stderr });
    });
  });
}

describe('Ctrl-C or SIGTERM in the middle of a large import', () => {
  it('before the commit: nothing recorded, and it says so; after it: exit 0, all of it recorded', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const store = join(home, `interrupted-${i}.db`);
      copyFileSync(base, store);
      const signal = i % 2 === 0 ? 'SIGINT' : 'SIGTERM';
      const { code, killedBy, stderr } = await interruptedImport(store, 150 + i * 200, signal);
      const db = new Database(store);
      const count = db.prepare('SELECT count(*) FROM events').pluck().get() as number;
      db.close();
      if (count === BEFORE && killedBy !== null) {
        // On a busy machine the signal may come before node has run any of activity:
        // the process ends as any other would, and nothing is recorded.
        expect({ killedBy, stderr }).toEqual({ killedBy: signal, stderr: '' });
      } else if (count === BEFORE) {
        expect(code).toBe(signal === 'SIGINT' ? 130 : 143);
        expect(stderr).toBe('activity: interrupted: nothing was recorded\n');
        seen.add('none');
      } else {
        expect(count).toBe(BEFORE + BATCH);
        expect(code).toBe(0);
        expect(stderr).toBe(
          `Recorded ${BATCH.toLocaleString('en-US')} events (seq 51–${(BEFORE + BATCH).toLocaleString('en-US')}).\n`,
        );
        seen.add('all');
      }
      expect((await runCli(['verify', '--store', store], home)).code).toBe(0);
    }
    expect(seen.has('none')).toBe(true);
  }, 120_000);
});

describe('concurrent writers', () => {
  it('8 processes recording at once, singly and in batches: every event once, seq without gaps, one chain', async () => {
    const store = join(home, 'concurrent.db');
    copyFileSync(base, store);
    const files = [0, 1, 2, 3].map((i) => {
      const file = join(home, `concurrent-${i}.ndjson`);
      writeFileSync(file, ndjson([...generateEvents({ count: 500, seed: 80 + i, end: Date.now(), days: 1 })]));
      return file;
    });
    const started = Date.now();
    const latencies: number[] = [];
    const timed = async (args: string[]) => {
      const t = Date.now();
      const result = await runCli(args, home);
      latencies.push(Date.now() - t);
      return result;
    };
    const batches = files.map((file) => timed(['record', '--store', store, '--file', file]));
    const singles = [0, 1, 2, 3].map(async (w) => {
      const results = [];
      for (let i = 0; i < 10; i++) {
        results.push(
          await timed([
            'record',
            '--store',
            store,
            '--action',
            'update',
            '--type',
            'job',
            '--name',
            `w${w}-${i}`,
            '--user',
            `Writer ${w}`,
          ]),
        );
      }
      return results;
    });
    // readers beside them
    const readers = [0, 1, 2].map(() => runCli(['list', '--store', store, '--all', '--format', 'ndjson'], home));
    const results = [
      ...(await Promise.all(batches)),
      ...(await Promise.all(singles)).flat(),
      ...(await Promise.all(readers)),
    ];
    for (const result of results) {
      expect(result.code).toBe(0);
      expect(result.stderr).not.toMatch(/busy|locked/i);
    }
    const events = parseNdjson<{ seq: number }>(
      (await runCli(['list', '--store', store, '--all', '--format', 'ndjson'], home)).stdout,
    );
    const expected = BEFORE + 4 * 500 + 4 * 10;
    expect(events).toHaveLength(expected);
    expect(events.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: expected }, (_, i) => i + 1));
    expect((await runCli(['verify', '--store', store], home)).code).toBe(0);
    const sorted = [...latencies].sort((a, b) => a - b);
    const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    // the figures of docs/integrity.md
    console.log(
      `concurrent writers: ${expected} events in ${Date.now() - started} ms; record latency p50 ${at(0.5)} ms, p99 ${at(0.99)} ms`,
    );
  }, 120_000);
});
