/**
 * A thousand events scrolled through, page by page, with none missed or repeated; then
 * events recorded by `activity record` in other processes arriving at the top as they
 * commit, held while paused, filtered as the view is, and resumed across a server restart.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateEvents } from '../../src/sample/generate.js';
import {
  describeInBrowser,
  launchChromium,
  logSettled,
  type PageServer,
  READER,
  shownCount,
  shownSeqs,
  signedIn,
  startPageServer,
} from './harness.js';

const EVENTS = [...generateEvents({ count: 1000, seed: 17, days: 30 })];

/** The page's order: newest first, ties by seq. */
const NEWEST_FIRST = EVENTS.map((e, i) => ({ seq: i + 1, time: e.time }))
  .sort((a, b) => b.time.localeCompare(a.time) || b.seq - a.seq)
  .map((e) => e.seq);

describeInBrowser('the live and endless log', () => {
  let server: PageServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startPageServer({ events: EVENTS }), launchChromium()]);
    context = await browser.newContext(READER);
    page = await signedIn(context, server);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const record = async (type: string, name: string) => {
    const recorded = await server.cli([
      'record',
      '--action',
      'create',
      '--type',
      type,
      '--name',
      name,
      '--user',
      'Live Tester',
    ]);
    expect(recorded.code, recorded.stderr).toBe(0);
  };
  const topName = () => page.locator('.log tbody tr').first().locator('.resource-name').textContent();

  it('loads older pages by cursor as the reader scrolls, to the end, never skipping or repeating an event', async () => {
    expect(await shownCount(page)).toEqual({ shown: 50, total: 1000 });
    const foot = page.locator('.list-end');
    while (!((await foot.textContent()) ?? '').startsWith('End of the log')) {
      await page.mouse.wheel(0, 20_000);
      await page.waitForTimeout(50);
    }
    const seqs = await shownSeqs(page);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual(NEWEST_FIRST);
    expect(await foot.textContent()).toBe('End of the log: all 1,000 events shown.');
    expect(await shownCount(page)).toEqual({ shown: 1000, total: 1000 });
  });

  it('keeps its pages and its place while an event is open', async () => {
    const row = page.locator('.log tbody tr').nth(900);
    await row.scrollIntoViewIfNeeded();
    const place = await page.evaluate(() => window.scrollY);
    expect(place).toBeGreaterThan(10_000);
    await row.locator('.resource-name').click();
    await page.waitForSelector('.fields');
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    await page.goBack();
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(place);
    expect(await shownSeqs(page)).toEqual(NEWEST_FIRST);
  });

  it('shows an event recorded by another process at the top, once', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await record('cluster', 'live-arrival');
    await expect.poll(topName, { timeout: 10_000 }).toBe('live-arrival');
    const seqs = await shownSeqs(page);
    expect(seqs[0]).toBe(1001);
    expect(new Set(seqs).size).toBe(1001);
    expect(await shownCount(page)).toEqual({ shown: 1001, total: 1001 });
    expect(await page.locator('.card-item').first().locator('.resource-name').textContent()).toBe('live-arrival');
    expect(await page.locator('.log-results [aria-live]').last().textContent()).toBe(
      '1 new event at the top of the log',
    );
  });

  it('holds new events while paused, and shows them on resume', async () => {
    await page.getByRole('button', { name: 'Pause live updates' }).click();
    await record('volume', 'held-back');
    await expect.poll(() => page.locator('.live-state').textContent(), { timeout: 10_000 }).toBe('Paused: 1 new');
    expect(await topName()).toBe('live-arrival');
    await page.getByRole('button', { name: 'Resume and show 1 new' }).click();
    expect(await topName()).toBe('held-back');
    expect(await shownSeqs(page).then((seqs) => seqs.slice(0, 2))).toEqual([1002, 1001]);
    expect(await page.locator('.live-state').textContent()).toBe('Live');
  });

  it('shows only new events that match the filter', async () => {
    await page.goto(`${server.url}/?type=volume`);
    await logSettled(page);
    await expect.poll(() => page.locator('.live-state').textContent()).toBe('Live');
    const before = await shownSeqs(page);
    await record('cluster', 'not-a-volume');
    await record('volume', 'new-volume');
    await expect.poll(topName, { timeout: 10_000 }).toBe('new-volume');
    expect(await shownSeqs(page)).toEqual([1004, ...before]);
  });

  it('resumes after the server restarts, with what was recorded while it was down', async () => {
    await server.restart(() => record('volume', 'while-restarting'));
    await expect.poll(topName, { timeout: 15_000 }).toBe('while-restarting');
    const seqs = await shownSeqs(page);
    expect(seqs.slice(0, 2)).toEqual([1005, 1004]);
    expect(new Set(seqs).size).toBe(seqs.length);
  });
});
