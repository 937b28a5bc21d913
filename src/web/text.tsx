/**
 * Event fields are untrusted text. Preact writes them as text nodes (never HTML); control
 * characters and the invisible bidi controls are shown escaped, as the terminal shows them
 * (`\x1b`, `\u{202e}`), and <bdi> keeps right-to-left text from reordering what is around it.
 */
import { sanitize } from '../core/sanitize.js';

export function Text({ value, class: className }: { value: string; class?: string }) {
  return <bdi class={className}>{sanitize(value)}</bdi>;
}

const COUNT = new Intl.NumberFormat('en-US');

/** `1,234`, as the CLI writes counts. */
export const formatCount = (n: number): string => COUNT.format(n);
