import { sanitize } from './sanitize.js';

/** An OSC 8 hyperlink; the URL is sanitized, so it cannot end the sequence early. */
export const hyperlink = (url: string, text: string): string =>
  `\u001b]8;;${sanitize(url)}\u001b\\${text}\u001b]8;;\u001b\\`;
