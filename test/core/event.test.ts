import { describe, expect, it } from 'vitest';
import { canonicalEncoding, chainHash, GENESIS_HASH } from '../../src/core/chain.js';
import { UsageError } from '../../src/core/errors.js';
import { canonicalJson, parseEventLine, parseExportedLine, sameContent, validateEvent } from '../../src/core/event.js';
import { randomEventId } from '../../src/core/id.js';

const NOW = Date.parse('2026-11-25T17:37:02.123Z');
const base = { action: 'create', type: 'cluster', name: 'prod-eu-1', user: 'Jane Doe' };

describe('event validation (reference §1)', () => {
  it('fills in id and time and normalizes action and type', () => {
    const event = validateEvent({ ...base, action: 'Create', type: 'Clusters' }, NOW);
    expect(event.action).toBe('create');
    expect(event.type).toBe('cluster');
    expect(event.time).toBe('2026-11-25T17:37:02.123Z');
    expect(event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(event.idGiven).toBe(false);
    expect(event.account).toBeNull();
    expect(event.resourceId).toBeNull();
    expect(event.details).toBeNull();
  });

  it('normalizes any ISO time to UTC with milliseconds', () => {
    expect(validateEvent({ ...base, time: '2026-11-25T18:37:02+01:00' }, NOW).time).toBe('2026-11-25T17:37:02.000Z');
  });

  it.each([
    [{ ...base, name: '' }, '"name" is required'],
    [{ ...base, name: '   ' }, '"name" is blank'],
    [{ ...base, name: 'x'.repeat(257) }, 'longer than 256'],
    [{ ...base, user: 'x'.repeat(257) }, 'longer than 256'],
    [{ ...base, id: 'x'.repeat(129) }, 'longer than 128'],
    [{ ...base, account: 'x'.repeat(129) }, 'longer than 128'],
    [{ ...base, resourceId: 'x'.repeat(129) }, 'longer than 128'],
    [{ ...base, name: 42 }, 'must be a string'],
    [{ ...base, action: 'destroy' }, 'unknown action'],
    [{ ...base, type: 'clustr' }, 'unknown resource type'],
    [{ ...base, time: 'yesterday' }, 'invalid time'],
    [{ ...base, time: 1764092222 }, 'must be a string'],
    [{ ...base, details: [1, 2] }, 'must be a JSON object'],
    [{ ...base, details: 'text' }, 'must be a JSON object'],
    [{ ...base, details: { big: 'x'.repeat(70_000) } }, 'larger than 64 KiB'],
    [{ ...base, name: 'bad \ud800 surrogate' }, 'surrogate'],
    ...(['id', 'name', 'user', 'account', 'resourceId'] as const).map((field): [typeof base, string] => [
      { ...base, [field]: 'a\u0000b' },
      `"${field}" holds a NUL character`,
    ]),
    [{ ...base, details: { note: 'a\u0000b' } }, '"details" holds a NUL character'],
    [{ ...base, details: { deep: [{ note: '\u0000' }] } }, '"details" holds a NUL character'],
    [{ ...base, details: { 'k\u0000': 1 } }, 'a key of "details" holds a NUL character'],
    [{ ...base, details: { z: 1, 'a\u0000': 1 } }, 'a key of "details" holds a NUL character'],
    [{ action: 'create', type: 'cluster', name: 'x' }, '"user" is required'],
  ])('refuses %#: %s', (input, message) => {
    expect(() => validateEvent(input, NOW)).toThrow(message);
  });

  it('says which field holds a NUL, and why it is refused', () => {
    expect(() => validateEvent({ ...base, account: 'acme\u0000' }, NOW)).toThrow(
      new UsageError('"account" holds a NUL character (U+0000)', 'remove it: no activity store can hold one'),
    );
  });

  it("keeps a NUL where a store's events are only checked (an older version recorded it): same canonical form", () => {
    const held = {
      ...base,
      id: 'i\u0000',
      name: 'a\u0000b',
      user: 'u\u0000',
      account: '\u0000',
      resourceId: 'r\u0000',
      details: { b: { 'k\u0000': ['v\u0000'] }, a: 1 },
    };
    const event = validateEvent(held, NOW, 'keep');
    expect([event.id, event.name, event.user, event.account, event.resourceId]).toEqual([
      'i\u0000',
      'a\u0000b',
      'u\u0000',
      '\u0000',
      'r\u0000',
    ]);
    expect(event.details).toBe('{"a":1,"b":{"k\\u0000":["v\\u0000"]}}');
    // Already in canonical order: the fast path must give the same text.
    expect(validateEvent({ ...held, details: { a: 1, b: { 'k\u0000': ['v\u0000'] } } }, NOW, 'keep').details).toBe(
      event.details,
    );
    const line = JSON.stringify({ ...held, time: '2026-11-25T17:37:02.123Z', seq: 1, hash: 'a'.repeat(64) });
    expect(parseExportedLine(line, NOW, { nul: 'keep' }).name).toBe('a\u0000b');
    expect(() => parseExportedLine(line, NOW)).toThrow('"id" holds a NUL character');
  });

  it('takes the text \\u0000 (a backslash, not a NUL) as it is', () => {
    expect(validateEvent({ ...base, details: { note: '\\u0000' } }, NOW).details).toBe('{"note":"\\\\u0000"}');
  });

  it('counts characters, not UTF-16 units', () => {
    expect(validateEvent({ ...base, name: '😀'.repeat(256) }, NOW).name).toHaveLength(512);
  });

  it('refuses deep nesting in details', () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 40; i++) deep = { d: deep };
    expect(() => validateEvent({ ...base, details: deep }, NOW)).toThrow(/nested deeper/);
  });

  it('parses NDJSON lines and refuses unknown fields and non-objects', () => {
    expect(parseEventLine(JSON.stringify({ ...base, seq: 9, hash: 'x' }), NOW).name).toBe('prod-eu-1');
    expect(() => parseEventLine(JSON.stringify({ ...base, colour: 'red' }), NOW)).toThrow('unknown field "colour"');
    expect(() => parseEventLine('[1]', NOW)).toThrow('expected a JSON object');
    expect(() => parseEventLine('{"action":', NOW)).toThrow('not valid JSON');
  });

  it('keeps a __proto__ key in details as data', () => {
    const event = parseEventLine(
      `{"action":"update","type":"service","name":"a","user":"b","details":{"__proto__":{"x":1}}}`,
      NOW,
    );
    expect(event.details).toBe('{"__proto__":{"x":1}}');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('compares content without time for idempotent ids', () => {
    const a = validateEvent({ ...base, id: 'e1', time: '2026-01-01T00:00:00Z' }, NOW);
    const b = validateEvent({ ...base, id: 'e1' }, NOW);
    expect(sameContent(a, b)).toBe(true);
    expect(sameContent(a, validateEvent({ ...base, id: 'e1', name: 'other' }, NOW))).toBe(false);
  });
});

describe('canonical encoding (reference §7)', () => {
  it('sorts keys at every depth and drops spaces', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('hashes two spellings of one event alike', () => {
    const one = parseEventLine(
      '{"user":"Jane","name":"n","type":"Cluster","action":"UPDATE","details":{"b":1,"a":2},"id":"x"}',
      NOW,
    );
    const two = parseEventLine(
      '{ "id":"x", "action":"update", "type":"clusters", "name":"n", "user":"Jane", "details":{ "a":2, "b":1 } }',
      NOW,
    );
    const h = (e: typeof one) => chainHash(GENESIS_HASH, 1, e);
    expect(h(one)).toBe(h(two));
    expect(canonicalEncoding(1, one)).toBe(
      '[1,"x","2026-11-25T17:37:02.123Z","update","cluster","n",null,null,"Jane",{"a":2,"b":1}]',
    );
  });

  it('links each hash to the previous one', () => {
    const e = validateEvent(base, NOW);
    expect(chainHash(GENESIS_HASH, 1, e)).not.toBe(chainHash('1'.repeat(64), 1, e));
    expect(chainHash(GENESIS_HASH, 1, e)).not.toBe(chainHash(GENESIS_HASH, 2, e));
    expect(chainHash(GENESIS_HASH, 1, e)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is a usage error, not a crash, for bad details', () => {
    expect(() => validateEvent({ ...base, details: { n: Number.NaN } }, NOW)).toThrow(UsageError);
  });
});

describe('canonical encoding of awkward strings', () => {
  it('is exactly JSON.stringify of the field array', () => {
    const awkward = [
      'plain',
      'quote " inside',
      'back\\slash',
      'nl\nand\ttab',
      '\u0001\u001f',
      'é 名前 😀',
      'a\u2028b',
      '',
    ];
    for (const name of awkward) {
      const e = validateEvent({ ...base, name: name || 'x', user: name || 'y', account: name || null }, NOW);
      const expected = `${JSON.stringify([7, e.id, e.time, e.action, e.type, e.name, e.resourceId, e.account, e.user]).slice(0, -1)},null]`;
      expect(canonicalEncoding(7, e)).toBe(expected);
    }
  });
});

describe('made-up ids', () => {
  it('are UUIDv7: the time in the first 48 bits, version 7, variant 10, and random bits that differ', () => {
    const at = Date.parse('2026-11-30T10:00:00.000Z');
    const ids = Array.from({ length: 1000 }, () => randomEventId(at));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt((ids[0] as string).replace('-', '').slice(0, 12), 16)).toBe(at);
    expect(new Set(ids).size).toBe(1000);
    expect(randomEventId(at + 1) > randomEventId(at)).toBe(true);
  });

  it('made for one millisecond, sort in the order they were made', () => {
    const at = Date.parse('2026-11-30T10:00:00.000Z');
    const ids = Array.from({ length: 5000 }, () => randomEventId(at));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(5000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // An earlier time between them gets its own, earlier id.
    expect(randomEventId(at - 1) < (ids[0] as string)).toBe(true);
  });

  it("carry the event's own time, so that imported history sorts by its ids", () => {
    const e = validateEvent({ ...base, time: '2020-02-29T12:00:00.000Z' }, NOW);
    expect(Number.parseInt(e.id.replace('-', '').slice(0, 12), 16)).toBe(Date.parse('2020-02-29T12:00:00.000Z'));
    expect(e.idGiven).toBe(false);
  });
});
