import { echo, UsageError } from './errors.js';

/** Epoch milliseconds: the one representation of an instant inside the tool. */
export type Instant = number;

const MIN_INSTANT = -62167219200000; // 0000-01-01T00:00:00.000Z
const MAX_INSTANT = 253402300799999; // 9999-12-31T23:59:59.999Z

/** Where the whole grammar is, for errors: each names the nearest form and points there. */
const SEE_HELP = 'see activity list --help for every form';

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;
/** One or more amounts with units (`90s`, `1h30m`, `2 days 4 hours`), optionally `ago`. */
const AGO = /^-?((?:\d{1,9}\s*[a-z]+\s*)+?)(?:\s+ago)?$/;
const AMOUNT = /(\d{1,9})\s*([a-z]+)/g;
const UNIX = /^@(-?\d{1,15}(?:\.\d{1,9})?)$/;
/** `17:00`, `yesterday 10:00`, `tomorrow 09:30:15`: a time of day, today or on a named day. */
const DAY_TIME = /^(?:(today|yesterday|tomorrow)\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const DAY_OFFSET = new Map([
  ['today', 0],
  ['yesterday', -1],
  ['tomorrow', 1],
]);

// Maps, not objects: a unit typed as `constructor` must not find Object's prototype.
const UNIT_MS = new Map<string, number>();
for (const [ms, names] of [
  [1_000, ['s', 'sec', 'secs', 'second', 'seconds']],
  [60_000, ['m', 'min', 'mins', 'minute', 'minutes']],
  [3_600_000, ['h', 'hr', 'hrs', 'hour', 'hours']],
  [86_400_000, ['d', 'day', 'days']],
  [604_800_000, ['w', 'wk', 'wks', 'week', 'weeks']],
] as const) {
  for (const name of names) UNIT_MS.set(name, ms);
}
/** Calendar units: a month back from the 31st is the last day of the month before, as calendars count. */
const CALENDAR_MONTHS = new Map<string, number>();
for (const [months, names] of [
  [1, ['mo', 'mos', 'mon', 'mons', 'month', 'months']],
  [12, ['y', 'yr', 'yrs', 'year', 'years']],
] as const) {
  for (const name of names) CALENDAR_MONTHS.set(name, months);
}

/** An example of the form `input` looks closest to. */
function nearestForm(input: string): string {
  const text = input.trim();
  if (/^\d{4}-/.test(text)) return 'e.g. 2026-11-25, 2026-11-25T17:37 or 2026-11-25 17:37:02 +01:00';
  if (text.includes(':')) return 'e.g. 17:00, yesterday 10:00 or 2026-11-25 17:37';
  if (/^-?\d/.test(text)) return 'e.g. 90s, 30m, 2h, 7d, 2w, 1mo, 1y, 1h30m or "3 hours ago"';
  if (text.startsWith('@')) return 'e.g. @1764092222 (unix seconds)';
  return 'e.g. now, today, yesterday, tomorrow, 7d or 2026-11-25';
}

function invalid(input: string, why?: string): UsageError {
  return new UsageError(`invalid time ${echo(input)}${why ? `: ${why}` : ''}`, `${nearestForm(input)}; ${SEE_HELP}`);
}

function inRange(input: string, instant: number): Instant {
  if (!Number.isFinite(instant) || instant < MIN_INSTANT || instant > MAX_INSTANT) {
    throw invalid(input, 'out of range (years 0000 to 9999)');
  }
  return instant;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
const daysInMonth = (year: number, month: number) =>
  month === 2 && isLeapYear(year) ? 29 : (MONTH_DAYS[month - 1] ?? Number.NaN);

const CANONICAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The instant of a time in formatIsoTime's form (`2026-11-25T17:37:02.123Z`), which is
 * how exports carry it; undefined for any other text, or a date or time of day that does
 * not exist. Read digit by digit: parsing and formatting back was a large part of
 * validating an imported event.
 */
export function canonicalInstant(text: string): Instant | undefined {
  if (!CANONICAL_TIME.test(text)) return undefined;
  const at = (from: number, to: number) => {
    let n = 0;
    for (let i = from; i < to; i++) n = n * 10 + text.charCodeAt(i) - 48;
    return n;
  };
  const year = at(0, 4);
  const month = at(5, 7);
  const day = at(8, 10);
  const hour = at(11, 13);
  const minute = at(14, 16);
  const second = at(17, 19);
  // Date.UTC reads years 0–99 as 1900–1999: those take the general path.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, at(20, 23));
}

/**
 * Only the ISO forms: what an NDJSON event's `time` may hold. Without an offset it is
 * local time for a flag (reference §4), and UTC for an event's own field, which reference §1
 * defines as UTC: the same file must give the same events on every machine.
 */
export function parseIsoTime(input: string, { naive = 'local' }: { naive?: 'local' | 'utc' } = {}): Instant {
  const m = ISO.exec(input.trim());
  if (!m) throw invalid(input);
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', offset] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const ms = Number(frac.slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) throw invalid(input, 'no such date');
  if (hour > 23 || minute > 59 || second > 59) throw invalid(input, 'no such time of day');
  if (offset === undefined && naive === 'local') {
    // Local time, as TZ says; setFullYear keeps years below 100 from meaning 19xx.
    const local = new Date(2000, month - 1, day, hour, minute, second, ms);
    local.setFullYear(year);
    return inRange(input, local.getTime());
  }
  const utc = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, ms));
  utc.setUTCFullYear(year);
  let offsetMinutes = 0;
  if (offset !== undefined && offset !== 'Z' && offset !== 'z') {
    const sign = offset.startsWith('-') ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || '0');
    if (oh > 23 || om > 59) throw invalid(input, 'no such UTC offset');
    offsetMinutes = sign * (oh * 60 + om);
  }
  return inRange(input, utc.getTime() - offsetMinutes * 60_000);
}

