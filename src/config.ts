import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError } from './core/errors.js';

/** The config file of SPEC §6. Saved filters arrive with the interactive filter. */
export interface Config {
  store?: string;
  token?: string;
  user?: string;
  linkTemplate?: string;
  filters?: Record<string, string[]>;
  /** "full" for a disk flush per commit; see Durability. */
  durability?: string;
}

/** $HOME, else the OS's idea of it (node:os is loaded only then: a millisecond saved). */
const home = (env: NodeJS.ProcessEnv): string => env.HOME || process.getBuiltinModule('node:os').homedir();

export const configPath = (env: NodeJS.ProcessEnv): string =>
  env.ACTIVITY_CONFIG || join(env.XDG_CONFIG_HOME || join(home(env), '.config'), 'activity', 'config.json');

export const defaultStorePath = (env: NodeJS.ProcessEnv): string =>
  join(env.XDG_DATA_HOME || join(home(env), '.local', 'share'), 'activity', 'activity.db');

const STRING_KEYS = ['store', 'token', 'user', 'linkTemplate', 'durability'] as const;

/** A missing file is an empty config; a malformed one is an error, not silently ignored. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const path = configPath(env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new UsageError(`cannot read config file ${path}: ${(error as Error).message}`, 'fix or remove the file');
  }
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
  const path = configPath(env);
  const config = loadConfig(env) as Record<string, unknown>;
  config.filters = { ...((config.filters as Record<string, string[]> | undefined) ?? {}), [name]: [...args] };
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(config, null, 2)}\n`);
  renameSync(temp, path);
  return path;
}
