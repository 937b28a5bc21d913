/**
 * The type filter: a button that opens a panel of the 13 types as checkboxes (any number:
 * an OR, as `--type a,b`). Escape, or a click elsewhere, closes it and gives the button
 * its focus back.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { RESOURCE_TYPES, TYPE_LABELS } from '../core/resource-types.js';
import { TypeIcon } from './icons.js';

export interface TypeMenuProps {
  /** The chosen types' slugs. */
  selected: readonly string[];
  onChange(types: string[]): void;
}

export function TypeMenu({ selected, onChange }: TypeMenuProps) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const closeOutside = (event: Event) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', closeOutside);
    document.addEventListener('focusin', closeOutside);
    return () => {
      document.removeEventListener('pointerdown', closeOutside);
      document.removeEventListener('focusin', closeOutside);
    };
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const chosen = new Set(selected);
  const summary =
    selected.length === 0
      ? 'Any type'
      : selected.length === 1
        ? (TYPE_LABELS[selected[0] as keyof typeof TYPE_LABELS] ?? selected[0])
        : `${selected.length} types`;
  const toggle = (type: string) =>
    onChange(RESOURCE_TYPES.filter((other) => (other === type ? !chosen.has(other) : chosen.has(other))));

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape anywhere in the menu closes it; the controls inside are the interactive ones
    <div
      class="field menu"
      ref={root}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          close();
        }
      }}
    >
      <span class="label" id={`${id}-label`}>
        Type
      </span>
      <button
        type="button"
        ref={button}
        class="menu-button"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        aria-labelledby={`${id}-label ${id}-button`}
        id={`${id}-button`}
        onClick={() => setOpen(!open)}
      >
        {summary}
      </button>
      <fieldset id={`${id}-panel`} class="menu-panel" hidden={!open}>
        <legend class="sr-only">Resource types</legend>
        {RESOURCE_TYPES.map((type) => (
          <label key={type} class="check">
            <input type="checkbox" checked={chosen.has(type)} onChange={() => toggle(type)} />
            <TypeIcon type={type} />
            {TYPE_LABELS[type]}
          </label>
        ))}
        {selected.length > 0 && (
          <button type="button" class="link-button" onClick={() => onChange([])}>
            Any type
          </button>
        )}
      </fieldset>
    </div>
  );
}
