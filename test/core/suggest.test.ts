import { describe, expect, it } from 'vitest';
import { closest, editDistance } from '../../src/core/suggest.js';

describe('did-you-mean distance', () => {
  it.each([
    ['list', 'list', 0],
    ['lsit', 'list', 1],
    ['lst', 'list', 1],
    ['clustr', 'cluster', 1],
    ['ab', 'ba', 1],
    ['abc', 'ca', 3],
    ['', 'tail', 4],
  ])('%s → %s is %i edits', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });

  it('suggests the nearest command only when it is close enough to be a typo', () => {
    const commands = ['record', 'list', 'tail', 'filter', 'show', 'stats', 'verify', 'completion'];
    expect(closest('lsit', commands)).toBe('list');
    expect(closest('verfiy', commands)).toBe('verify');
    expect(closest('deploy', commands)).toBeUndefined();
  });
});
