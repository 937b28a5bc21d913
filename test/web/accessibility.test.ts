/**
 * The page by keyboard alone, checked by axe-core in light and dark, steady while it
 * loads, and photographed (table, filters, card; light and dark; 1280 and 360 px wide)
 * into test-artifacts/web/ for a person to look at.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import {
  describeInBrowser,
  launchChromium,
  logSettled,
  type PageServer,
  READER,
  shownSeqs,
  signedIn,
  startPageServer,
} from './harness.js';

const NOW = Date.now();
const TYPES = ['cluster', 'service', 'volume', 'deployment', 'domain', 'node-pool'];
const USERS = ['Jane Doe', 'John Smith', 'Zoë Ørsted'];
const EVENTS = Array.from({ length: 14 }, (_, i) => ({
  time: new Date(NOW - (i * 97 + 3) * 60_000).toISOString(),
  action: (['create', 'update', 'delete'] as const)[i % 3],
  type: TYPES[i % TYPES.length],
  name: `${TYPES[i % TYPES.length]}-${['eu', 'us', 'ap'][Math.floor(i / 2) % 3]}-${i}`,
  resourceId: `r-${i}`,
  account: i % 2 === 0 ? 'acme' : 'globex',
  user: USERS[i % USERS.length],
  details: { step: i },
}));
const ARTIFACTS = join(ROOT, 'test-artifacts', 'web');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** What has the keyboard's focus, as a person would name it, and whether its focus ring shows. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const style = getComputedStyle(el);
    const name = el.getAttribute('aria-label') ?? (el as HTMLInputElement).labels?.[0]?.textContent;
    return {
      what: `${el.getAttribute('role') ?? el.tagName.toLowerCase()}: ${(name ?? el.textContent ?? '').trim()}`,
      ring: style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2,
    };
  });

describeInBrowser('the page for every reader', () => {
  let server: PageServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startPageServer({ events: EVENTS, linkTemplate: 'https://console.example.com/{account}/{type}/{resourceId}' }),
      launchChromium(),
    ]);
    context = await browser.newContext(READER);
    page = await signedIn(context, server);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Tabs (backwards with shift) until `what` has the focus; each stop on the way shows its focus ring. */
  const tabTo = async (what: RegExp, shift = false) => {
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
      const now = await focused(page);
      expect(now.ring, now.what).toBe(true);
      if (what.test(now.what)) return;
    }
    throw new Error(`never reached ${what}`);
  };

  it('is used with the keyboard alone, in a sensible order, with focus always visible', async () => {
    // Signed in, the focus is on the page's heading; from the top of the page, the walk begins.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('log-title');
    await page.reload();
    await logSettled(page);
    const order: string[] = [];
    for (let i = 0; i < 16; i++) {
      await page.keyboard.press('Tab');
      const now = await focused(page);
      expect(now.ring, now.what).toBe(true);
      order.push(now.what);
    }
    expect(order.slice(0, 12)).toEqual([
      'a: Skip to the content',
      'a: activity',
      'a: Activity Log',
      'button: Sign out',
      'input: Search',
      'combobox: User',
      'button: Create',
      'button: Update',
      'button: Delete',
      'button: Any type',
      'select: Date range',
      'button: Copy command',
    ]);
    // Then the Last Activity card: each event's console link and page.
    expect(order[12]).toMatch(/^a: .+: open in the console$/);

    // Search: typed, run with Enter.
    await page.getByLabel('Search').focus();
    await page.keyboard.type('eu');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('search') === 'eu');

    // User: the combobox, Down to the option, Enter to pick; Escape closes the list.
    await page.keyboard.press('Tab');
    await page.keyboard.type('o');
    const combobox = page.getByRole('combobox', { name: 'User' });
    expect(await combobox.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('ArrowDown');
    const active = await combobox.getAttribute('aria-activedescendant');
    expect(await page.locator(`[id="${active}"]`).textContent()).toBe('John Smith');
    await page.keyboard.press('Escape');
    expect(await combobox.getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('user') === 'John Smith');

    // Action: a toggle, pressed with Space.
    await tabTo(/^button: Update$/);
    await page.keyboard.press('Space');
    await page.waitForURL((url) => url.searchParams.get('action') === 'update');

    // Type: the menu opens with Enter, a type is checked with Space, Escape closes it and gives the focus back.
    await tabTo(/^button: Any type$/);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect((await focused(page)).what).toBe('input: Cluster');
    await tabTo(/^input: Service$/);
    await page.keyboard.press('Space');
    await page.waitForURL((url) => url.searchParams.get('type') === 'service');
    await page.keyboard.press('Escape');
    expect((await focused(page)).what).toBe('button: Service');
    expect(await page.locator('.menu-panel').isHidden()).toBe(true);

    // Date range: the select, by its keys.
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown');
    await page.waitForURL((url) => url.searchParams.get('since') === '1h');
    await page.keyboard.press('ArrowDown');
    await page.waitForURL((url) => url.searchParams.get('since') === '24h');
    await logSettled(page);
    const matching = EVENTS.map((e, seq) => ({ ...e, seq: seq + 1 })).filter(
      (e) => e.name.includes('eu') && e.user === 'John Smith' && e.action === 'update' && e.type === 'service',
    );
    expect(matching.length).toBeGreaterThan(1);
    expect(await shownSeqs(page)).toEqual(matching.map((e) => e.seq));

    // A row of the table (past the card and the live and export controls): its console link, then its page, opened with Enter.
    const [first] = matching;
    await tabTo(/^a: Export NDJSON$/);
    await tabTo(/^a: Service .+: open in the console$/);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe(
      `https://console.example.com/${first?.account}/service/${first?.resourceId}`,
    );
    await page.keyboard.press('Tab');
    expect((await focused(page)).what).toBe(`a: ${first?.name}`);
    const filtered = new URL(page.url()).search;
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/events/${first?.seq}${filtered}`);
    await page.waitForSelector('.fields');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    // Back to the log, by its link, just before the heading.
    await page.keyboard.press('Shift+Tab');
    expect((await focused(page)).what).toBe('a: ← Back to the Activity Log');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/${filtered}`);
    expect((await focused(page)).what).toBe(`a: ${first?.name}`);
  });

  it('has no serious or critical axe-core violations, in light and dark, wide and narrow', async () => {
    // axe is added as a script of its own: the page's policy allows no script but its own, so this context sets it aside.
    const audited = await browser.newContext({ ...READER, bypassCSP: true });
    const audit = async (target: Page, where: string) => {
      await target.addScriptTag({ path: AXE });
      const violations = await target.evaluate(async () => {
        const axe = (
          window as unknown as {
            axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> };
          }
        ).axe;
        return (await axe.run()).violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id}: ${v.nodes.map((node) => node.target.join(' ')).join(', ')}`);
      });
      expect(violations, where).toEqual([]);
      return violations;
    };
    const signIn = await audited.newPage();
    await signIn.goto(server.url);
    await signIn.getByLabel('Access token').waitFor();
    await audit(signIn, 'sign-in');
    await signIn.getByLabel('Access token').fill('activity_wrong');
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await signIn.locator('#token-problem:not(:empty)').waitFor();
    await audit(signIn, 'sign-in, refused');

    const log = await signedIn(audited, server);
    for (const colorScheme of ['light', 'dark'] as const) {
      await log.emulateMedia({ colorScheme });
      for (const width of [1280, 360]) {
        await log.setViewportSize({ width, height: 900 });
        await audit(log, `log, ${colorScheme}, ${width} px`);
      }
      await log.getByRole('button', { name: 'Any type' }).click();
      await audit(log, `type menu open, ${colorScheme}`);
      await log.keyboard.press('Escape');
      await log.getByRole('combobox', { name: 'User' }).focus();
      await audit(log, `user list open, ${colorScheme}`);
      await log.locator('.log .resource-name').first().click();
      await log.waitForSelector('.fields');
      await audit(log, `event page, ${colorScheme}`);
      await log.goBack();
      await logSettled(log);
    }
    await audited.close();
  });

  it('does not move while its data loads', async () => {
    const loading = await context.newPage();
    await loading.addInitScript(() => {
      const shifts: number[] = [];
      (window as unknown as { shifts: number[] }).shifts = shifts;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
          if (!entry.hadRecentInput) shifts.push(entry.value);
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await loading.goto(server.url);
    await logSettled(loading);
    await loading.locator('.card-item[data-seq]').first().waitFor();
    await loading.waitForTimeout(300);
    const shift = await loading.evaluate(() =>
      (window as unknown as { shifts: number[] }).shifts.reduce((a, b) => a + b, 0),
    );
    // Google's "good" cumulative layout shift is under 0.1.
    expect(shift).toBeLessThan(0.1);
    await loading.close();
  });

  it('photographs the table, the filters and the card, light and dark, 1280 and 360 px wide', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.goto(server.url);
    await logSettled(page);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      for (const width of [1280, 360]) {
        await page.setViewportSize({ width, height: 900 });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${width} px ${colorScheme}`).toBeLessThanOrEqual(0);
        for (const [part, selector] of [
          ['table', '.log'],
          ['filters', '.log-controls'],
          ['card', 'aside.card'],
        ] as const) {
          await page
            .locator(selector)
            .screenshot({ path: join(ARTIFACTS, `${part}-${width}-${colorScheme}.png`), animations: 'disabled' });
        }
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: join(ARTIFACTS, `page-${width}-${colorScheme}.png`) });
      }
    }
  });
});
