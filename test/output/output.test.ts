import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../src/core/event.js';
import { toJson } from '../../src/core/event-json.js';
import { formatCount } from '../../src/output/events.js';
import { csvCell, toCsvLine, toTsvLine, writeEventStream } from '../../src/output/formats.js';
import { colorEnabled } from '../../src/output/io.js';
import { sanitize, sanitizeJson } from '../../src/output/sanitize.js';
import { actionBadge, renderEventTable } from '../../src/output/table.js';
import { displayWidth, stripAnsi } from '../../src/output/width.js';

const event: ActivityEvent = {
  seq: 7,
  id: 'evt-1',
  time: '2026-11-25T17:34:02.123Z',
  action: 'delete',
  type: 'node-pool',
  name: 'gpu-pool',
  resourceId: 'np-1',
  account: 'acme',
  user: "Siobhán O'Brien, Jr.",
  details: '{"replicas":{"from":2,"to":3}}',
  hash: 'ab'.repeat(32),
};
const NOW = Date.parse('2026-11-25T17:37:02.123Z');

/** A small RFC 4180 reader, to check what we write parses back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('formats (reference §5)', () => {
  it('writes tsv columns in order, escaping control characters', () => {
    const line = toTsvLine({ ...event, name: 'a\tb\nc\u001b[31m', account: null });
    expect(line).toBe(
      `7\tevt-1\t2026-11-25T17:34:02.123Z\tdelete\tnode-pool\ta\\x09b\\x0ac\\x1b[31m\tnp-1\t\tSiobhán O'Brien, Jr.\n`,
    );
    expect(line.split('\t')).toHaveLength(9);
  });

  it('writes csv that parses back, with formula cells neutralized unless raw', () => {
    const hostile = { ...event, name: '=HYPERLINK("http://x")', user: '+1, "quoted"\nline', account: '@acme' };
    const [cells] = parseCsv(toCsvLine(hostile, false));
    expect(cells).toEqual([
      '7',
      'evt-1',
      '2026-11-25T17:34:02.123Z',
      'delete',
      'node-pool',
      `'=HYPERLINK("http://x")`,
      'np-1',
      `'@acme`,
      `'+1, "quoted"\nline`,
      '{"replicas":{"from":2,"to":3}}',
    ]);
    expect(parseCsv(toCsvLine(hostile, true))[0]?.[5]).toBe('=HYPERLINK("http://x")');
    expect(csvCell('-5', false)).toBe("'-5");
    expect(csvCell('\tx', false)).toBe("'\tx");
    expect(csvCell('\rx', false)).toBe(`"'\rx"`);
  });

  it('writes json and ndjson losslessly, in the field order of reference §1', async () => {
    const raw = { ...event, name: 'a\u001b]0;title\u0007' };
    expect(JSON.parse(toJson(raw))).toEqual({ ...raw, details: { replicas: { from: 2, to: 3 } } });
    expect(Object.keys(JSON.parse(toJson(raw)))).toEqual([
      'seq',
      'id',
      'time',
      'action',
      'type',
      'name',
      'resourceId',
      'account',
      'user',
      'details',
      'hash',
    ]);
    let text = '';
    async function* two() {
      yield [event];
      yield [];
      yield [{ ...event, seq: 8 }];
    }
    await writeEventStream(two(), 'json', async (t) => {
      text += t;
    });
    const parsed = { ...event, details: JSON.parse(event.details ?? 'null') };
    expect(JSON.parse(text)).toEqual([parsed, { ...parsed, seq: 8 }]);
    text = '';
    await writeEventStream((async function* () {})(), 'json', async (t) => {
      text += t;
    });
    expect(JSON.parse(text)).toEqual([]);
  });

  it('formats counts with thousands separators', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1234)).toBe('1,234');
    expect(formatCount(1000000)).toBe('1,000,000');
  });
});

describe('terminal safety', () => {
  it('escapes C0, DEL, C1, bidi controls and backslashes, and nothing else', () => {
    expect(sanitize('plain José 名前')).toBe('plain José 名前');
    expect(sanitize('a\u0000b\u007fc\u009bd')).toBe('a\\x00b\\x7fc\\x9bd');
    expect(sanitize('\u001b]8;;http://evil\u0007x')).toBe('\\x1b]8;;http://evil\\x07x');
    expect(sanitize('abc\u202eevil')).toBe('abc\\u{202e}evil');
    expect(sanitize('C:\\x1b')).toBe('C:\\\\x1b');
  });

  it('keeps escaping injective', () => {
    expect(sanitize('\\x1b')).not.toBe(sanitize('\u001b'));
  });

  it('writes what JSON leaves raw as JSON escapes, so JSON text still reads back the same', () => {
    const value = { a: 'x\u007fy\u0085z\u202e', 'k\u009b': ['\u001b[2J', 'C:\\path'] };
    const shown = sanitizeJson(JSON.stringify(value, null, 2));
    expect(JSON.parse(shown)).toEqual(value);
    expect([...shown].filter((ch) => ch !== '\n' && (ch < ' ' || (ch >= '\u007f' && ch <= '\u009f')))).toEqual([]);
    expect(shown).not.toContain('\u202e');
  });
});

describe('colour (reference §5)', () => {
  it.each([
    ['always', {}, false, true],
    ['never', { FORCE_COLOR: '1' }, true, false],
    ['auto', { NO_COLOR: '1', FORCE_COLOR: '1' }, true, false],
    ['auto', { NO_COLOR: '' }, true, true],
    ['auto', { FORCE_COLOR: '1' }, false, true],
    ['auto', { FORCE_COLOR: '0' }, true, true],
    ['auto', { FORCE_COLOR: '0' }, false, false],
    ['auto', { FORCE_COLOR: '' }, false, true],
    ['auto', { FORCE_COLOR: 'false' }, false, false],
    ['auto', { FORCE_COLOR: 'false' }, true, true],
    ['auto', { NO_COLOR: '', FORCE_COLOR: '1' }, false, true],
    ['auto', {}, true, true],
    ['auto', {}, false, false],
  ] as const)('--color %s with %j, terminal %s → %s', (mode, env, tty, expected) => {
    expect(colorEnabled(mode, env, tty)).toBe(expected);
  });
});

describe('table', () => {
  it('aligns columns by display width and shows relative times', () => {
    const c = new Chalk({ level: 0 });
    const text = renderEventTable(
      [event, { ...event, name: '名前', action: 'create', time: '2026-11-24T17:37:02.123Z' }],
      {
        chalk: c,
        now: NOW,
      },
    );
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Name\s+Action\s+Created At\s+User$/);
    expect(lines[1]).toContain('[Node Pool] gpu-pool · acme');
    expect(lines[1]).toContain('3 minutes ago');
    expect(lines[2]).toContain('1 day ago');
    const actionColumn = (line: string) => displayWidth(line.slice(0, line.search(/Delete|Create|Action/)));
    expect(actionColumn(lines[1] ?? '')).toBe(actionColumn(lines[0] ?? ''));
    expect(actionColumn(lines[2] ?? '')).toBe(actionColumn(lines[0] ?? ''));
  });

  it('colours badges only when colour is on', () => {
    expect(actionBadge('delete', new Chalk({ level: 0 }))).toBe('Delete');
    const coloured = actionBadge('delete', new Chalk({ level: 1 }));
    expect(coloured).not.toBe(stripAnsi(coloured));
    expect(stripAnsi(coloured)).toBe(' Delete ');
  });

  it('shows absolute local times that parse back', () => {
    const text = renderEventTable([event], { chalk: new Chalk({ level: 0 }), now: NOW, absolute: true });
    expect(text).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.123 [+-]\d{2}:\d{2}/);
  });

  it('neutralizes control characters in every cell', () => {
    const text = renderEventTable([{ ...event, name: 'x\u001b[2J', user: 'u\u0007', account: 'a\r' }], {
      chalk: new Chalk({ level: 0 }),
      now: NOW,
    });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(text).toContain('x\\x1b[2J');
  });
});

describe('table on a narrow terminal', () => {
  it('never lets a row outgrow the terminal', () => {
    const wide = {
      ...event,
      name: 'an-extraordinarily-long-resource-name-for-a-deployment',
      account: 'a-very-long-account-name-too',
    };
    for (const columns of [64, 80, 100]) {
      const text = renderEventTable([event, wide, { ...wide, account: null }], {
        chalk: new Chalk({ level: 1 }),
        now: NOW,
        columns,
      });
      for (const line of text.trimEnd().split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(columns);
      expect(text).toContain('an-ext');
    }
  });
});

describe('display width', () => {
  it('counts columns as terminals draw them, Latin text by the fast path and everything else by the rule', () => {
    expect(displayWidth('Zoë · Ömer Ağaoğlu')).toBe(18);
    expect(displayWidth('ʃəʊ ˈwɪð')).toBe(8);
    expect(displayWidth('\u00ad')).toBe(0); // soft hyphen: a format character
    expect(displayWidth('e\u0301')).toBe(1); // a combining mark joins the letter before it
    expect(displayWidth('東京 ⚡')).toBe(7);
    expect(displayWidth('\u001b[1mName\u001b[22m')).toBe(4);
    // Every character the fast path covers is one column by the rule too.
    for (let code = 0xa0; code <= 0x2ff; code++) {
      if (code === 0xad) continue;
      expect(displayWidth(`${String.fromCodePoint(code)}\u0301`), code.toString(16)).toBe(1);
    }
  });
});
