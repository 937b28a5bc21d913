import type { ChalkInstance } from 'chalk';
import type { TokenInfo } from '../core/token.js';

/** `token list`: a row a token (never the token itself), or JSON for scripts. */
export function renderTokens(tokens: readonly TokenInfo[], json: boolean, chalk: ChalkInstance): string {
  if (json) return `${JSON.stringify(tokens)}\n`;
  if (tokens.length === 0) return '';
  const rows = [
    ['NAME', 'SCOPE', 'CREATED', 'LAST USED'],
    ...tokens.map((t) => [t.name, t.scope, t.created, t.lastUsed ?? 'never']),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
  return rows
    .map((row, r) => {
      const line = row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ');
      return r === 0 ? chalk.bold(line) : line;
    })
    .map((line) => `${line}\n`)
    .join('');
}
