import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { UsageError } from './core/errors.js';
import { readStateFile } from './state-files.js';

/** The config file of reference §6. Saved filters arrive with the interactive filter. */
export interface Config {
  store?: string;
  token?: string;
  user?: string;
  linkTemplate?: string;
  filters?: Record<string, string[]>;
  /** "full" for a disk flush per commit; see Durability. */
  durability?: string;
  /** The pager for long output on a terminal, when neither ACTIVITY_PAGER nor PAGER says. */
  pager?: string;
}

/** $HOME, else the OS's idea of it (node:os is loaded only then: start-up). */
const home = (env: NodeJS.ProcessEnv): string => env.HOME || process.getBuiltinModule('node:os').homedir();

/** An XDG base directory: the variable when it holds an absolute path (the XDG spec says to ignore others). */
const xdg = (value: string | undefined, fallback: () => string): string =>
  value !== undefined && isAbsolute(value) ? value : fallback();

export const configPath = (env: NodeJS.ProcessEnv): string =>
  env.ACTIVITY_CONFIG ||
  join(
    xdg(env.XDG_CONFIG_HOME, () => join(home(env), '.config')),
    'activity',
    'config.json',
  );

export const defaultStorePath = (env: NodeJS.ProcessEnv): string =>
  join(
    xdg(env.XDG_DATA_HOME, () => join(home(env), '.local', 'share')),
    'activity',
    'activity.db',
  );

/** `~/…` as a path in the home directory, as a shell would have written it had it seen it unquoted. */
export const expandHome = (path: string, env: NodeJS.ProcessEnv): string =>
  path === '~' || path.startsWith('~/') ? join(home(env), path.slice(1)) : path;

/**
 * reference §6: `--store`, else ACTIVITY_STORE, else the config's `store`, else the default
 * file. An empty ACTIVITY_STORE counts as unset, as empty variables usually do; an
 * empty `--store` is a mistake.
 */
export function resolveStoreLocation(
  given: string | undefined,
  env: NodeJS.ProcessEnv,
  configured: string | undefined,
): string {
  if (given === '') throw new UsageError('--store is empty', 'give a file path, file:<path> or a store URL');
  const flagged = given || env.ACTIVITY_STORE;
  return flagged ? expandHome(flagged, env) : configured || defaultStorePath(env);
}

/** A store path of the config file: home-relative with `~/`, else relative to the file, not to where one stands. */
function configuredStore(store: string, file: string, env: NodeJS.ProcessEnv): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(store) && !/^file:/i.test(store)) return store; // a URL
  const path = expandHome(store.replace(/^file:/i, ''), env);
  return path === '' ? store : resolve(dirname(file), path);
}

const STRING_KEYS = ['store', 'token', 'user', 'linkTemplate', 'durability', 'pager'] as const;

/** The config, its store path resolved (configuredStore). */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const path = configPath(env);
  const config = readConfigFile(path);
  if (config.store !== undefined) config.store = configuredStore(config.store, path, env);
  return config;
}

/** The file as written; a missing file is an empty config, a malformed one an error, not silently ignored. */
function readConfigFile(path: string): Config {
  const text = readStateFile(path, 'config file');
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `config file ${path} is not valid JSON: ${(error as Error).message}`,
      'fix or remove the file',
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`config file ${path} must hold a JSON object`, 'fix or remove the file');
  }
  const config = value as Record<string, unknown>;
  for (const key of STRING_KEYS) {
    if (config[key] !== undefined && typeof config[key] !== 'string') {
      throw new UsageError(`config file ${path}: "${key}" must be a string`, 'fix or remove the file');
    }
  }
  const filters = config.filters;
  if (
    filters !== undefined &&
    (filters === null ||
      typeof filters !== 'object' ||
      Array.isArray(filters) ||
      !Object.values(filters).every((args) => Array.isArray(args) && args.every((a) => typeof a === 'string')))
  ) {
    throw new UsageError(`config file ${path}: "filters" must map names to lists of flags`, 'fix or remove the file');
  }
  return config as Config;
}

/**
 * Saves a filter (its flags, as they would be typed) under a name, keeping everything
 * else in the config file; written to a temporary file and renamed into place.
 */
export function saveFilter(env: NodeJS.ProcessEnv, name: string, args: readonly string[]): string {
  return changeFilters(env, (filters) => ({ ...filters, [name]: [...args] }));
}

/** Deletes a saved filter, keeping everything else in the config file; false when there was none of that name. */
export function deleteFilter(env: NodeJS.ProcessEnv, name: string): boolean {
  let found = false;
  changeFilters(env, (filters) => {
    found = Object.hasOwn(filters, name);
    const { [name]: _gone, ...rest } = filters;
    return rest;
  });
  return found;
}

function changeFilters(
  env: NodeJS.ProcessEnv,
  change: (filters: Record<string, string[]>) => Record<string, string[]>,
): string {
  const path = configPath(env);
  const config = readConfigFile(path) as Record<string, unknown>;
  config.filters = change((config.filters as Record<string, string[]> | undefined) ?? {});
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(config, null, 2)}\n`);
  renameSync(temp, path);
  return path;
}