/** The whole grammar of reference §4. `now` is passed in so tests and callers agree on it. */
export function parseTime(input: string, now: Instant): Instant {
  // `M` alone is a minute to some and a month to others: refused rather than guessed.
  if (/^-?\d+\s*M$/.test(input.trim())) {
    throw new UsageError(
      `invalid time ${echo(input)}: M could be minutes or months`,
      'write 30m for minutes, 1mo for months',
    );
  }
  // A trailing UTC (or Z) reads what comes before it in UTC rather than local time.
  const utc = /\s+(utc|z)$/i.exec(input.trim());
  const text = (utc ? input.trim().slice(0, utc.index) : input).trim().toLowerCase();
  if (text === 'now') return now;
  const day = DAY_OFFSET.get(text);
  if (day !== undefined) return dayTime(now, day, [0, 0, 0], utc !== null);
  const unix = UNIX.exec(text);
  if (unix) return inRange(input, Math.floor(Number(unix[1]) * 1000));
  const at = DAY_TIME.exec(text);
  if (at) {
    const [hour, minute, second] = [Number(at[2]), Number(at[3]), Number(at[4] ?? 0)];
    if (hour > 23 || minute > 59 || second > 59) throw invalid(input, 'no such time of day');
    return inRange(input, dayTime(now, DAY_OFFSET.get(at[1] ?? 'today') ?? 0, [hour, minute, second], utc !== null));
  }
  const ago = AGO.exec(text);
  if (ago) return inRange(input, back(input, ago[1] ?? '', now));
  if (utc) {
    if (!ISO.exec(text) || /(z|[+-]\d\d(:?\d\d)?)$/.test(text.slice(10))) throw invalid(input);
    return parseIsoTime(`${text}Z`);
  }
  return parseIsoTime(input);
}

