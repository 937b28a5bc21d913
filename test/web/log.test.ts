/**
 * The Activity Log page against a store of known events: every column of the table, each
 * filter alone and together (counted here, independently of the server), the address
 * round trip, the Last Activity card, one event's page, and the exports.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { consoleUrl } from '../../src/core/console-url.js';
import { RESOURCE_TYPES, TYPE_LABELS } from '../../src/core/resource-types.js';
import { runCli } from '../helpers.js';
import { makeToken } from '../server/serve.js';
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

const NOW = Date.now();
const MINUTE = 60_000;
const TEMPLATE = 'https://console.example.com/{account}/{type}/{resourceId}';

interface KnownEvent {
  seq: number;
  time: string;
  action: 'create' | 'update' | 'delete';
  type: (typeof RESOURCE_TYPES)[number];
  name: string;
  resourceId: string | null;
  account: string | null;
  user: string;
  details: Record<string, unknown> | null;
}

const USERS = ['Jane Doe', 'John Smith', 'Zoë Ørsted', 'Ana María López'];
const ACTIONS = ['create', 'update', 'update', 'delete'] as const;
/** Minutes back: none near the presets' edges (1 h, 24 h, 7 d, 30 d), so a slow run reads the same. */
const AGES = [20, 50, 200, 600, 1_500, 3_000, 6_000, 12_000, 25_000, 50_000, 90_000];

/** The store's events, seq by seq: filler of every type, user and action, and three stories of their own. */
const EVENTS: KnownEvent[] = [];
const add = (e: Omit<KnownEvent, 'seq'>) => EVENTS.push({ seq: EVENTS.length + 1, ...e });
for (let i = 0; i < 36; i++) {
  const type = RESOURCE_TYPES[i % RESOURCE_TYPES.length] as KnownEvent['type'];
  add({
    time: new Date(NOW - ((AGES[i % AGES.length] as number) + i) * MINUTE).toISOString(),
    action: ACTIONS[i % ACTIONS.length] as KnownEvent['action'],
    type,
    name: i % 3 === 0 ? `alpha-${type}-${i}` : `${type}-svc-${i}`,
    resourceId: `${type}-id-${i}`,
    account: i % 5 === 4 ? null : i % 2 === 0 ? 'acme' : 'globex',
    user: USERS[Math.floor(i / 2) % USERS.length] as string,
    details: i % 2 === 0 ? { changed: 'replicas', from: i, to: i + 1 } : null,
  });
}
// A cluster still alive, a volume since deleted, and a name a spreadsheet would run.
const cluster = { type: 'cluster', name: 'prod-eu-1', resourceId: 'c-1', account: 'acme' } as const;
const volume = { type: 'volume', name: 'scratch-disk', resourceId: 'v-9', account: 'globex' } as const;
add({ ...cluster, time: iso(20 * 24 * 60), action: 'create', user: 'Jane Doe', details: { region: 'eu-west-1' } });
add({
  ...cluster,
  time: iso(3 * 24 * 60),
  action: 'update',
  user: 'John Smith',
  details: { nodes: { from: 3, to: 5 } },
});
add({ ...volume, time: iso(5 * 24 * 60), action: 'create', user: 'Zoë Ørsted', details: null });
add({ ...volume, time: iso(125), action: 'delete', user: 'Zoë Ørsted', details: null });
add({
  type: 'job',
  name: '=SUM(1+1)',
  resourceId: null,
  account: 'acme',
  time: iso(30),
  action: 'create',
  user: '+Mallory',
  details: null,
});

function iso(minutesAgo: number): string {
  return new Date(NOW - minutesAgo * MINUTE).toISOString();
}

const byNewest = (a: KnownEvent, b: KnownEvent) => b.time.localeCompare(a.time) || b.seq - a.seq;

interface Filter {
  user?: string;
  actions?: string[];
  types?: string[];
  search?: string;
  /** Minutes back. */
  withinMinutes?: number;
  since?: number;
  until?: number;
}

/** The events a filter selects, counted here as reference §3 says, not by asking the server. */
function expected(filter: Filter, events: readonly KnownEvent[] = EVENTS): number[] {
  return events
    .filter((e) => filter.user === undefined || e.user.toLowerCase() === filter.user.toLowerCase())
    .filter((e) => filter.actions === undefined || filter.actions.includes(e.action))
    .filter((e) => filter.types === undefined || filter.types.includes(e.type))
    .filter(
      (e) =>
        filter.search === undefined || e.name.toLowerCase().includes(filter.search) || e.action.includes(filter.search),
    )
    .filter((e) => filter.withinMinutes === undefined || Date.parse(e.time) >= NOW - filter.withinMinutes * MINUTE)
    .filter((e) => filter.since === undefined || Date.parse(e.time) >= filter.since)
    .filter((e) => filter.until === undefined || Date.parse(e.time) < filter.until)
    .sort(byNewest)
    .map((e) => e.seq);
}

