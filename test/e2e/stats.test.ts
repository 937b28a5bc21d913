import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stripAnsi } from '../../src/output/width.js';
import { generateEvents, type SampleEvent } from '../../src/sample/generate.js';
import { ndjson, runCli, tempDir } from '../helpers.js';

const ESC = '\u001b';

const home = tempDir();
const store = join(home, 'store.db');
const END = Date.parse('2026-11-20T12:00:00.000Z');
let events: SampleEvent[] = [];

interface Report {
  total: number;
  byAction: Record<string, number>;
  byType: { type: string; events: number }[];
  topUsers: { user: string; events: number }[];
  perDay: { day: string; events: number }[];
}

beforeAll(async () => {
  events = [...generateEvents({ count: 2500, seed: 41, end: END, days: 12, users: 30 })];
  expect((await runCli(['record', '--store', store, '--file', '-'], home, { input: ndjson(events) })).code).toBe(0);
});

/** The reference, counted here apart from the product's code. */
function expected(chosen: SampleEvent[], timeZone: string) {
  const count = <K extends string>(keys: K[]) => {
    const m = new Map<K, number>();
    for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
    return m;
  };
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const users = [...count(chosen.map((e) => e.user))].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return {
    total: chosen.length,
    byAction: Object.fromEntries(count(chosen.map((e) => e.action))),
    byType: Object.fromEntries(count(chosen.map((e) => e.type))),
    topUsers: users.slice(0, 10).map(([user, n]) => ({ user, events: n })),
    perDay: Object.fromEntries(count(chosen.map((e) => day.format(new Date(e.time))))),
  };
}

async function stats(flags: string[], tz = 'UTC'): Promise<Report> {
  const result = await runCli(['stats', '--store', store, '--json', ...flags], home, { env: { TZ: tz } });
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Report;
}

describe('activity stats', () => {
  it('counts by action, type, user and day exactly as an independent count does', async () => {
    for (const [flags, chosen] of [
      [[], events],
      [['--type', 'cluster,service'], events.filter((e) => e.type === 'cluster' || e.type === 'service')],
      [['--action', 'delete'], events.filter((e) => e.action === 'delete')],
    ] as const) {
      const report = await stats([...flags]);
      const want = expected([...chosen], 'UTC');
      expect(report.total).toBe(want.total);
      expect(Object.fromEntries(Object.entries(report.byAction).filter(([, n]) => n > 0))).toEqual(want.byAction);
      expect(Object.fromEntries(report.byType.map((t) => [t.type, t.events]))).toEqual(want.byType);
      expect(report.topUsers).toEqual(want.topUsers);
      expect(Object.fromEntries(report.perDay.filter((d) => d.events > 0).map((d) => [d.day, d.events]))).toEqual(
        want.perDay,
      );
    }
  });

  it('counts days in the local time zone, quiet days included', async () => {
    const zone = 'Asia/Kathmandu'; // UTC+05:45: days start at a quarter hour
    const report = await stats([], zone);
    const want = expected(events, zone).perDay;
    expect(Object.fromEntries(report.perDay.filter((d) => d.events > 0).map((d) => [d.day, d.events]))).toEqual(want);
    const days = report.perDay.map((d) => d.day);
    expect(days).toEqual([...days].sort());
    expect(new Set(days).size).toBe(days.length);
  });

  it('draws bar charts on request and plain aligned text in a pipe', async () => {
    const charts = await runCli(['stats', '--store', store, '--format', 'table', '--color', 'always'], home);
    expect(stripAnsi(charts.stdout)).toMatch(/^2,500 events\n/);
    expect(stripAnsi(charts.stdout)).toMatch(/By action\n {2}Create +█+ +[\d,]+\n/);
    expect(charts.stdout).toContain(`${ESC}[32m█`); // badge green
    expect(charts.stdout).toContain('Top 10 users');
    const plain = await runCli(['stats', '--store', store], home);
    expect(plain.stdout).not.toContain('█');
    expect(plain.stdout).not.toContain(ESC);
    expect(plain.stdout).toMatch(/\n {2}Delete +[\d,]+\n/);
  });

  it('refuses formats it has no use for', async () => {
    const result = await runCli(['stats', '--store', store, '--format', 'csv'], home);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('activity: stats has no --format csv — use one of: table, json\n');
    const unknown = await runCli(['stats', '--store', store, '--format', 'text'], home);
    expect(unknown.stderr).toBe('activity: unknown format "text" — use one of: table, json\n');
  });
});
