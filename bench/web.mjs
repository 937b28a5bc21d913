#!/usr/bin/env node
// The Activity Log page on the 1,000,000-event store, in Chromium, against the bars of
// issue 17: navigation to the first rows painted, a filter change to updated rows, an
// event recorded to its row on the page, and the bytes a first visit transfers.
// Usage: node bench/web.mjs [-- --runs 15 --live 60]. Needs Chromium (apt-get install -y
// chromium); makes the benchmarks' store (bench/data.mjs) when missing.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { benchStore } from './data.mjs';
import { writeSection } from './results.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const RUNS = option('runs', 15);
const LIVE = option('live', 60);
const bin = join(root, 'bin', 'activity');
const source = await benchStore(root, 1_000_000);
const chromiumPath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
if (chromiumPath === undefined) throw new Error('no Chromium: apt-get install -y chromium');

const log = (text) => process.stderr.write(`${text}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

// A copy of the store: the server records into it, and signing in writes a session.
const scratch = mkdtempSync(join(tmpdir(), 'activity-web-bench-'));
const store = join(scratch, 'bench.db');
log(`copying the store to ${store}`);
copyFileSync(source, store);
const cli = (...cliArgs) => execFileSync(bin, ['--store', store, ...cliArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
const readToken = cli('token', 'create', '--name', 'web-bench-read', '--scope', 'read').toString().trim();
const writeToken = cli('token', 'create', '--name', 'web-bench-write', '--scope', 'write').toString().trim();

const server = spawn(bin, ['--store', store, 'serve', '--host', '127.0.0.1', '--port', '0', '--rate-limit', '0'], {
  stdio: ['ignore', 'ignore', 'pipe'],
});
let serverLog = '';
server.stderr.on('data', (chunk) => {
  serverLog += chunk;
});
let base;
for (const started = Date.now(); base === undefined; await sleep(20)) {
  base = /listening on (http:\/\/\S+?)[ ;]/.exec(serverLog)?.[1];
  if (Date.now() - started > 30_000) throw new Error(`the server did not start:\n${serverLog}`);
}
log(`server: ${base}`);

const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
// Signed in once, as a person does: the session cookie is the context's from here on.
const signIn = await context.request.post(`${base}/v1/session`, { data: { token: readToken } });
if (signIn.status() !== 201) throw new Error(`sign-in: ${signIn.status()} ${await signIn.text()}`);

/**
 * In every page, before its own script: when the first event row is added to the DOM,
 * and when each row (by seq) first appears, in the page's clock, each taken at the next
 * frame (when it is painted). An init script, so the page's CSP does not apply to it.
 */
await context.addInitScript(() => {
  window.__rows = new Map();
  const seen = () => {
    for (const row of document.querySelectorAll('.log-results tr[data-seq]')) {
      const seq = Number(row.getAttribute('data-seq'));
      if (!window.__rows.has(seq)) {
        window.__rows.set(seq, -1);
        requestAnimationFrame(() => window.__rows.set(seq, performance.timeOrigin + performance.now()));
        if (window.__firstRow === undefined) {
          window.__firstRow = -1;
          requestAnimationFrame(() => {
            window.__firstRow = performance.now();
          });
        }
      }
    }
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
});

// 1. Navigation to the first rows painted (and what a first visit transfers): in a new
// tab (the browser starts a renderer process for it within the navigation), and in a tab
// already open on about:blank (its process running), in turn.
const firstRows = { newTab: [], openTab: [], baseline: [] };
// The floor this machine and browser set: a page of one row, from another local server.
const floor = createServer((_, response) => {
  response.setHeader('content-type', 'text/html; charset=utf-8');
  response.end(
    '<!doctype html><title>x</title><section class="log-results"><table><tr data-seq="1"><td>one row</td></tr></table></section>',
  );
});
await new Promise((resolve) => floor.listen(0, '127.0.0.1', resolve));
const floorUrl = `http://127.0.0.1:${floor.address().port}/`;
let transferred = 0;
let requests = 0;
const firstRowOf = async (page) => {
  await page.waitForFunction(() => window.__firstRow > 0, null, { timeout: 30_000 });
  return page.evaluate(() => window.__firstRow);
};
const openTab = await context.newPage();
for (let run = 0; run < RUNS; run++) {
  const page = await context.newPage();
  const sizes = [];
  page.on('requestfinished', (request) => sizes.push(request.sizes()));
  await page.goto(`${base}/`, { waitUntil: 'commit' });
  firstRows.newTab.push(await firstRowOf(page));
  if (run === 0) {
    // The first visit of a fresh context: every file and answer, whole (no cache yet).
    await page.waitForLoadState('networkidle').catch(() => {});
    transferred = (await Promise.all(sizes)).reduce((sum, s) => sum + s.responseBodySize + s.responseHeadersSize, 0);
    requests = sizes.length;
  }
  await page.close();
  await openTab.goto('about:blank');
  await openTab.goto(`${base}/`, { waitUntil: 'commit' });
  firstRows.openTab.push(await firstRowOf(openTab));
  await openTab.goto('about:blank');
  await openTab.goto(floorUrl, { waitUntil: 'commit' });
  firstRows.baseline.push(await firstRowOf(openTab));
}
await openTab.close();
floor.close();
log(
  `first rows painted: p50 ${percentile(firstRows.openTab, 50).toFixed(0)} ms (open tab), ${percentile(firstRows.newTab, 50).toFixed(0)} ms (new tab)`,
);

// 2. A filter change to updated rows: the Action buttons and the Type menu, each change a
// new query; from the click to the results no longer busy, their rows the new filter's.
const page = await context.newPage();
await page.goto(`${base}/`);
await page.waitForFunction(() => window.__firstRow > 0);
const changes = [];
const steps = ['Delete', 'Create', 'Update', 'Delete', 'Update'];
for (let run = 0; run < RUNS * 2; run++) {
  const label = steps[run % steps.length];
  // A reader's pause between changes, in which the last filter's count comes too.
  await sleep(500);
  const elapsed = await page.evaluate(async (action) => {
    const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === action);
    if (button === undefined) throw new Error(`no ${action} button`);
    const results = document.querySelector('.log-results');
    const started = performance.now();
    button.click();
    // Busy, then done, with rows: or done at once when the answer was already there.
    await new Promise((resolve) => {
      const check = () => {
        const busy = results?.getAttribute('aria-busy') === 'true';
        const rows = results?.querySelectorAll('tbody tr[data-seq]').length ?? 0;
        if (!busy && rows > 0 && performance.now() > started) {
          observer.disconnect();
          requestAnimationFrame(() => resolve(undefined));
        }
      };
      const observer = new MutationObserver(check);
      observer.observe(results ?? document, { attributes: true, childList: true, subtree: true });
      setTimeout(check, 0);
    });
    return performance.now() - started;
  }, label);
  changes.push(elapsed);
}
log(`filter change: p95 ${percentile(changes, 95).toFixed(0)} ms`);

