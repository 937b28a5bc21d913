/** The view's filter as the `activity list` command that prints the same events in a terminal, ready to copy. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { type FilterText, filterToArgs } from '../core/filter-codec.js';
import { sanitize } from '../core/sanitize.js';

/** A word as a POSIX shell reads it back: the CLI's own quoting (src/commands/options.ts). */
const shellQuote = (arg: string): string =>
  /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;

/**
 * A word with characters a terminal would act on (or that hide text), as bash's and zsh's
 * `$'…'` quoting: escapes that read back to the same characters, so the command finds the
 * same events, and nothing raw is pasted into a terminal.
 */
const ansiCQuote = (arg: string): string => {
  const escaped = [...arg].map((char) => {
    if (char === '\\' || char === "'") return `\\${char}`;
    if (sanitize(char) === char) return char;
    const code = char.charCodeAt(0);
    return code < 0x80 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
  return `$'${escaped.join('')}'`;
};

/** The command as shown and copied. */
export const listCommand = (filter: FilterText): string =>
  [
    'activity',
    'list',
    ...filterToArgs(filter).map((arg) => (sanitize(arg) === arg ? shellQuote(arg) : ansiCQuote(arg))),
  ].join(' ');

/** How long "Copied" stays. */
const CONFIRM_MS = 3000;

export function CommandLine({ filter }: { filter: FilterText }) {
  const command = listCommand(filter);
  const code = useRef<HTMLElement>(null);
  const [status, setStatus] = useState('');

  useEffect(() => {
    if (status === '') return;
    const timer = setTimeout(() => setStatus(''), CONFIRM_MS);
    return () => clearTimeout(timer);
  }, [status]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(command);
      setStatus('Copied to the clipboard.');
    } catch {
      // No clipboard (a page served over plain HTTP to another machine): select it for Ctrl+C.
      if (code.current) getSelection()?.selectAllChildren(code.current);
      setStatus('Selected: press Ctrl+C (⌘C) to copy.');
    }
  };

  return (
    <div class="command">
      <span class="label">In a terminal</span>
      <code ref={code}>{command}</code>
      <button type="button" onClick={copy}>
        Copy command
      </button>
      <output class="status">{status}</output>
    </div>
  );
}