/** The table shows exactly these events, newest first, and says how many. */
async function expectRows(page: Page, seqs: number[]): Promise<void> {
  await logSettled(page);
  expect(seqs.length).toBeGreaterThan(0);
  expect(await shownSeqs(page)).toEqual(seqs);
  expect(await shownCount(page)).toEqual({ shown: seqs.length, total: seqs.length });
}

const query = (page: Page) => new URL(page.url()).searchParams;

describeInBrowser('the Activity Log page', () => {
  let server: PageServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** The event recorded through the server, by a write token. */
  let viaServer: KnownEvent;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startPageServer({ events: EVENTS, linkTemplate: TEMPLATE }),
      launchChromium(),
    ]);
    const writer = await makeToken(server.store, 'ci-deploy', 'write');
    const at = iso(10);
    const recorded = await runCli(
      [
        '--store',
        server.url,
        '--token',
        writer,
        'record',
        '--action',
        'update',
        '--type',
        'service',
        '--name',
        'checkout',
        '--user',
        'Jane Doe',
        '--account',
        'acme',
        '--resource-id',
        'svc-7',
        '--at',
        at,
      ],
      server.home,
    );
    expect(recorded.code, recorded.stderr).toBe(0);
    viaServer = {
      seq: EVENTS.length + 1,
      ...{ type: 'service', name: 'checkout', resourceId: 'svc-7', account: 'acme', user: 'Jane Doe' },
      action: 'update',
      time: at,
      details: null,
    };
    EVENTS.push(viaServer);
    context = await browser.newContext(READER);
    page = await signedIn(context, server);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows every column of the seed page, newest first', async () => {
    expect(await shownSeqs(page)).toEqual(expected({}));
    const row = page.locator(
      `tr[data-seq="${EVENTS.findIndex((e) => e.name === 'prod-eu-1' && e.action === 'update') + 1}"]`,
    );
    // Name: the type's icon links to the resource, the name (to the event's page), the account dimmed.
    const icon = row.locator('a.resource-icon');
    expect(await icon.getAttribute('href')).toBe(consoleUrl(TEMPLATE, cluster));
    expect(await icon.locator('svg').count()).toBe(1);
    expect(await icon.locator('.sr-only').textContent()).toBe('Cluster prod-eu-1: open in the console');
    expect(await row.locator('.resource-name').textContent()).toBe('prod-eu-1');
    expect(await row.locator('.account').textContent()).toBe('acme');
    // Action: a coloured badge, Update blue.
    const badge = row.locator('.badge');
    expect(await badge.textContent()).toBe('Update');
    expect(await badge.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(9, 105, 218)');
    // Created At: relative on screen, the full local date on hover and for screen readers.
    const time = row.locator('time');
    const at = EVENTS.find((e) => e.name === 'prod-eu-1' && e.action === 'update')?.time as string;
    const full = new Intl.DateTimeFormat('en-US', {
      dateStyle: 'full',
      timeStyle: 'long',
      timeZone: 'Europe/Paris',
    }).format(Date.parse(at));
    expect(await time.getAttribute('datetime')).toBe(at);
    expect(await time.getAttribute('title')).toBe(full);
    expect(await time.locator('[aria-hidden="true"]').textContent()).toBe('3 days ago');
    expect(await time.locator('.sr-only').textContent()).toBe(`3 days ago, ${full}`);
    expect(full).toMatch(/GMT\+1|CET|CEST|GMT\+2/);
    // User.
    expect(await row.locator('.cell-user').textContent()).toBe('John Smith');

    // Each type's icon and its name for screen readers.
    for (const e of EVENTS.slice(0, 13)) {
      const label = page.locator(`tr[data-seq="${e.seq}"] .resource-icon .sr-only`);
      expect(await label.textContent()).toContain(TYPE_LABELS[e.type]);
    }
    // No account: nothing dimmed beside the name.
    const alone = EVENTS.find((e) => e.account === null) as KnownEvent;
    expect(await page.locator(`tr[data-seq="${alone.seq}"] .account`).count()).toBe(0);
  });

  it("asks once for its first rows and who is signed in: the page's own HTML asked for them as the script loaded", async () => {
    const fresh = await context.newPage();
    const asked: string[] = [];
    const warnings: string[] = [];
    fresh.on('request', (request) => asked.push(request.url().slice(server.url.length)));
    fresh.on('console', (message) => warnings.push(message.text()));
    await fresh.goto(`${server.url}/?action=delete`);
    await logSettled(fresh);
    expect(await shownSeqs(fresh)).toEqual(expected({ actions: ['delete'] }));
    // Unused preloads would show as a second request, and as a warning a few seconds on.
    await fresh.waitForTimeout(3500);
    expect(asked.filter((url) => url === '/v1/events?action=delete&order=newest&limit=50&deleted=true')).toHaveLength(
      1,
    );
    expect(asked.filter((url) => url === '/v1/session')).toHaveLength(1);
    expect(warnings.filter((text) => /preload/i.test(text))).toEqual([]);
    await fresh.close();
  });

  it('shows a deleted resource as deleted, with no link, on each of its rows', async () => {
    for (const e of EVENTS.filter((e) => e.name === 'scratch-disk')) {
      const row = page.locator(`tr[data-seq="${e.seq}"]`);
      expect(await row.locator('a.resource-icon').count()).toBe(0);
      expect(await row.locator('.resource-icon .sr-only').textContent()).toBe('Volume');
      expect(await row.locator('.deleted').textContent()).toBe('deleted');
    }
    const badges = await page.$$eval('.log .badge', (els) =>
      Object.fromEntries(els.map((el) => [el.textContent, getComputedStyle(el).backgroundColor])),
    );
    expect(badges).toEqual({ Create: 'rgb(26, 127, 55)', Update: 'rgb(9, 105, 218)', Delete: 'rgb(180, 35, 24)' });
  });

  it('refreshes relative times as time passes', async () => {
    const clocked = await browser.newContext(READER);
    await clocked.clock.install();
    const other = await signedIn(clocked, server);
    const recent = EVENTS.find((e) => e.name === '=SUM(1+1)') as KnownEvent;
    const shown = other.locator(`tr[data-seq="${recent.seq}"] time [aria-hidden="true"]`);
    expect(await shown.textContent()).toMatch(/^(30|31) minutes ago$/);
    await clocked.clock.fastForward(40 * MINUTE);
    await expect.poll(() => shown.textContent()).toBe('1 hour ago');
    await clocked.close();
  });

  it('filters by each filter alone, as the CLI would', async () => {
    // Search, typed: the name or the action.
    await page.getByLabel('Search').fill('alpha');
    await page.waitForURL((url) => url.searchParams.get('search') === 'alpha');
    await expectRows(page, expected({ search: 'alpha' }));
    await page.getByLabel('Search').fill('');
    await page.waitForURL((url) => !url.searchParams.has('search'));

    // User, picked from the store's users.
    const combobox = page.getByRole('combobox', { name: 'User' });
    await combobox.fill('ørst');
    expect(await page.getByRole('listbox', { name: 'Users' }).getByRole('option').allTextContents()).toEqual([
      'Zoë Ørsted',
    ]);
    await combobox.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('user') === 'Zoë Ørsted');
    await expectRows(page, expected({ user: 'Zoë Ørsted' }));
    await page.getByRole('button', { name: 'Remove user Zoë Ørsted' }).click();

    // Action.
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('action') === 'delete');
    await expectRows(page, expected({ actions: ['delete'] }));
    await page.getByRole('button', { name: 'Delete', exact: true }).click();

    // Type: two of them, an OR.
    await page.getByRole('button', { name: /^Type/ }).click();
    await page.getByRole('checkbox', { name: 'Cluster' }).check();
    await page.getByRole('checkbox', { name: 'Volume' }).check();
    await page.keyboard.press('Escape');
    await page.waitForURL((url) => url.searchParams.getAll('type').join() === 'cluster,volume');
    await expectRows(page, expected({ types: ['cluster', 'volume'] }));
    expect(await page.getByRole('button', { name: /^Type/ }).textContent()).toBe('2 types');
    await page.getByRole('button', { name: 'Clear filters' }).click();

    // Date range presets.
    for (const [preset, minutes] of [
      ['1h', 60],
      ['24h', 24 * 60],
      ['7d', 7 * 24 * 60],
      ['30d', 30 * 24 * 60],
    ] as const) {
      await page.getByLabel('Date range').selectOption(preset);
      await page.waitForURL((url) => url.searchParams.get('since') === preset);
      await expectRows(page, expected({ withinMinutes: minutes }));
    }

    // A custom range, picked in the reader's local time, kept as instants.
    await page.getByLabel('Date range').selectOption('custom');
    const from = Math.floor((NOW - 4 * 24 * 60 * MINUTE) / MINUTE) * MINUTE;
    const to = Math.floor((NOW - 60 * MINUTE) / MINUTE) * MINUTE;
    const local = (at: number) =>
      new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' })
        .format(at)
        .replace(' ', 'T');
    await page.getByLabel('From').fill(local(from));
    await page.waitForURL((url) => url.searchParams.get('since') === new Date(from).toISOString());
    await page.getByLabel('To').fill(local(to));
    await page.waitForURL((url) => url.searchParams.get('until') === new Date(to).toISOString());
    await expectRows(page, expected({ since: from, until: to }));
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForURL((url) => url.search === '');
    await expectRows(page, expected({}));
  });

  it('combines the filters, keeps them in the address, and shows the same command for a terminal', async () => {
    await page.getByRole('combobox', { name: 'User' }).fill('jane');
    await page.getByRole('combobox', { name: 'User' }).press('Enter');
    await page.getByRole('button', { name: 'Update', exact: true }).click();
    await page.getByLabel('Search').fill('svc');
    await page.getByLabel('Search').press('Enter');
    await page.getByLabel('Date range').selectOption('30d');
    await page.waitForURL((url) => url.searchParams.get('since') === '30d' && url.searchParams.has('search'));
    const seqs = expected({ user: 'Jane Doe', actions: ['update'], search: 'svc', withinMinutes: 30 * 24 * 60 });
    await expectRows(page, seqs);
    expect(seqs.length).toBeLessThan(expected({ user: 'Jane Doe' }).length);

    const command = "activity list --user 'Jane Doe' --action update --search svc --since 30d";
    expect(await page.locator('.command code').textContent()).toBe(command);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await page.getByRole('button', { name: 'Copy command' }).click();
    await expect.poll(() => page.locator('.command output').textContent()).toBe('Copied to the clipboard.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(command);

    // The address holds the view: a reload (a bookmark, a shared link) shows it again.
    expect(Object.fromEntries(query(page))).toEqual({
      user: 'Jane Doe',
      action: 'update',
      search: 'svc',
      since: '30d',
    });
    await page.reload();
    await expectRows(page, seqs);
    expect(await page.getByLabel('Search').inputValue()).toBe('svc');
    expect(await page.getByRole('button', { name: 'Update', exact: true }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByLabel('Date range').inputValue()).toBe('30d');
    expect(await page.getByRole('button', { name: 'Remove user Jane Doe' }).count()).toBe(1);

    // Back steps through the changes.
    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('since'));
    await expectRows(page, expected({ user: 'Jane Doe', actions: ['update'], search: 'svc' }));
    await page.goForward();
    await expectRows(page, seqs);
  });

  it('says when nothing matches, and clears the filters from there', async () => {
    await page.goto(`${server.url}/?search=no-such-thing`);
    await logSettled(page);
    await expect.poll(() => page.locator('.state.empty').textContent()).toContain('No events match these filters.');
    await page.locator('.state.empty').getByRole('button', { name: 'Clear filters' }).click();
    await expectRows(page, expected({}));

    // A filter the server refuses: what is wrong, and what to do.
    await page.goto(`${server.url}/?type=spaceship`);
    await logSettled(page);
    const alert = page.locator('.state.error');
    expect(await alert.getAttribute('role')).toBe('alert');
    expect(await alert.textContent()).toContain('Unknown resource type "spaceship": valid types: cluster, project');
    await alert.getByRole('button', { name: 'Clear filters' }).click();
    await expectRows(page, expected({}));
  });

  it('shows the five newest events in the Last Activity card, with View all', async () => {
    await page.goto(`${server.url}/?action=delete&type=volume`);
    await logSettled(page);
    const card = page.locator('aside.card');
    await expect.poll(() => card.locator('.card-item[data-seq]').count()).toBe(5);
    const cardSeqs = await card
      .locator('.card-item[data-seq]')
      .evaluateAll((items) => items.map((item) => Number((item as HTMLElement).dataset.seq)));
    expect(cardSeqs).toEqual(expected({}).slice(0, 5));
    await card.getByRole('link', { name: 'View all' }).click();
    await page.waitForURL((url) => url.pathname === '/' && url.search === '');
    await expectRows(page, expected({}));
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('log-title');
  });

  it('opens one event in full at its own address, and goes back to the log as it was', async () => {
    await page.goto(`${server.url}/?type=cluster`);
    await logSettled(page);
    const update = EVENTS.find((e) => e.name === 'prod-eu-1' && e.action === 'update') as KnownEvent;
    await page.locator(`tr[data-seq="${update.seq}"] .resource-name`).click();
    await page.waitForURL(`${server.url}/events/${update.seq}?type=cluster`);
    const listed = JSON.parse(
      (await runCli(['--store', server.store, 'list', '--all', '--format', 'json'], server.home)).stdout,
    ) as {
      seq: number;
      hash: string;
      id: string;
    }[];
    const stored = listed.find((e) => e.seq === update.seq);
    const fields = async () =>
      Object.fromEntries(
        await page.$$eval('.fields .field-row', (rows) =>
          rows.map((row) => [row.querySelector('dt')?.textContent, row.querySelector('dd')?.textContent]),
        ),
      );
    await page.waitForSelector('.fields');
    const shown = await fields();
    expect(shown).toMatchObject({
      'UTC (ISO 8601)': update.time,
      User: 'John Smith',
      Type: 'Cluster (cluster)',
      Name: 'prod-eu-1',
      'Resource ID': 'c-1',
      Account: 'acme',
      Link: consoleUrl(TEMPLATE, cluster),
      'Event ID': stored?.id,
      Seq: String(update.seq),
      Hash: stored?.hash,
      'Recorded by': 'recorded directly into the store, not through a server',
    });
    expect(shown.When).toMatch(/ \(3 days ago\)$/);
    expect(shown['Local time']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \+0[12]:00$/);
    expect(await page.locator('pre.details').textContent()).toBe(JSON.stringify(update.details, null, 2));
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');

    // Back: the log with its filter, and the row that was opened has the focus.
    await page.getByRole('link', { name: '← Back to the Activity Log' }).click();
    await page.waitForURL(`${server.url}/?type=cluster`);
    expect(await shownSeqs(page)).toEqual(expected({ types: ['cluster'] }));
    expect(await page.evaluate(() => document.activeElement?.closest('tr')?.dataset.seq)).toBe(String(update.seq));

    // A deleted resource: no link; an event recorded through the server: the token that did.
    const deleted = EVENTS.find((e) => e.name === 'scratch-disk') as KnownEvent;
    await page.goto(`${server.url}/events/${deleted.seq}`);
    await page.waitForSelector('.fields');
    expect((await fields()).Link).toBe('deleted — no link');
    expect(await page.locator('pre.details').count()).toBe(0);
    await page.goto(`${server.url}/events/${viaServer.seq}`);
    await page.waitForSelector('.fields');
    expect((await fields())['Recorded by']).toBe('recorded by token ci-deploy');

    await page.goto(`${server.url}/events/99999`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('No event #99999');
  });

  it('exports the current filter as CSV and NDJSON, streamed by the server, formula cells neutralized', async () => {
    await page.goto(server.url);
    await logSettled(page);
    const download = async (name: string) => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
      return readFileSync((await file.path()) as string, 'utf8');
    };
    const csv = (await download('Export CSV')).trimEnd().split(/\r?\n/);
    expect(csv[0]).toBe('seq,id,time,action,type,name,resourceId,account,user,details');
    expect(csv).toHaveLength(EVENTS.length + 1);
    const formula = EVENTS.find((e) => e.name === '=SUM(1+1)') as KnownEvent;
    const line = csv.find((row) => row.startsWith(`${formula.seq},`)) as string;
    expect(line).toContain(",'=SUM(1+1),");
    expect(line).toContain(",'+Mallory,");

    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('action') === 'delete');
    expect(await page.getByRole('link', { name: 'Export NDJSON' }).getAttribute('href')).toBe(
      '/v1/export?action=delete&format=ndjson',
    );
    const lines = (await download('Export NDJSON'))
      .trimEnd()
      .split('\n')
      .map((text) => JSON.parse(text) as KnownEvent);
    expect(lines.map((e) => e.seq).sort((a, b) => a - b)).toEqual(
      expected({ actions: ['delete'] }).sort((a, b) => a - b),
    );
    expect(lines.every((e) => e.action === 'delete')).toBe(true);
  });
});
