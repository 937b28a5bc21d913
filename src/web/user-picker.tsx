/**
 * The user filter: pick from the store's users, narrowed by typing (there may be
 * thousands). The ARIA combobox pattern: a text input that owns a listbox; Up and Down
 * move through the options, Enter picks, Escape closes (and a second Escape clears).
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { sanitize } from '../core/sanitize.js';
import { Text } from './text.js';

/** Options listed at once: more is a wall of names; typing narrows it. */
const SHOWN = 50;

export interface UserPickerProps {
  /** Every user the events name; undefined while they load. */
  users: readonly string[] | undefined;
  selected: readonly string[];
  onChange(users: string[]): void;
  /** The list is opened: a chance to read the users anew (new ones appear as events are recorded). */
  onOpen?(): void;
}

export function UserPicker({ users, selected, onChange, onOpen }: UserPickerProps) {
  const id = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);

  const chosen = new Set(selected.map((user) => user.toLowerCase()));
  const needle = text.trim().toLowerCase();
  const matches = (users ?? []).filter(
    (user) => !chosen.has(user.toLowerCase()) && user.toLowerCase().includes(needle),
  );
  const options = matches.slice(0, SHOWN);
  const activeIndex = Math.min(active, options.length - 1);

  const pick = (user: string) => {
    onChange([...selected, user]);
    setText('');
    setOpen(false);
  };
  const move = (by: number) => {
    setOpen(true);
    setActive(open ? (activeIndex + by + options.length) % Math.max(options.length, 1) : 0);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      move(event.key === 'ArrowDown' ? 1 : -1);
    } else if (event.key === 'Enter') {
      // Enter in a form would submit it: here it picks the highlighted user, if the list is open.
      event.preventDefault();
      const user = open ? options[activeIndex] : undefined;
      if (user !== undefined) pick(user);
    } else if (event.key === 'Escape') {
      if (open) setOpen(false);
      else setText('');
    }
  };

  const listId = `${id}-list`;
  const optionId = (i: number) => `${id}-option-${i}`;
  const expanded = open && users !== undefined;
  // aria-activedescendant moves no scroll bar: the highlighted user is brought into view here.
  useEffect(() => {
    if (expanded) document.getElementById(optionId(activeIndex))?.scrollIntoView({ block: 'nearest' });
  }, [expanded, activeIndex]);
  return (
    <div class="field user-picker">
      <label for={`${id}-input`}>User</label>
      {selected.length > 0 && (
        <ul class="chips" aria-label="Users chosen">
          {selected.map((user) => (
            <li key={user}>
              <button
                type="button"
                class="chip"
                aria-label={`Remove user ${sanitize(user)}`}
                onClick={() => {
                  onChange(selected.filter((other) => other !== user));
                  // The chip is gone: the keyboard's focus goes on to the field, not to the page's top.
                  input.current?.focus();
                }}
              >
                <Text value={user} /> <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="combobox">
        <input
          id={`${id}-input`}
          ref={input}
          type="text"
          role="combobox"
          autocomplete="off"
          spellcheck={false}
          placeholder={users === undefined ? 'Loading users…' : selected.length > 0 ? 'Add a user…' : 'Any user'}
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded && activeIndex >= 0 ? optionId(activeIndex) : undefined}
          value={text}
          onInput={(event) => {
            setText(event.currentTarget.value);
            setActive(0);
            setOpen(true);
          }}
          onFocus={() => {
            setOpen(true);
            onOpen?.();
          }}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
        />
        {/* Out of the Tab order: a scrolling box is otherwise a stop, and the input's blur would hide it under the focus. */}
        <div id={listId} role="listbox" aria-label="Users" class="listbox" hidden={!expanded} tabIndex={-1}>
          {options.map((user, i) => (
            <div
              key={user}
              id={optionId(i)}
              role="option"
              // Reached by the arrow keys (aria-activedescendant), never by Tab.
              tabIndex={-1}
              aria-selected={i === activeIndex}
              class={i === activeIndex ? 'option active' : 'option'}
              // Picked on mousedown, before the input's blur closes the list.
              onMouseDown={(event) => {
                event.preventDefault();
                pick(user);
              }}
            >
              <Text value={user} />
            </div>
          ))}
          {options.length === 0 && <div class="option-note">{needle === '' ? 'No users' : 'No user matches'}</div>}
          {matches.length > SHOWN && (
            <div class="option-note">{`${matches.length - SHOWN} more: type to narrow the list`}</div>
          )}
        </div>
      </div>
    </div>
  );
}
