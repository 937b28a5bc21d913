import type { ChalkInstance } from 'chalk';
import type { ResourceUrl } from '../core/console-url.js';
import type { ActivityEvent } from '../core/event.js';
import { formatLocalTime } from '../core/time.js';
import { hyperlink } from './hyperlink.js';
import { relativeTime } from './relative-time.js';
import { sanitize, sanitizeJson } from './sanitize.js';
import { actionBadge, typeLabel } from './table.js';

export interface ShowOptions {
  chalk: ChalkInstance;
  now: number;
  /** The resource's console page. */
  url: ResourceUrl;
  /** OSC 8 hyperlinks (Output.hyperlinks). */
  hyperlinks: boolean;
}

/** `activity show`: one event in full, a field a line, details pretty-printed. */
export function renderEventDetails(e: ActivityEvent, options: ShowOptions): string {
  const c = options.chalk;
  const at = Date.parse(e.time);
  const url = options.url;
  const consoleLine =
    url.kind === 'deleted'
      ? c.red('resource deleted — no link')
      : url.kind === 'no-template'
        ? c.dim('no link template (set "linkTemplate" in the config, or ACTIVITY_LINK_TEMPLATE)')
        : options.hyperlinks
          ? hyperlink(url.url, sanitize(url.url))
          : sanitize(url.url);
  const fields: [string, string][] = [
    ['Time', `${formatLocalTime(at)} (${relativeTime(at, options.now)})`],
    ['User', sanitize(e.user)],
    ['Type', `${typeLabel(e.type)} (${sanitize(e.type)})`],
    ['Name', sanitize(e.name)],
    ['Resource ID', e.resourceId === null ? c.dim('none') : sanitize(e.resourceId)],
    ['Account', e.account === null ? c.dim('none') : sanitize(e.account)],
    ['Link', consoleLine],
    ['Event ID', sanitize(e.id)],
    ['Seq', String(e.seq)],
    ['Hash', e.hash],
    ['Recorded by', e.recordedBy === undefined ? c.dim('directly, not through a server') : `token ${e.recordedBy}`],
  ];
  const width = Math.max(...fields.map(([label]) => label.length));
  let text = `${actionBadge(e.action, c)}  ${c.cyan(`[${typeLabel(e.type)}]`)} ${sanitize(e.name)}\n`;
  for (const [label, value] of fields) text += `  ${c.bold(label.padEnd(width))}  ${value}\n`;
  text += `  ${c.bold('Details'.padEnd(width))}  `;
  if (e.details === null) return `${text}${c.dim('none')}\n`;
  const pretty = JSON.stringify(JSON.parse(e.details), null, 2).split('\n').map(sanitizeJson);
  return `${text}\n${pretty.map((line) => `    ${line}\n`).join('')}`;
}
