import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EventFilter, emptyFilter } from '../../src/core/filter.js';
import {
  type FilterText,
  filterFromArgs,
  filterFromParams,
  filterText,
  filterToArgs,
  filterToParams,
  isEmptyFilterText,
  mergeFilters,
  parseFilter,
} from '../../src/core/filter-codec.js';
import { ACTIONS, RESOURCE_TYPES } from '../../src/core/resource-types.js';

const RUNS = { seed: 20261203, numRuns: 500 };
const NOW = Date.parse('2026-11-25T12:00:00.000Z');
const DAY = 86_400_000;

/** Any text a person could type, NUL and control characters too. */
const text = fc.string({ unit: 'binary', maxLength: 30 });
const nonEmpty = text.filter((s) => s.trim() !== '');

const filterTexts: fc.Arbitrary<FilterText> = fc.record(
  {
    user: fc.array(nonEmpty, { maxLength: 3 }),
    action: fc.array(fc.constantFrom(...ACTIONS, 'CREATE', 'delete,update'), { maxLength: 3 }),
    type: fc.array(fc.constantFrom(...RESOURCE_TYPES, 'Node Pools', 'variable_groups', 'cluster,volume'), {
      maxLength: 3,
    }),
    account: fc.array(
      text.filter((s) => s !== ''),
      { maxLength: 3 },
    ),
    resourceId: fc.array(
      text.filter((s) => s !== ''),
      { maxLength: 3 },
    ),
    search: text,
    since: fc.constantFrom('7d', '2026-11-01', 'yesterday', '@1764000000', '3 hours ago'),
    until: fc.constantFrom('now', '2026-11-26T00:00:00Z', '1h'),
  },
  { requiredKeys: [] },
);

describe('the filter codec: flags ⇄ text ⇄ URL query ⇄ the typed filter', () => {
  it('reads back the flags it writes, whatever the values hold', () => {
    fc.assert(
      fc.property(filterTexts, (given) => {
        const args = filterToArgs(given);
        expect(filterToArgs(filterFromArgs(args, 'test'))).toEqual(args);
        expect(isEmptyFilterText(given)).toBe(args.length === 0);
      }),
      RUNS,
    );
  });

  it('reads back the URL query it writes, through its text form too', () => {
    fc.assert(
      fc.property(filterTexts, (given) => {
        const params = filterToParams(given);
        const again = filterFromParams(new URLSearchParams(params.toString()));
        expect(filterToArgs(again)).toEqual(filterToArgs(given));
      }),
      RUNS,
    );
  });

  it('writes a typed filter as text that parses back to the same filter, at any later time', () => {
    fc.assert(
      fc.property(filterTexts, fc.integer({ min: 0, max: 400 * DAY }), (given, later) => {
        let filter: EventFilter;
        try {
          filter = parseFilter(given, NOW);
        } catch {
          return; // a text that is no filter (since later than until) has no typed form
        }
        const written = filterText(filter);
        expect(parseFilter(written, NOW + later)).toEqual(filter);
        expect(parseFilter(filterFromParams(filterToParams(written)), NOW + later)).toEqual(filter);
        expect(parseFilter(filterFromArgs(filterToArgs(written), 'test'), NOW)).toEqual(filter);
      }),
      RUNS,
    );
  });

  it('parses the text as reference §3 says', () => {
    expect(
      parseFilter(
        {
          user: ['JOSÉ Núñez', 'josé núñez'],
          action: ['Create,delete'],
          type: ['Node Pools', 'clusters'],
          account: ['acme'],
          search: 'GateWay',
          since: '7d',
        },
        NOW,
      ),
    ).toEqual({
      ...emptyFilter(),
      users: ['josé núñez'],
      actions: ['create', 'delete'],
      types: ['node-pool', 'cluster'],
      accounts: ['acme'],
      search: 'gateway',
      since: NOW - 7 * DAY,
    });
    expect(() => parseFilter({ account: [''] }, NOW)).toThrow('--account is empty');
    expect(() => parseFilter({ since: '1d', until: '2d' }, NOW)).toThrow('is later than');
  });

  it('refuses a NUL in any text term, from flags or from a URL query, naming the flag', () => {
    const cases: [string, FilterText][] = [
      ['--user', { user: ['Jane', 'a\u0000b'] }],
      ['--account', { account: ['\u0000'] }],
      ['--resource-id', { resourceId: ['r\u0000'] }],
      ['--search', { search: 'gate\u0000way' }],
    ];
    for (const [flag, text] of cases) {
      expect(() => parseFilter(text, NOW)).toThrow(`${flag} holds a NUL character (U+0000)`);
    }
    expect(() => parseFilter(filterFromParams(new URLSearchParams('search=abc%00')), NOW)).toThrow(
      '--search holds a NUL character (U+0000)',
    );
  });

  it('writes URL parameters by the names of the event fields, a list term repeated', () => {
    expect(
      filterToParams({ user: ['Jane Doe'], type: ['cluster', 'volume'], resourceId: ['c-1'], since: '7d' }).toString(),
    ).toBe('user=Jane+Doe&type=cluster&type=volume&resourceId=c-1&since=7d');
    expect(filterFromParams(new URLSearchParams('type=cluster&limit=5&since=1d&since=2d'))).toEqual({
      type: ['cluster'],
      since: '2d',
    });
  });

  it('adds a given filter to a saved one: lists together, a single term given replacing the saved', () => {
    expect(mergeFilters({ user: ['Jane'], since: '30d', search: 'api' }, { user: ['Bob'], since: '1d' })).toEqual({
      user: ['Jane', 'Bob'],
      since: '1d',
      search: 'api',
    });
  });

  it('refuses what is not a filter flag with its value', () => {
    expect(() => filterFromArgs(['--limit', '5'], 'saved filter "x"')).toThrow(
      'saved filter "x" holds "--limit", which is not a filter flag with its value',
    );
    expect(() => filterFromArgs(['--user'], 'saved filter "x"')).toThrow('which is not a filter flag with its value');
    expect(filterFromArgs(['--type=cluster', '--search', 'a=b'], 'x')).toEqual({ type: ['cluster'], search: 'a=b' });
  });
});
