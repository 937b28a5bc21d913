import { describe, expect, it } from 'vitest';
import type { BatchItem } from '../../src/core/batch.js';
import { validateEvent } from '../../src/core/event.js';
import { decodeItems, encodeItems } from '../../src/ingest/items-codec.js';

const NOW = Date.parse('2026-11-25T12:00:00.000Z');
const event = (name: string, extra: Record<string, unknown> = {}) =>
  validateEvent({ action: 'update', type: 'service', name, user: 'Zoë O’Brien', ...extra }, NOW);

describe('items codec', () => {
  it('carries events, problems and chain links across unchanged, in order', () => {
    const items: BatchItem[] = [
      { line: 1, event: event('api', { account: 'acme', resourceId: 'svc-1', details: { a: [1, 2] } }) },
      { line: 2, problem: 'not valid JSON' },
      {
        line: 3,
        event: event('db', { id: 'given-id' }),
        link: { seq: 1, previous: '0'.repeat(64), hash: 'a'.repeat(64) },
      },
      ...Array.from({ length: 900 }, (_, i) => ({ line: i + 4, event: event(`svc-${i}`) })),
    ];
    const pieces = encodeItems(items);
    expect(pieces.length).toBeGreaterThan(1); // split to stay small
    const decoded = decodeItems(structuredClone(pieces));
    expect(decoded).toHaveLength(items.length);
    decoded.forEach((item, i) => {
      expect(item).toEqual(expect.objectContaining(items[i]));
    });
    expect(decoded[0]).toMatchObject({ link: undefined });
  });
});
