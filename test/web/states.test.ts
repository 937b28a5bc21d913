/**
 * The page when things are not simple: the server gone (signing out, following), an event
 * newer than the page's clock, the keyboard where controls come and go, and the way back.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeInBrowser,
  launchChromium,
  logSettled,
  type PageServer,
  READER,
  signedIn,
  startPageServer,
} from './harness.js';

const NOW = Date.now();
/** Sixty users: more than the user list shows at once. */
const USERS = Array.from({ length: 60 }, (_, i) => `User ${String(i).padStart(2, '0')}`);
const EVENTS = USERS.map((user, i) => ({
  time: new Date(NOW - (i + 10) * 3_600_000).toISOString(),
  action: i % 3 === 0 ? 'create' : 'update',
  type: 'service',
  name: `svc-${i}`,
  resourceId: `svc-${i}`,
  account: 'acme',
  user,
}));

/** What has the keyboard's focus: its tag and its label or text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    const name =
      element?.getAttribute('aria-label') ??
      (element?.id ? document.querySelector(`label[for="${element.id}"]`)?.textContent : null);
    return `${element?.tagName.toLowerCase()}: ${(name ?? element?.textContent ?? '').trim()}`;
  });

describeInBrowser('the page when things are not simple', () => {
  let browser: Browser;
  let server: PageServer;
  /** Signed in at `path`, in a context of its own: a test's sign-out is no other test's. */
  const open = async (path = '/') => signedIn(await browser.newContext(READER), server, path);

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), startPageServer({ events: EVENTS })]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('says when the server stops answering, and keeps the reader signed in if signing out could not be done', async () => {
    const page = await open();
    await expect.poll(() => page.locator('.live-state').textContent(), { timeout: 10_000 }).toBe('Live');
    await server.restart(async () => {
      await expect
        .poll(() => page.locator('.live-state').textContent(), { timeout: 20_000 })
        .toMatch(/^Offline: the server is not answering \(is activity serve running\?\)/);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await expect
        .poll(() => page.getByRole('alert').first().textContent())
        .toMatch(/^Could not sign out: you are still signed in\./);
      expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
    });
    await expect.poll(() => page.locator('.live-state').textContent(), { timeout: 20_000 }).toBe('Live');
    // The server answers again: signing out is done, and the keyboard is on the sign-in page's heading.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Access token').waitFor();
    expect(await focused(page)).toBe('h1: Sign in to the Activity Log');
    await page.reload();
    expect(await page.getByLabel('Access token').count()).toBe(1);
    await page.close();
  });

  it('shows an event recorded after the page last read its clock as just now, never as in the future', async () => {
    const page = await open();
    const at = new Date(Date.now() + 20_000).toISOString();
    const recorded = await server.cli([
      'record',
      '--action',
      'update',
      '--type',
      'job',
      '--name',
      'fresh',
      '--user',
      'Jane Doe',
      '--at',
      at,
    ]);
    expect(recorded.code, recorded.stderr).toBe(0);
    const row = page.locator('.log-results tr').filter({ hasText: 'fresh' });
    await row.waitFor({ timeout: 10_000 });
    expect(await row.locator('time [aria-hidden="true"]').textContent()).toBe('just now');
    await page.close();
  });

  it('keeps the keyboard in the user list: Tab goes on to the next control, the highlighted user is in view', async () => {
    const page = await open();
    const combobox = page.getByRole('combobox', { name: 'User' });
    await combobox.focus();
    const list = page.getByRole('listbox', { name: 'Users' });
    await list.waitFor();
    for (let i = 0; i < 15; i++) await page.keyboard.press('ArrowDown');
    const active = page.locator('.listbox .option.active');
    const options = await list.getByRole('option').allTextContents();
    expect(await active.textContent()).toBe(options[15]);
    const [box, option] = await Promise.all([list.boundingBox(), active.boundingBox()]);
    expect(option?.y ?? 0).toBeGreaterThanOrEqual(box?.y ?? 0);
    expect((option?.y ?? 0) + (option?.height ?? 0)).toBeLessThanOrEqual((box?.y ?? 0) + (box?.height ?? 0) + 1);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button: Create');
    await page.close();
  });

  it('moves the keyboard on when the control it was on goes: a removed user, Clear filters', async () => {
    const page = await open(`/?user=${encodeURIComponent(USERS[3] as string)}&action=create`);
    await page.getByRole('button', { name: `Remove user ${USERS[3]}` }).press('Enter');
    await logSettled(page);
    expect(await focused(page)).toBe('input: User');
    await page.getByRole('button', { name: 'Clear filters' }).first().press('Enter');
    await logSettled(page);
    expect(new URL(page.url()).search).toBe('');
    expect(await focused(page)).toBe('input: Search');
    await page.close();
  });

  it("opens the card's events with the reader's filter as the way back, and titles an event's page", async () => {
    const page = await open('/?action=create');
    const first = page.locator('.card-item a.resource-name').first();
    expect(new URL((await first.getAttribute('href')) ?? '', server.url).search).toBe('?action=create');
    await first.click();
    await page.waitForURL(/\/events\/\d+\?action=create$/);
    await expect.poll(() => page.title()).toMatch(/^Event #\d+ · Activity Log$/);
    await page.goto(`${server.url}/events/0`);
    await page.getByRole('heading', { name: 'No such page' }).waitFor();
    expect(await page.title()).toBe('No such page · Activity Log');
    await page.close();
  });

  it('makes a search typed after a pause a step of its own for Back', async () => {
    const page = await open();
    const search = page.getByLabel('Search');
    await search.fill('svc-1');
    await expect.poll(() => new URL(page.url()).searchParams.get('search')).toBe('svc-1');
    await page.waitForTimeout(3500);
    await search.fill('svc-2');
    await expect.poll(() => new URL(page.url()).searchParams.get('search')).toBe('svc-2');
    await page.goBack();
    await expect.poll(() => new URL(page.url()).searchParams.get('search')).toBe('svc-1');
    expect(await search.inputValue()).toBe('svc-1');
    await page.close();
  });
});
