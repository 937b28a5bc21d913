import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { parseAction, parseList, parseResourceType, RESOURCE_TYPES } from '../../src/core/resource-types.js';

describe('resource types (reference §1)', () => {
  it('has the 13 types', () => {
    expect(RESOURCE_TYPES).toHaveLength(13);
  });

  it.each([
    ['cluster', 'cluster'],
    ['Clusters', 'cluster'],
    ['CLUSTER', 'cluster'],
    ['Node Pools', 'node-pool'],
    ['node pool', 'node-pool'],
    ['node_pool', 'node-pool'],
    ['variable_groups', 'variable-group'],
    ['NodePools', 'node-pool'],
    ['variablegroup', 'variable-group'],
    ['Variable Group', 'variable-group'],
    ['dependencies', 'dependency'],
    ['  users ', 'user'],
    ['Deployment', 'deployment'],
  ])('reads %j as %s', (input, slug) => {
    expect(parseResourceType(input)).toBe(slug);
  });

  it('suggests the nearest type and lists the valid ones', () => {
    try {
      parseResourceType('clustr');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).message).toBe('unknown resource type "clustr"');
      expect((error as UsageError).hint).toContain('did you mean "cluster"?');
      expect((error as UsageError).hint).toContain('variable-group');
    }
  });

  it('does not suggest for something far from every type', () => {
    expect(() => parseResourceType('banana')).toThrow(UsageError);
    try {
      parseResourceType('banana');
    } catch (error) {
      expect((error as UsageError).hint).not.toContain('did you mean');
    }
  });

  it('reads actions in any case and suggests on typos', () => {
    expect(parseAction('DELETE')).toBe('delete');
    expect(() => parseAction('delet')).toThrow(UsageError);
    try {
      parseAction('updat');
    } catch (error) {
      expect((error as UsageError).hint).toContain('did you mean "update"?');
    }
  });

  it('splits comma lists and repeated flags, without duplicates', () => {
    expect(parseList(['cluster,Node Pools', 'clusters'], parseResourceType)).toEqual(['cluster', 'node-pool']);
    expect(() => parseList([','], parseResourceType)).toThrow(/unknown resource type/);
    expect(() => parseList([''], parseResourceType)).toThrow(/unknown resource type/);
    expect(parseList(['create,delete', 'delete'], parseAction)).toEqual(['create', 'delete']);
  });
});
