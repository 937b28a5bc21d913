/**
 * Sign-in and sign-out: a read token becomes an HttpOnly, SameSite=Strict session cookie;
 * wrong and write-only tokens are refused in the server's words; the token is never in
 * the address or the page's storage; signing out ends the session on the server.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { makeToken } from '../server/serve.js';
import { describeInBrowser, launchChromium, logSettled, type PageServer, READER, startPageServer } from './harness.js';

const EVENTS = [
  { action: 'create', type: 'project', name: 'billing', user: 'Jane Doe', account: 'acme' },
  { action: 'update', type: 'project', name: 'billing', user: 'John Smith', account: 'acme' },
];

describeInBrowser('signing in to the page', () => {
  let server: PageServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startPageServer({ events: EVENTS }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  beforeEach(async () => {
    await context?.close();
    context = await browser.newContext(READER);
    page = await context.newPage();
    await page.goto(`${server.url}/?user=Jane+Doe`);
  });

  const signIn = async (token: string) => {
    await page.getByLabel('Access token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };
  const problem = () => page.locator('#token-problem').textContent();

  it('asks for a token, in a password field, and says what it is for', async () => {
    const input = page.getByLabel('Access token');
    expect(await input.getAttribute('type')).toBe('password');
    expect(await page.locator('#token-help').textContent()).toContain('activity token create --scope read');
    expect(await page.locator('h1').textContent()).toBe('Sign in to the Activity Log');
  });

  it('refuses what is not a token, an unknown token, and a write-only token, in the server words', async () => {
    await signIn('hello');
    await expect.poll(problem).toBe('That is not a token: paste a token made by activity token create (activity_…).');
    await signIn(`activity_${'A'.repeat(43)}`);
    await expect.poll(problem).toBe('Unknown or revoked token: ask an admin for a new one.');
    await signIn(await makeToken(server.store, 'ci-recorder', 'write'));
    await expect
      .poll(problem)
      .toBe('Token "ci-recorder" has write scope, which cannot read the log: use a read token.');
    expect(await page.locator('#token-problem').getAttribute('role')).toBe('alert');
    expect(await page.getByLabel('Access token').getAttribute('aria-invalid')).toBe('true');
    expect(await context.cookies()).toEqual([]);
  });

  it('trades a read token for an HttpOnly, SameSite=Strict session cookie, and keeps the token nowhere', async () => {
    await signIn(server.token);
    await logSettled(page);
    expect(await page.locator('.log tbody tr[data-seq]').count()).toBe(1);
    const [cookie, ...others] = await context.cookies();
    expect(others).toEqual([]);
    expect(cookie).toMatchObject({ name: 'activity_session', httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie?.value).not.toContain(server.token);
    // An expiring cookie (8 hours), not a session-long one.
    expect((cookie?.expires ?? 0) * 1000 - Date.now()).toBeGreaterThan(7.9 * 3_600_000);
    expect(page.url()).toBe(`${server.url}/?user=Jane+Doe`);
    const stored = await page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }]));
    expect(stored).toBe('[{},{}]');
    expect(await page.content()).not.toContain(server.token);
    expect(await page.locator('.who').textContent()).toContain('Signed in with token reader');
  });

  it('signs out: the session ends on the server, and a reload asks again', async () => {
    await signIn(server.token);
    await logSettled(page);
    const [cookie] = await context.cookies();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Access token').waitFor();
    expect(await context.cookies()).toEqual([]);
    await page.reload();
    await page.getByLabel('Access token').waitFor();
    // The old cookie is worth nothing now, wherever it was copied.
    const replayed = await fetch(`${server.url}/v1/session`, {
      headers: { cookie: `${cookie?.name}=${cookie?.value}` },
    });
    expect(replayed.status).toBe(401);
  });

  it('asks again when the session ends under the page', async () => {
    await signIn(server.token);
    await logSettled(page);
    // Another tab signs out: this one learns it at its next request.
    await page.request.delete(`${server.url}/v1/session`);
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByLabel('Access token').waitFor();
    expect(await page.locator('.notice').textContent()).toBe('Your session has ended: sign in again.');
    await signIn(server.token);
    await logSettled(page);
    expect(new URL(page.url()).searchParams.getAll('action')).toEqual(['delete']);
  });
});
