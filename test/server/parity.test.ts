/** The CLI against a server gives what it gives against the file: same stdout, same exit code. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, sampleFile, tempDir } from '../helpers.js';
import { makeToken, type RunningServer, startServer } from './serve.js';

const dir = tempDir();
const file = join(dir, 'parity.db');
let server: RunningServer;
let token: string;

/** What runs the same on both stores (output that names the store, or writes, is not here). */
const CASES: string[][] = [
  [],
  ['list'],
  ['list', '--limit', '7', '--format', 'table', '--absolute'],
  ['list', '--all', '--format', 'ndjson'],
  ['list', '--all', '--reverse', '--format', 'csv'],
  ['list', '--format', 'json', '--limit', '1200'],
  ['list', '--user', 'nobody at all', '--exit-status'],
  ['list', '--type', 'cluster,node-pool', '--action', 'delete', '--since', '2026-11-01', '--format', 'tsv'],
  ['list', '--search', 'api', '--account', 'globex', '--format', 'ndjson'],
  ['list', '--since', 'bogus'],
  ['tail', '-n', '25', '--format', 'tsv'],
  ['show', '3'],
  ['show', '3', '--json'],
  ['show', 'no-such-event'],
  ['stats'],
  ['stats', '--format', 'json', '--type', 'service'],
  ['verify'],
];

beforeAll(async () => {
  const { path: sample } = sampleFile(dir, 'sample.ndjson', {
    count: 1500,
    seed: 7,
    days: 40,
    users: 30,
    // Days old: relative times ("2 days ago") then stay the same from the local run to the remote one.
    end: Date.now() - 2 * 86_400_000,
  });
  expect((await runCli(['--store', file, 'record', '--file', sample], dir)).code).toBe(0);
  token = await makeToken(file, 'parity', 'read');
  server = await startServer(file, dir);
});
afterAll(async () => {
  await server.stop();
});

describe('the same command line on a file and through a server', () => {
  it.each(CASES.map((args) => [args.join(' ') || '(no command)', args]))('%s', async (_, args) => {
    const env = { ACTIVITY_TOKEN: token, TZ: 'UTC' };
    const local = await runCli(['--store', file, ...(args as string[])], dir, { env });
    const remote = await runCli(['--store', server.url, ...(args as string[])], dir, { env });
    expect(remote.stdout).toBe(local.stdout);
    expect(remote.code).toBe(local.code);
  });

  it('exports incrementally with --cursor-file, as on the file', async () => {
    const env = { ACTIVITY_TOKEN: token };
    for (const args of [['list', '--limit', '600'], ['list'], ['tail', '-n', '5']]) {
      const local = await runCli(
        ['--store', file, ...args, '--format', 'ndjson', '--cursor-file', join(dir, 'local.cursor')],
        dir,
        { env },
      );
      const remote = await runCli(
        ['--store', server.url, ...args, '--format', 'ndjson', '--cursor-file', join(dir, 'remote.cursor')],
        dir,
        { env },
      );
      expect(remote.stdout).toBe(local.stdout);
      expect(remote.code).toBe(local.code);
      expect(readFileSync(join(dir, 'remote.cursor'), 'utf8')).toBe(readFileSync(join(dir, 'local.cursor'), 'utf8'));
    }
  });

  it('records and verifies through the server, with its checkpoint on the client', async () => {
    const events = join(dir, 'more.ndjson');
    writeFileSync(events, '{"action":"create","type":"volume","name":"v-1","user":"Ana"}\n{"action":"bad"}\n');
    const writer = await makeToken(file, 'parity-writer', 'write');
    const refused = await runCli(['--store', server.url, 'record', '--file', events], dir, {
      env: { ACTIVITY_TOKEN: writer },
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/line 2/);
    const checkpoint = join(dir, 'checkpoint');
    const env = { ACTIVITY_TOKEN: token };
    expect((await runCli(['--store', server.url, 'verify', '--checkpoint', checkpoint], dir, { env })).code).toBe(0);
    expect((await runCli(['--store', server.url, 'verify', '--checkpoint', checkpoint], dir, { env })).code).toBe(0);
  });
});
