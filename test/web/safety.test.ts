/**
 * Hostile event fields render inert and readable: no script runs, no dialog opens, no
 * element is injected, no request leaves for another origin, terminal escapes and bidi
 * overrides are shown escaped, and long text keeps the layout. The console's link
 * template is hostile too (javascript:), and never becomes a link.
 */
import { execFileSync } from 'node:child_process';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sanitize } from '../../src/core/sanitize.js';
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

const SCRIPT = '<script>alert("name")</script>';
const IMG = '"><img src=x onerror=alert(1)>';
const ESCAPES = '\u001b[31mred\u001b[0m\u001b]8;;https://evil.example/\u0007link\u001b]8;;\u0007';
const BIDI = 'invoice-\u202Efdp.exe';
/** The longest name an event may hold, in one unbreakable word. */
const LONG = 'x'.repeat(256);
const HOSTILE = [
  { name: SCRIPT, user: '<b onmouseover=alert(2)>Mallory</b>', account: '<iframe src="https://evil.example">' },
  { name: IMG, user: 'Eve\u202E', account: 'acme' },
  { name: ESCAPES, user: `\u009b31mJane`, account: 'acme' },
  { name: BIDI, user: 'Bob', account: '\u2067rtl\u2069' },
  {
    name: LONG,
    user: 'Ada',
    account: 'y'.repeat(128),
    details: { note: `${'z'.repeat(10_000)} <script>alert(3)</script>`, '<img src=x onerror=alert(4)>': '\u202E' },
  },
].map((e, i) => ({ action: 'create', type: 'service', resourceId: `svc-${i}`, ...e }));

describeInBrowser('hostile event fields', () => {
  let server: PageServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const dialogs: string[] = [];
  const elsewhere: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startPageServer({ events: HOSTILE, linkTemplate: 'javascript:alert(document.cookie)//{name}' }),
      launchChromium(),
    ]);
    context = await browser.newContext(READER);
    context.on('page', (opened) => {
      opened.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
    });
    context.on('request', (request: Request) => {
      if (new URL(request.url()).origin !== server.url) elsewhere.push(request.url());
    });
    page = await signedIn(context, server);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Nothing ran, nothing was added to the page's own elements, nothing left for elsewhere. */
  const expectInert = async () => {
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    expect(elsewhere).toEqual([]);
    const injected = await page.evaluate(() => ({
      scripts: [...document.scripts].map((script) => script.getAttribute('src')),
      images: [...document.images].map((img) => img.getAttribute('src')),
      frames: document.querySelectorAll('iframe, object, embed').length,
      handlers: [...document.querySelectorAll('*')].flatMap((el) =>
        [...el.attributes].filter((attribute) => attribute.name.startsWith('on')).map((attribute) => attribute.name),
      ),
      bold: document.querySelectorAll('b').length,
    }));
    expect(injected).toEqual({
      scripts: ['/assets/app.js'],
      images: ['/assets/favicon.svg'],
      frames: 0,
      handlers: [],
      bold: 0,
    });
    expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0);
  };

  it('shows them as text, escaped as the terminal shows them, in the table and the card', async () => {
    expect(await shownSeqs(page)).toEqual([5, 4, 3, 2, 1]);
    const name = (seq: number) => page.locator(`tr[data-seq="${seq}"] .resource-name`).textContent();
    expect(await name(1)).toBe(SCRIPT);
    expect(await name(2)).toBe(IMG);
    expect(await name(3)).toBe('\\x1b[31mred\\x1b[0m\\x1b]8;;https://evil.example/\\x07link\\x1b]8;;\\x07');
    expect(await name(4)).toBe('invoice-\\u{202e}fdp.exe');
    expect(await page.locator('tr[data-seq="3"] .cell-user').textContent()).toBe('\\x9b31mJane');
    expect(await page.locator('tr[data-seq="1"] .account').textContent()).toBe('<iframe src="https://evil.example">');
    // Isolated from what is around it, whatever direction it reads in.
    expect(
      await page.locator('tr[data-seq="4"] .account').evaluate((el) => [el.tagName, getComputedStyle(el).unicodeBidi]),
    ).toEqual(['BDI', 'isolate']);
    expect(await page.locator('.card-item[data-seq="1"] .resource-name').textContent()).toBe(SCRIPT);
    await expectInert();
  });

  it('never makes the javascript: link template a link', async () => {
    expect(await page.locator('a.resource-icon').count()).toBe(0);
    expect(await page.locator('.resource-icon').count()).toBe(10);
  });

  it('keeps the layout with the longest names, on a phone too', async () => {
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 800 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${width} px`).toBeLessThanOrEqual(0);
      const cell = await page.locator('tr[data-seq="5"] .cell-name').boundingBox();
      expect(cell?.width).toBeLessThanOrEqual(width);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('shows every field of a hostile event in full on its page, still as text', async () => {
    await page.locator('tr[data-seq="5"] .resource-name').click();
    await page.waitForSelector('pre.details');
    const details = (await page.locator('pre.details').textContent()) ?? '';
    expect(details).toContain('<script>alert(3)</script>');
    expect(details).toContain('"<img src=x onerror=alert(4)>": "\\u202e"');
    expect(details.length).toBeGreaterThan(10_000);
    expect(await page.locator('.fields dd').filter({ hasText: LONG }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    expect(await page.locator('.field-row').filter({ hasText: 'Link' }).locator('dd').textContent()).toBe(
      'no link (the console link template makes no http or https address of it)',
    );
    await expectInert();
  });

  it('keeps hostile filter text inert too, in the filters and the command', async () => {
    await page.goto(`${server.url}/?search=${encodeURIComponent(IMG)}&user=${encodeURIComponent(SCRIPT)}`);
    await logSettled(page);
    expect(await page.getByLabel('Search').inputValue()).toBe(IMG);
    expect(await page.locator('.command code').textContent()).toBe(
      `activity list --user '${SCRIPT}' --search '"><img src=x onerror=alert(1)>'`,
    );
    await page.getByRole('combobox', { name: 'User' }).focus();
    expect(await page.getByRole('listbox', { name: 'Users' }).getByRole('option').allTextContents()).toContain(
      '<b onmouseover=alert(2)>Mallory</b>',
    );
    await expectInert();
  });

  it('gives a command that a shell reads back to the same filter, escapes and backslashes included', async () => {
    const user = "\u001b[2J clear \u202eresu\u202c it's a\\b";
    await page.goto(`${server.url}/?user=${encodeURIComponent(user)}&search=${encodeURIComponent('plain text')}`);
    await logSettled(page);
    const command = (await page.locator('.command code').textContent()) ?? '';
    // Nothing raw on the page: the escapes are text.
    expect(sanitize(command)).toBe(command.replaceAll('\\', '\\\\'));
    // bash reads it back: the words `activity list` would get.
    const words = execFileSync('bash', ['-c', `printf '%s\\0' ${command.replace(/^activity list /, '')}`]).toString();
    expect(words.split('\0').slice(0, -1)).toEqual(['--user', user, '--search', 'plain text']);
  });
});
