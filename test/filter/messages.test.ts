import { describe, expect, it } from 'vitest';
import type { ShownEvent } from '../../src/core/event.js';
import type { Line } from '../../src/core/ndjson.js';
import { decodeLines, decodeShown, encodeLines, encodeShown } from '../../src/filter/messages.js';

describe("filter's thread messages", () => {
  it('carry shown events across unchanged, with and without seq, hash and recordedBy', () => {
    const events: ShownEvent[] = [
      {
        id: 'e1',
        time: '2026-11-25T17:37:02.123Z',
        action: 'create',
        type: 'cluster',
        name: 'prod-eu-1',
        resourceId: 'c-1',
        account: 'acme',
        user: 'Zoë O’Brien',
        details: '{"a":[1,2]}',
        seq: 7,
        hash: 'a'.repeat(64),
        recordedBy: 'ci-deploy',
      },
      {
        id: 'e2',
        time: '2026-11-25T17:38:00.000Z',
        action: 'delete',
        type: 'node-pool',
        name: 'pool',
        resourceId: null,
        account: null,
        user: 'Jane Doe',
        details: null,
        seq: null,
        hash: null,
      },
    ];
    expect(decodeShown(structuredClone(encodeShown(events)))).toEqual(events);
  });

  it('carry numbered lines and the problems found in them', () => {
    const lines: Line[] = [
      { line: 1, text: '{"name":"a"}' },
      { line: 2, problem: 'not valid JSON' },
      { line: 3, text: '' },
    ];
    expect(decodeLines(structuredClone(encodeLines(lines)))).toEqual(lines);
  });
});