// 3. Live: events recorded (POST /v1/events, committed when it answers) one after another,
// each 100 ms after the last; from the POST sent to its row painted at the top.
await page.goto(`${base}/`);
await page.waitForFunction(() => window.__firstRow > 0);
await sleep(1000); // the stream connected
const live = [];
for (let i = 0; i < LIVE; i++) {
  const sent = Date.now();
  const answer = await fetch(`${base}/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${writeToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'update', type: 'service', name: `live-${i}`, user: 'Bench Bot' }),
  });
  const { lastSeq } = await answer.json();
  const painted = await page.waitForFunction(
    (seq) => (window.__rows.get(seq) ?? -1) > 0 && window.__rows.get(seq),
    lastSeq,
    {
      timeout: 10_000,
    },
  );
  live.push((await painted.jsonValue()) - sent);
  await sleep(100);
}
log(`live: p99 ${percentile(live, 99).toFixed(0)} ms`);

await browser.close();
server.kill('SIGTERM');
rmSync(scratch, { recursive: true, force: true });

const gzip = (file) => execFileSync('gzip', ['-9', '-c', file]).length;
const jsBytes = statSync(join(root, 'dist', 'web', 'app.js')).size;
const fmt = (n, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (n) => `${fmt(n, n < 100 ? 1 : 0)} ms`;
const met = (ok) => (ok ? 'yes' : '**no**');
const commit = execFileSync('git', ['-C', root, 'log', '-1', '--format=%h (%cs)']).toString().trim();
const chromiumVersion = execFileSync(chromiumPath, ['--version']).toString().trim();

const report = `## The Activity Log page (\`activity serve\`, in Chromium)

Produced by \`node bench/web.mjs\` (bench/web.mjs) on ${new Date().toISOString().slice(0, 10)}, commit ${commit}:
${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${fmt(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${chromiumVersion}
(headless, 1280 × 900). The server serves a copy of the 1,000,000-event store of
bench/data; the browser, the server and this script share the machine's cores.

| measure | value | bar | aim | met |
|---|---:|---|---|---|
| navigation to the first rows painted, in an open tab, p50 / p95 (${RUNS} loads, signed in) | ${ms(percentile(firstRows.openTab, 50))} / ${ms(percentile(firstRows.openTab, 95))} | p50 ≤ 500 ms | ≤ 150 ms | ${met(percentile(firstRows.openTab, 50) <= 500)} |
| the same in a new tab (its renderer process started within the navigation) | ${ms(percentile(firstRows.newTab, 50))} / ${ms(percentile(firstRows.newTab, 95))} | p50 ≤ 500 ms | ≤ 150 ms | ${met(percentile(firstRows.newTab, 50) <= 500)} |
| for scale: a page of one row from another local server, in an open tab, p50 (same runs) | ${ms(percentile(firstRows.baseline, 50))} | | | |
| a filter change to its rows painted, p50 / p95 (${changes.length} changes) | ${ms(percentile(changes, 50))} / ${ms(percentile(changes, 95))} | p95 ≤ 150 ms |  | ${met(percentile(changes, 95) <= 150)} |
| an event recorded (POST sent) to its row painted, p50 / p99 (${live.length} events) | ${ms(percentile(live, 50))} / ${ms(percentile(live, 99))} | p99 ≤ 500 ms |  | ${met(percentile(live, 99) <= 500)} |
| a first visit's transfer (${requests} requests: page, script, style, icon, the API's answers) | ${fmt(transferred / 1024)} KiB | — |  |  |
| the page's JavaScript: as served / gzipped (-9) | ${fmt(jsBytes / 1024, 1)} KiB / ${fmt(gzip(join(root, 'dist', 'web', 'app.js')) / 1024, 1)} KiB | gzipped ≤ 60 KiB |  | ${met(gzip(join(root, 'dist', 'web', 'app.js')) <= 60 * 1024)} |

### How measured

A script added to every page before its own (an init script, outside the page's CSP)
watches the DOM: a row of the results (\`.log-results tr[data-seq]\`) counts as painted at
the animation frame after it is added. (1) Each run loads the log in a new tab of a
signed-in context, then in a tab kept open (navigated to about:blank first), then a page
of one row from another local server in that tab; each from \`page.goto\` to the first row
painted, in the page's clock (from navigation start). The one-row page shows what this
machine and browser take for any page; the log's HTML preloads its first answers, so they
come with its script.
The transfer is the first load's requests (response headers and bodies as sent; the
server does not compress). (2) On the loaded log, a click on an Action button (Delete,
Create, Update in turn: each a new query of the 1,000,000 events; half a second between
changes, as a reader looks at the rows, in which the last filter's count comes), from the
click to the results no longer \`aria-busy\` with their rows painted. (3) The log open and following
(its event stream connected), an event POSTed to \`/v1/events\` with a write token every
100 ms after the last one's row appeared; from just before the POST to the frame after
its row (by seq) was added.`;
writeSection(root, 'web', report);
log('bench/RESULTS.md: web section written');
