/** Search and filters, combinable (an AND of terms, each list an OR); every change is a new address. */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { type FilterText, isEmptyFilterText } from '../core/filter-codec.js';
import { ACTION_LABELS, ACTIONS, parseResourceType } from '../core/resource-types.js';
import { sanitize } from '../core/sanitize.js';
import { DateRange } from './date-range.js';
import { itemsOf, withList, withSingle } from './filter-terms.js';
import type { EntryKind } from './route.js';
import { TypeMenu } from './type-menu.js';
import { UserPicker } from './user-picker.js';

/** A pause in typing this long runs the search: not a request a keystroke. */
const SEARCH_DELAY_MS = 300;

export interface FilterBarProps {
  filter: FilterText;
  users: readonly string[] | undefined;
  onChange(filter: FilterText, kind?: EntryKind): void;
  /** The user list is opened: read the users anew. */
  onUsersWanted?(): void;
}

/** The types of a filter as their slugs (`Node Pools` from a shared link is `node-pool`); unknown ones left to the server to name. */
const typesOf = (filter: FilterText): string[] =>
  itemsOf(filter.type).flatMap((type) => {
    try {
      return [parseResourceType(type)];
    } catch {
      return [];
    }
  });

/** Terms the bar has no control for, that a shared link or the CLI may hold: shown, and removable. */
const OTHER_TERMS = [
  ['account', 'Account'],
  ['resourceId', 'Resource ID'],
  ['recordedBy', 'Recorded by'],
] as const;

export function FilterBar({ filter, users, onChange, onUsersWanted }: FilterBarProps) {
  const search = useRef<HTMLElement>(null);
  const actions = itemsOf(filter.action).map((action) => action.toLowerCase());
  return (
    <search class="filters" aria-label="Filter the log" ref={search}>
      <SearchInput
        value={filter.search ?? ''}
        onChange={(search) => onChange(withSingle(filter, 'search', search), 'search')}
      />
      <UserPicker
        users={users}
        selected={filter.user ?? []}
        onChange={(chosen) => onChange(withList(filter, 'user', chosen))}
        onOpen={onUsersWanted}
      />
      <fieldset class="field actions">
        <legend class="label">Action</legend>
        <div class="toggles">
          {ACTIONS.map((action) => (
            <button
              key={action}
              type="button"
              class={`toggle toggle-${action}`}
              aria-pressed={actions.includes(action)}
              onClick={() =>
                onChange(
                  withList(
                    filter,
                    'action',
                    ACTIONS.filter((a) => (a === action ? !actions.includes(a) : actions.includes(a))),
                  ),
                )
              }
            >
              {ACTION_LABELS[action]}
            </button>
          ))}
        </div>
      </fieldset>
      <TypeMenu selected={typesOf(filter)} onChange={(types) => onChange(withList(filter, 'type', types))} />
      <DateRange
        since={filter.since}
        until={filter.until}
        onChange={(since, until, kind) =>
          onChange(withSingle(withSingle(filter, 'since', since), 'until', until), kind)
        }
      />
      {OTHER_TERMS.flatMap(([key, label]) =>
        (filter[key] ?? []).map((value) => (
          <button
            key={`${key}:${value}`}
            type="button"
            class="chip"
            aria-label={`Remove ${label.toLowerCase()} ${sanitize(value)}`}
            onClick={() =>
              onChange(
                withList(
                  filter,
                  key,
                  (filter[key] ?? []).filter((other) => other !== value),
                ),
              )
            }
          >
            {`${label}: ${sanitize(value)}`} <span aria-hidden="true">×</span>
          </button>
        )),
      )}
      {!isEmptyFilterText(filter) && (
        <button
          type="button"
          class="clear"
          onClick={() => {
            onChange({});
            // The button goes with the filters: the keyboard's focus goes to the search, where a new one starts.
            search.current?.querySelector('input')?.focus();
          }}
        >
          Clear filters
        </button>
      )}
    </search>
  );
}

function SearchInput({ value, onChange }: { value: string; onChange(value: string): void }) {
  const id = useId();
  const [text, setText] = useState(value);
  // The filter may change while the timer runs (a type picked meanwhile): the latest is changed.
  const change = useRef(onChange);
  change.current = onChange;
  // The address changed (back, forward, Clear filters): the box follows it.
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const timer = setTimeout(() => change.current(text), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, value]);
  return (
    <div class="field search">
      <label for={id}>Search</label>
      <input
        id={id}
        type="search"
        // The server's limit (the API's search parameter): typed past it, the log would only refuse.
        maxLength={256}
        placeholder="Name or action"
        value={text}
        onInput={(event) => setText(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && text !== value) onChange(text);
        }}
      />
    </div>
  );
}
