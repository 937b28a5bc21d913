import { type Config, loadConfig } from './config.js';
import { echo, UsageError } from './core/errors.js';
import { type ColorMode, type Io, Output } from './output/io.js';
import { openStore, resolveStoreLocation } from './store/open.js';
import type { ActivityStore, Durability, OpenMode } from './store/store.js';

/** The global options of SPEC §2, as every command receives them. */
export interface GlobalOptions {
  store?: string;
  token?: string;
  color: ColorMode;
  input: boolean;
  debug: boolean;
}

/**
 * Everything a command depends on, passed in rather than reached for: the streams,
 * the clock, the config and the store. Tests build one with their own streams.
 */
export class Context {
  readonly out: Output;
  /** One instant per run, so every relative time and every "7d" agree. */
  readonly now: number;
  private loadedConfig: Config | undefined;
  private opened: ActivityStore | undefined;

  constructor(
    readonly io: Io,
    readonly options: GlobalOptions,
    now = Date.now(),
  ) {
    this.out = new Output(io, options.color);
    this.now = now;
  }

  get config(): Config {
    this.loadedConfig ??= loadConfig(this.io.env);
    return this.loadedConfig;
  }

  /** Prompts only when someone can answer them: both ends a terminal, and not --no-input. */
  get canPrompt(): boolean {
    return this.options.input && this.io.stdin.isTTY === true && this.io.stdout.isTTY === true;
  }

  /** Where the store is (SPEC §6): what --store, ACTIVITY_STORE, the config or the default name. */
  get storeLocation(): string {
    return resolveStoreLocation(this.options.store, this.io.env, this.config.store);
  }

  async store(mode: OpenMode): Promise<ActivityStore> {
    if (!this.opened) {
      this.opened = await openStore(this.storeLocation, mode, this.durability());
    }
    return this.opened;
  }

  /** ACTIVITY_DURABILITY, then the config's `durability`: `normal` (the default) or `full`. */
  private durability(): Durability {
    const value = (this.io.env.ACTIVITY_DURABILITY || this.config.durability || 'normal').toLowerCase();
    if (value === 'normal' || value === 'full') return value;
    throw new UsageError(
      `invalid durability ${echo(value)}`,
      'use normal or full (ACTIVITY_DURABILITY, or "durability" in the config)',
    );
  }

  async close(): Promise<void> {
    await this.opened?.close();
    this.opened = undefined;
  }
}

export const parseColorMode = (value: string): ColorMode => {
  if (value === 'auto' || value === 'always' || value === 'never') return value;
  throw new UsageError(`invalid --color ${echo(value)}`, 'use auto, always or never');
};
