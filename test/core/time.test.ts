import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { formatIsoTime, formatLocalTime, parseIsoTime, parseTime, parseTimeRange } from '../../src/core/time.js';

const NOW = Date.parse('2026-11-25T17:37:02.123Z');
const originalTz = process.env.TZ;

describe('time grammar (reference §4)', () => {
  beforeEach(() => {
    process.env.TZ = 'Europe/Paris'; // UTC+1 in November
  });
  afterEach(() => {
    process.env.TZ = originalTz;
  });

  it.each([
    ['2026-11-25T17:37:02.123Z', '2026-11-25T17:37:02.123Z'],
    ['2026-11-25T17:37:02Z', '2026-11-25T17:37:02.000Z'],
    ['2026-11-25T18:37:02.123+01:00', '2026-11-25T17:37:02.123Z'],
    ['2026-11-25T12:07:02-05:30', '2026-11-25T17:37:02.000Z'],
    ['2026-11-25T17:37:02.123456Z', '2026-11-25T17:37:02.123Z'],
    ['2026-11-25 17:37:02.123 +00:00', '2026-11-25T17:37:02.123Z'],
  ])('reads %s with its offset', (input, expected) => {
    expect(formatIsoTime(parseTime(input, NOW))).toBe(expected);
  });

  it.each([
    ['2026-11-25', '2026-11-24T23:00:00.000Z'],
    ['2026-11-25T17:37', '2026-11-25T16:37:00.000Z'],
    ['2026-11-25 17:37:02', '2026-11-25T16:37:02.000Z'],
    ['2026-07-01T12:00', '2026-07-01T10:00:00.000Z'], // summer time: UTC+2
  ])('reads %s without an offset as local time (TZ)', (input, expected) => {
    expect(formatIsoTime(parseTime(input, NOW))).toBe(expected);
  });

  it.each([
    ['90s', NOW - 90_000],
    ['30m', NOW - 30 * 60_000],
    ['2h', NOW - 2 * 3_600_000],
    ['7d', NOW - 7 * 86_400_000],
    ['2w', NOW - 14 * 86_400_000],
    ['-2h', NOW - 2 * 3_600_000],
    ['3 hours ago', NOW - 3 * 3_600_000],
    ['1 day ago', NOW - 86_400_000],
    ['45 minutes ago', NOW - 45 * 60_000],
    ['now', NOW],
    ['@1764092222', 1764092222000],
    ['@1764092222.5', 1764092222500],
  ])('reads %s relative to now', (input, expected) => {
    expect(parseTime(input, NOW)).toBe(expected);
  });

  it('reads today and yesterday as local midnights', () => {
    expect(formatIsoTime(parseTime('today', NOW))).toBe('2026-11-24T23:00:00.000Z');
    expect(formatIsoTime(parseTime('yesterday', NOW))).toBe('2026-11-23T23:00:00.000Z');
    expect(formatIsoTime(parseTime('Today', NOW))).toBe('2026-11-24T23:00:00.000Z');
  });

  it.each([
    'tomorrow-ish',
    '2026-13-01',
    '2026-02-30',
    '2026-11-25T24:00',
    '2026-11-25T17:60',
    '2026-11-25T17:37:02+25:00',
    '25/11/2026',
    '7 fortnights ago',
    '',
    '@',
    '2026-11-25T17:37:02.123ZZ',
  ])('refuses %j with the accepted forms', (input) => {
    let error: unknown;
    try {
      parseTime(input, NOW);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toContain('invalid time');
    expect((error as UsageError).hint).toContain('see activity list --help');
    expect(((error as UsageError).hint ?? '').length).toBeLessThan(120);
  });

  it.each([
    ['1mo', '2026-10-25T17:37:02.123Z'],
    ['1 month ago', '2026-10-25T17:37:02.123Z'],
    ['2 months', '2026-09-25T16:37:02.123Z'], // the same local time, in summer time
    ['1y', '2025-11-25T17:37:02.123Z'],
    ['1 year ago', '2025-11-25T17:37:02.123Z'],
    ['1h30m', '2026-11-25T16:07:02.123Z'],
    ['2d 4h ago', '2026-11-23T13:37:02.123Z'],
    ['yesterday 10:00', '2026-11-24T09:00:00.000Z'],
    ['today 17:00', '2026-11-25T16:00:00.000Z'],
    ['17:00', '2026-11-25T16:00:00.000Z'],
    ['tomorrow', '2026-11-25T23:00:00.000Z'],
    ['tomorrow 09:30:15', '2026-11-26T08:30:15.000Z'],
    ['17:00 UTC', '2026-11-25T17:00:00.000Z'],
    ['yesterday 10:00 utc', '2026-11-24T10:00:00.000Z'],
    ['2026-11-25 17:37 UTC', '2026-11-25T17:37:00.000Z'],
    ['2026-11-25T17:37:02Z', '2026-11-25T17:37:02.000Z'],
  ])('reads %s as journalctl users write it', (input, expected) => {
    expect(formatIsoTime(parseTime(input, NOW))).toBe(expected);
  });

  it('counts a month back from the 31st to the last day of the month before', () => {
    expect(formatIsoTime(parseTime('1mo', Date.parse('2026-03-31T10:00:00.000Z')))).toBe('2026-02-28T11:00:00.000Z');
  });

  it('refuses 1M, which could be a minute or a month, and says how to write either', () => {
    expect(() => parseTime('1M', NOW)).toThrow(/M could be minutes or months/);
    expect(() => parseTime('30M', NOW)).toThrow(UsageError);
    expect(parseTime('30m', NOW)).toBe(NOW - 30 * 60_000);
  });

  it('names the nearest form in its hint', () => {
    const hint = (input: string) => {
      try {
        parseTime(input, NOW);
      } catch (error) {
        return (error as UsageError).hint;
      }
    };
    expect(hint('7 fortnights ago')).toMatch(/^e\.g\. 90s, 30m/);
    expect(hint('2026-13-01')).toMatch(/^e\.g\. 2026-11-25/);
    expect(hint('25:00')).toMatch(/^e\.g\. 17:00/);
    expect(hint('someday')).toMatch(/^e\.g\. now, today/);
  });

  it('refuses out-of-range instants', () => {
    expect(() => parseTime('@99999999999999', NOW)).toThrow(/out of range/);
  });

  it('only ISO forms are event times', () => {
    expect(() => parseIsoTime('7d')).toThrow(UsageError);
    expect(parseIsoTime('2026-11-25T17:37:02.123Z')).toBe(NOW);
  });

  it('refuses a --since after the --until, and accepts equal ones', () => {
    expect(() => parseTimeRange('2026-11-26', '2026-11-25', NOW)).toThrow(/later than --until/);
    expect(parseTimeRange('1h', '1h', NOW)).toEqual({ since: NOW - 3_600_000, until: NOW - 3_600_000 });
    expect(parseTimeRange(undefined, undefined, NOW)).toEqual({});
  });

  it('prints local times that parse back to the same instant', () => {
    for (const instant of [NOW, Date.parse('2026-07-01T00:00:00.001Z'), Date.parse('1999-12-31T23:59:59.999Z')]) {
      const printed = formatLocalTime(instant);
      expect(parseTime(printed, NOW)).toBe(instant);
    }
    expect(formatLocalTime(NOW)).toBe('2026-11-25 18:37:02.123 +01:00');
  });

  it('prints an instant whose zone offset had seconds (local mean time) in UTC, so it still parses back', () => {
    const zone = process.env.TZ;
    try {
      for (const [tz, iso] of [
        ['Africa/Monrovia', '1969-12-31T00:00:00.000Z'],
        ['Asia/Kolkata', '0001-06-01T12:00:00.000Z'],
        ['Europe/Amsterdam', '1920-01-01T00:00:00.000Z'],
        ['Etc/GMT+5', '0000-01-01T00:00:00.000Z'],
        ['Etc/GMT-5', '9999-12-31T23:00:00.000Z'],
      ] as const) {
        process.env.TZ = tz;
        const instant = Date.parse(iso);
        expect({ tz, back: parseTime(formatLocalTime(instant), NOW) }).toEqual({ tz, back: instant });
      }
      process.env.TZ = 'Africa/Monrovia';
      expect(formatLocalTime(Date.parse('1969-12-31T00:00:00.000Z'))).toBe('1969-12-31 00:00:00.000 +00:00');
    } finally {
      process.env.TZ = zone;
    }
  });
});

describe('formatIsoTime', () => {
  it('matches toISOString across days, years and edges', () => {
    const instants = [
      0,
      1,
      999,
      86_399_999,
      86_400_000,
      Date.parse('2024-02-29T23:59:59.999Z'),
      Date.parse('1969-12-31T23:59:59.999Z'),
      Date.parse('0001-01-01T00:00:00.000Z'),
      Date.parse('9999-12-31T23:59:59.999Z'),
      NOW,
    ];
    for (let i = 0; i < 2000; i++) instants.push(Math.floor(Math.random() * 253402300799999));
    for (const instant of instants) expect(formatIsoTime(instant)).toBe(new Date(instant).toISOString());
  });
});
