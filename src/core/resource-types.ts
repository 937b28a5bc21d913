import { echo, UsageError } from './errors.js';
import { closest } from './suggest.js';

export const RESOURCE_TYPES = [
  'cluster',
  'project',
  'environment',
  'service',
  'job',
  'deployment',
  'dependency',
  'variable-group',
  'domain',
  'node-pool',
  'volume',
  'provider',
  'user',
] as const;

export type ResourceType = (typeof RESOURCE_TYPES)[number];

export const TYPE_LABELS: Record<ResourceType, string> = {
  cluster: 'Cluster',
  project: 'Project',
  environment: 'Environment',
  service: 'Service',
  job: 'Job',
  deployment: 'Deployment',
  dependency: 'Dependency',
  'variable-group': 'Variable Group',
  domain: 'Domain',
  'node-pool': 'Node Pool',
  volume: 'Volume',
  provider: 'Provider',
  user: 'User',
};

export const ACTIONS = ['create', 'update', 'delete'] as const;
export type Action = (typeof ACTIONS)[number];

/** How the console names each action (its badges). */
export const ACTION_LABELS: Record<Action, string> = { create: 'Create', update: 'Update', delete: 'Delete' };

const plural = (slug: string) => (slug.endsWith('y') ? `${slug.slice(0, -1)}ies` : `${slug}s`);

/** Every accepted spelling, normalized, mapped to its slug: `node-pool`, `node-pools`, `nodepools`. */
const TYPE_FORMS = new Map<string, ResourceType>(
  RESOURCE_TYPES.flatMap((slug) =>
    [slug, plural(slug)].flatMap((form): [string, ResourceType][] => [
      [form, slug],
      [form.replaceAll('-', ''), slug],
    ]),
  ),
);

/** `Node Pools`, `variable_groups`, ` CLUSTER ` → one spelling to look up. */
const normalizeTypeInput = (input: string) =>
  input
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '-');

export function parseResourceType(input: string): ResourceType {
  const slug = TYPE_FORMS.get(normalizeTypeInput(input));
  if (slug) return slug;
  const guess = closest(normalizeTypeInput(input), [...TYPE_FORMS.keys()]);
  const suggestion = guess ? `did you mean "${TYPE_FORMS.get(guess)}"? ` : '';
  throw new UsageError(
    `unknown resource type ${echo(input)}`,
    `${suggestion}valid types: ${RESOURCE_TYPES.join(', ')}`,
  );
}

export function parseAction(input: string): Action {
  const action = input.trim().toLowerCase();
  if ((ACTIONS as readonly string[]).includes(action)) return action as Action;
  const guess = closest(action, ACTIONS);
  const suggestion = guess ? `did you mean "${guess}"? ` : '';
  throw new UsageError(`unknown action ${echo(input)}`, `${suggestion}valid actions: ${ACTIONS.join(', ')}`);
}

/** `--type a,b --type c` → each element split on commas, parsed, duplicates removed. */
export function parseList<T>(values: readonly string[], parse: (value: string) => T): T[] {
  // A stray comma is forgiven; a value with nothing in it (`--type "$UNSET"`, `--type ,`)
  // is not: it would match everything.
  const parsed = values
    .flatMap((value) => {
      const items = value.split(',').filter((item) => item.trim() !== '');
      return items.length === 0 ? [value] : items;
    })
    .map(parse);
  return [...new Set(parsed)];
}
