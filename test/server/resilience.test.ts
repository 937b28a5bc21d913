/** A remote follower across server restarts and dropped connections; a shutdown with a batch in flight. */
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cliEnv, runCli, tempDir } from '../helpers.js';
import { freePort, makeToken, startServer } from './serve.js';

const dir = tempDir();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const record = (store: string, name: string) =>
  runCli(
    ['--store', store, 'record', '--action', 'update', '--type', 'service', '--name', name, '--user', 'Jane Doe'],
    dir,
  );

describe('the remote store under restarts', () => {
  it('a tail -f client across two restarts and a dropped connection ends with exactly the events recorded, in order', async () => {
    const path = join(dir, 'followed.db');
    const token = await makeToken(path, 'follower', 'read');
    const port = await freePort();
    let server = await startServer(path, dir, [], port);
    const follower = spawn(BIN, ['--store', server.url, 'tail', '-f', '-n', '0', '--format', 'ndjson'], {
      env: { ...cliEnv(dir, {}), ACTIVITY_TOKEN: token },
    });
    let out = '';
    let err = '';
    follower.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    follower.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    const seen = async (n: number) => {
      for (let waited = 0; out.split('\n').filter(Boolean).length < n && waited < 20_000; waited += 50) await sleep(50);
    };
    await sleep(500);
    let recorded = 0;
    const recordSome = async (n: number) => {
      for (let i = 0; i < n; i++) expect((await record(path, `svc-${++recorded}`)).code).toBe(0);
    };
    await recordSome(3);
    await seen(3);
    expect(await server.stop('SIGTERM')).toBe(0);
    await recordSome(2); // while the server is down
    server = await startServer(path, dir, [], port);
    await recordSome(2);
    await seen(7);
    // A dropped TCP connection: the server killed without a goodbye.
    await server.stop('SIGKILL');
    await recordSome(2);
    server = await startServer(path, dir, [], port);
    await recordSome(1);
    await seen(10);
    follower.kill('SIGINT');
    await new Promise((resolve) => follower.on('exit', resolve));
    await server.stop();
    const seqs = out
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line).seq);
    expect(seqs).toEqual(Array.from({ length: recorded }, (_, i) => i + 1));
    // Not silent through an outage, and nothing piling up from one reconnect to the next.
    expect(err).toContain(`note: lost ${server.url}; following again once it answers`);
    expect(err).toMatch(/answers again; following from seq \d+/);
    expect(err).not.toMatch(/MaxListenersExceeded|Warning/);
  }, 60_000);

  it('a graceful shutdown with a batch in flight loses nothing and half-writes nothing', async () => {
    const path = join(dir, 'shutdown.db');
    const token = await makeToken(path, 'ci', 'write');
    const server = await startServer(path, dir);
    const batch = Array.from({ length: 10_000 }, (_, i) =>
      JSON.stringify({ action: 'create', type: 'job', name: `job-${i}`, user: 'CI', id: `shutdown-${i}` }),
    ).join('\n');
    const answer = new Promise<{ status: number; body: string }>((resolve) => {
      const sent = request(`${server.url}/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
      });
      sent.on('response', (response) => {
        let body = '';
        response.on('data', (chunk) => {
          body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      sent.on('error', () => resolve({ status: 0, body: '' }));
      sent.end(batch);
    });
    await sleep(30);
    const exited = server.stop('SIGTERM');
    const { status, body } = await answer;
    expect(await exited).toBe(0);
    const count = await runCli(['--store', path, 'list', '--all', '--format', 'tsv'], dir);
    const stored = count.stdout.split('\n').filter(Boolean).length;
    if (status === 200) {
      expect(JSON.parse(body).recorded).toBe(10_000);
      expect(stored).toBe(10_000);
    } else {
      expect(stored).toBe(0);
    }
  }, 30_000);
});
