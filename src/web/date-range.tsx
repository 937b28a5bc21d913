/**
 * The date range: presets counted back from now (kept relative in the URL, `since=7d`, so
 * a bookmark means "the last 7 days" whenever it is opened), or a custom range of local
 * dates and times, kept as absolute instants so that a shared link means the same range
 * in every time zone.
 */
import { useEffect, useId, useState } from 'preact/hooks';
import { formatIsoTime, parseIsoTime, parseTime } from '../core/time.js';
import type { EntryKind } from './route.js';

const PRESETS: [value: string, label: string][] = [
  ['1h', 'Last hour'],
  ['24h', 'Last 24 hours'],
  ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'],
];
const ANY = '';
const CUSTOM = 'custom';

export interface DateRangeProps {
  since: string | undefined;
  until: string | undefined;
  /** A custom date is an edit: a date typed field by field changes the range at each field. */
  onChange(since: string | undefined, until: string | undefined, kind?: EntryKind): void;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as a datetime-local input's value: `2026-11-25T17:37`, in the reader's time zone. */
function localInputValue(text: string | undefined): string {
  if (text === undefined) return '';
  try {
    const d = new Date(parseTime(text, Date.now()));
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  } catch {
    return '';
  }
}

/** A datetime-local value (the reader's local time) as an absolute instant, or undefined when empty. */
const instantOf = (value: string): string | undefined =>
  value === '' ? undefined : formatIsoTime(parseIsoTime(value, { naive: 'local' }));

export function DateRange({ since, until, onChange }: DateRangeProps) {
  const id = useId();
  const preset = until === undefined && PRESETS.some(([value]) => value === since) ? (since as string) : undefined;
  const inAddress = since === undefined && until === undefined ? ANY : (preset ?? CUSTOM);
  // Custom chosen, its dates not given yet: the address still holds the range before.
  const [customChosen, setCustomChosen] = useState(false);
  useEffect(() => {
    if (inAddress !== CUSTOM) setCustomChosen(false);
  }, [since, until]);
  const choice = customChosen ? CUSTOM : inAddress;
  const [problem, setProblem] = useState<string | undefined>(undefined);

  const onCustom = (from: string, to: string) => {
    const [start, end] = [instantOf(from), instantOf(to)];
    if (start !== undefined && end !== undefined && start > end) {
      setProblem('The start is after the end: swap them.');
      return;
    }
    setProblem(undefined);
    onChange(start, end, 'dates');
  };

  return (
    <div class="field date-range">
      <label for={`${id}-preset`}>Date range</label>
      <select
        id={`${id}-preset`}
        value={choice}
        onChange={(event) => {
          const value = event.currentTarget.value;
          setCustomChosen(value === CUSTOM);
          setProblem(undefined);
          if (value !== CUSTOM) onChange(value === ANY ? undefined : value, undefined);
        }}
      >
        <option value={ANY}>Any time</option>
        {PRESETS.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
        <option value={CUSTOM}>Custom range…</option>
      </select>
      {choice === CUSTOM && (
        <div class="custom-range">
          <label>
            From
            <input
              type="datetime-local"
              value={localInputValue(since)}
              onChange={(event) => onCustom(event.currentTarget.value, localInputValue(until))}
            />
          </label>
          <label>
            To
            <input
              type="datetime-local"
              value={localInputValue(until)}
              onChange={(event) => onCustom(localInputValue(since), event.currentTarget.value)}
            />
          </label>
          {problem !== undefined && (
            <p class="problem" role="alert">
              {problem}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
