/**
 * The page's tests run for real: `activity serve` (bin/activity) on 127.0.0.1 over a
 * SQLite store the CLI filled, and Debian's Chromium driven by playwright-core. One
 * browser a test file, a context (its own cookies) a test that needs one.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { describe } from 'vitest';
import { BIN, cliEnv, ndjson, type RunResult, runCli } from '../helpers.js';
import { makeToken } from '../server/serve.js';

export const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (path): path is string => path !== undefined && existsSync(path),
);

/**
 * `describe`, or, without Chromium, a skip said in one line a test run: the first file to
 * get here writes it (a marker per vitest process), the others skip quietly.
 */
export function describeInBrowser(name: string, tests: () => void): void {
  if (CHROMIUM === undefined) {
    try {
      closeSync(openSync(join(tmpdir(), `activity-web-tests-skipped-${process.ppid}`), 'wx'));
      console.warn('test/web skipped: no Chromium. Run them with: apt-get install -y chromium (or set CHROMIUM_PATH)');
    } catch {}
  }
  describe.skipIf(CHROMIUM === undefined)(name, tests);
}

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });

/** A reader in Paris on a laptop: local times differ from the stored UTC, so the tests tell them apart. */
export const READER: BrowserContextOptions = {
  locale: 'en-US',
  timezoneId: 'Europe/Paris',
  viewport: { width: 1280, height: 900 },
};

export interface PageServer {
  url: string;
  store: string;
  home: string;
  /** A read token. */
  token: string;
  /** bin/activity on the store file, in a process of its own (as another machine's recorder would be). */
  cli(args: readonly string[]): Promise<RunResult>;
  /** Stops the server, runs `meanwhile`, and starts it again on the same port and store. */
  restart(meanwhile?: () => Promise<void>): Promise<void>;
  /** Stops the server and removes its store. */
  close(): Promise<void>;
}

export interface PageServerOptions {
  /** Recorded, in this order (seq 1, 2, …), by `activity record --file`. */
  events: readonly object[];
  /** ACTIVITY_LINK_TEMPLATE in the server's environment. */
  linkTemplate?: string;
}

export async function startPageServer(options: PageServerOptions): Promise<PageServer> {
  const home = mkdtempSync(join(tmpdir(), 'activity-web-'));
  const store = join(home, 'activity.db');
  const cli = (args: readonly string[]) => runCli(['--store', store, ...args], home);
  if (options.events.length > 0) {
    const file = join(home, 'events.ndjson');
    writeFileSync(file, ndjson(options.events));
    const recorded = await cli(['record', '--file', file]);
    if (recorded.code !== 0) throw new Error(`record --file failed: ${recorded.stderr}`);
  }
  const token = await makeToken(store, 'reader', 'read');
  const env: Record<string, string> =
    options.linkTemplate === undefined ? {} : { ACTIVITY_LINK_TEMPLATE: options.linkTemplate };
  let running = await serve(store, home, env, 0);
  const port = new URL(running.url).port;
  return {
    url: running.url,
    store,
    home,
    token,
    cli,
    async restart(meanwhile) {
      await running.stop();
      await meanwhile?.();
      running = await serve(store, home, env, Number(port));
    },
    async close() {
      await running.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

interface Served {
  url: string;
  stop(): Promise<void>;
}

/** `activity serve` on a port (0: any free one), resolved once it says where it listens. */
function serve(store: string, home: string, env: Record<string, string>, port: number): Promise<Served> {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['--store', store, 'serve', '--port', String(port)], { env: cliEnv(home, { env }) });
    const exited = new Promise<void>((done) => child.on('exit', () => done()));
    let log = '';
    child.stderr.on('data', (chunk: Buffer) => {
      log += chunk.toString('utf8');
      const listening = /listening on (\S+)/.exec(log);
      if (listening) {
        resolve({
          url: listening[1] as string,
          stop: async () => {
            if (child.exitCode === null) child.kill('SIGTERM');
            await exited;
          },
        });
      }
    });
    child.on('exit', (code) => reject(new Error(`activity serve exited (${code}) before listening:\n${log}`)));
  });
}

/** The log has its rows (or says it has none) for the address it shows. */
export const logSettled = async (page: Page): Promise<void> => {
  await page.waitForSelector('.log-results[aria-busy="false"]', { state: 'attached' });
};

/** Opens `path` in a new page of `context` and signs in there with `token`. */
export async function signedIn(context: BrowserContext, server: PageServer, path = '/'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(server.url + path);
  await page.getByLabel('Access token').fill(server.token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (!path.startsWith('/events/')) await logSettled(page);
  return page;
}

/** The seqs of the table's rows, top to bottom. */
export const shownSeqs = (page: Page): Promise<number[]> =>
  page.$$eval('.log tbody tr[data-seq]', (rows) => rows.map((row) => Number((row as HTMLElement).dataset.seq)));

/** `Showing 12 of 40 events` as numbers. */
export async function shownCount(page: Page): Promise<{ shown: number; total: number }> {
  // The count follows the rows: "Showing 50 events", then "Showing 50 of 1,234 events".
  await page
    .waitForFunction(() => / of /.test(document.querySelector('.summary')?.textContent ?? ''), null, {
      timeout: 10_000,
    })
    .catch(() => undefined);
  const text = (await page.locator('.summary').textContent()) ?? '';
  const found = /Showing ([\d,]+) of ([\d,]+) events?/.exec(text);
  if (!found) throw new Error(`no count in ${JSON.stringify(text)}`);
  const number = (digits: string | undefined) => Number((digits ?? '').replaceAll(',', ''));
  return { shown: number(found[1]), total: number(found[2]) };
}