/** `now` less every amount of `amounts` (`1h30m`, `1mo`): fixed units, then calendar months, in local time. */
function back(input: string, amounts: string, now: Instant): Instant {
  let ms = 0;
  let months = 0;
  for (const [, count, unit = ''] of amounts.matchAll(AMOUNT)) {
    const fixed = UNIT_MS.get(unit);
    const calendar = CALENDAR_MONTHS.get(unit);
    if (fixed !== undefined) ms += Number(count) * fixed;
    else if (calendar !== undefined) months += Number(count) * calendar;
    else throw invalid(input, `unknown unit ${echo(unit)}`);
  }
  if (months === 0) return now - ms;
  const date = new Date(now);
  const day = date.getDate();
  date.setDate(1);
  date.setMonth(date.getMonth() - months);
  date.setDate(Math.min(day, daysInMonth(date.getFullYear(), date.getMonth() + 1)));
  return date.getTime() - ms;
}

/** A time of day on the day `days` from today's: local, or UTC. */
function dayTime(now: Instant, days: number, [hour, minute, second]: readonly number[], utc: boolean): Instant {
  const d = new Date(now);
  return utc
    ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + days, hour, minute, second)
    : new Date(d.getFullYear(), d.getMonth(), d.getDate() + days, hour, minute, second).getTime();
}

export interface TimeRange {
  since?: Instant;
  until?: Instant;
}

/** `--since`/`--until` together: each parsed, and an empty-by-construction range refused. */
export function parseTimeRange(since: string | undefined, until: string | undefined, now: Instant): TimeRange {
  const range: TimeRange = {};
  if (since !== undefined) range.since = parseTime(since, now);
  if (until !== undefined) range.until = parseTime(until, now);
  if (range.since !== undefined && range.until !== undefined && range.since > range.until) {
    throw new UsageError(`--since ${since} is later than --until ${until}`, 'swap them');
  }
  return range;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `00` to `59`, and `000` to `999`: the seconds and milliseconds of a time, without padding each. */
const SECONDS = Array.from({ length: 60 }, (_, n) => pad(n));
const MILLISECONDS = Array.from({ length: 1000 }, (_, n) => pad(n, 3));

let cachedMinute = Number.NaN;
let cachedMinuteText = '';

/**
 * `2026-11-25T17:37:02.123Z`: the stored and exported form. Same result as
 * toISOString(), which was a large part of an export's time; events come in runs
 * of the same minute, so the date, hour and minute are reused and only the seconds are added.
 */
export function formatIsoTime(instant: Instant): string {
  const minute = Math.floor(instant / 60_000);
  if (minute !== cachedMinute) {
    cachedMinuteText = new Date(minute * 60_000).toISOString().slice(0, -7);
    cachedMinute = minute;
  }
  const ms = instant - minute * 60_000;
  return `${cachedMinuteText}${SECONDS[Math.floor(ms / 1000)]}.${MILLISECONDS[ms % 1000]}Z`;
}

/** `2026-11-25`: the local date of an instant. */
export function formatLocalDay(instant: Instant): string {
  const d = new Date(instant);
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * `2026-11-25 18:37:02.123 +01:00`: local wall time that still names one instant. Old
 * local mean times had offsets with seconds (Monrovia: -00:44:30), which ±HH:MM cannot
 * carry, and the first and last hours of the years 0000-9999 fall outside them in some
 * zones: such an instant is shown in UTC instead, so that it still parses back.
 */
export function formatLocalTime(instant: Instant): string {
  const d = new Date(instant);
  const wall = new Date(
    Date.UTC(2000, d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds()),
  ).setUTCFullYear(d.getFullYear());
  const offsetMinutes = (wall - instant) / 60_000;
  // Also in UTC: a local date outside the years 0000-9999 that the grammar reads.
  if (!Number.isInteger(offsetMinutes) || d.getFullYear() < 0 || d.getFullYear() > 9999) {
    return `${formatIsoTime(instant).slice(0, -1).replace('T', ' ')} +00:00`;
  }
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)} ` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}
