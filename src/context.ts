import { type Config, defaultStorePath, loadConfig, resolveStoreLocation } from './config.js';
import { echo, UsageError } from './core/errors.js';
import { type ColorMode, type Io, Output } from './output/io.js';
import { type Prompter, terminalPrompter } from './output/prompt.js';
import { openStore } from './store/open.js';
import type { ActivityStore, Durability, OpenMode, StoreOptions } from './store/store.js';

/** The global options of reference §2, as every command receives them. */
export interface GlobalOptions {
  store?: string;
  token?: string;
  color: ColorMode;
  input: boolean;
  debug: boolean;
  /** -q: no notices or summaries on stderr. */
  quiet?: boolean;
  /** false with --no-pager. */
  pager?: boolean;
}

/** What a run may be handed instead of the real thing: tests fix the clock and answer the prompts. */
export interface Dependencies {
  now?: number;
  prompter?: Prompter;
}

/**
 * Everything a command depends on, passed in rather than reached for: the streams,
 * the clock, the config, the prompts and the store. Tests build one with their own.
 */
export class Context {
  readonly out: Output;
  /** One instant per run, so every relative time and every "7d" agree. */
  readonly now: number;
  private loadedConfig: Config | undefined;
  private opened: ActivityStore | undefined;
  private givenPrompter: Prompter | undefined;

  constructor(
    readonly io: Io,
    readonly options: GlobalOptions,
    { now = Date.now(), prompter }: Dependencies = {},
  ) {
    this.out = new Output(io, options.color, { quiet: options.quiet === true });
    this.now = now;
    this.givenPrompter = prompter;
  }

  get config(): Config {
    this.loadedConfig ??= loadConfig(this.io.env);
    return this.loadedConfig;
  }

  /** Prompts only when someone can answer them: both ends a terminal, and not --no-input. */
  get canPrompt(): boolean {
    return this.options.input && this.io.stdin.isTTY === true && this.io.stdout.isTTY === true;
  }

  /** Questions for the person at the terminal (only asked when canPrompt). */
  get prompter(): Prompter {
    this.givenPrompter ??= terminalPrompter();
    return this.givenPrompter;
  }

  /** Where the store is (reference §6): what --store, ACTIVITY_STORE, the config or the default name. */
  get storeLocation(): string {
    return resolveStoreLocation(this.options.store, this.io.env, this.config.store);
  }

  /** How to open the store for `mode`: what a worker thread is handed to open the same store. */
  storeOptions(mode: OpenMode): StoreOptions {
    const token = this.options.token || this.io.env.ACTIVITY_TOKEN || this.config.token;
    const location = this.storeLocation;
    return {
      location,
      mode,
      durability: this.durability(),
      ...(token ? { token } : {}),
      ...(location === defaultStorePath(this.io.env) ? { defaultLocation: true } : {}),
    };
  }

  /** The store, opened once a run (by the first command that asks). */
  async store(mode: OpenMode): Promise<ActivityStore> {
    if (this.opened === undefined) {
      this.opened = await openStore(this.storeOptions(mode));
      if (this.opened.note !== undefined) this.out.notice(this.opened.note);
    }
    return this.opened;
  }

  /**
   * Long output on a terminal goes through the pager the person chose: ACTIVITY_PAGER,
   * then PAGER, then the config's `pager` (`less -FRX`, say); none when none is set, as
   * gh does, or with --no-pager, or on a dumb terminal. Never in a pipe.
   */
  page(): void {
    if (this.options.pager === false || this.io.env.TERM === 'dumb') return;
    const command = (this.io.env.ACTIVITY_PAGER ?? this.io.env.PAGER ?? this.config.pager ?? '').trim();
    if (command === '' || command === 'cat') return;
    this.out.page(command);
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
    await this.out.end();
    await this.opened?.close();
    this.opened = undefined;
  }
}

export const parseColorMode = (value: string): ColorMode => {
  if (value === 'auto' || value === 'always' || value === 'never') return value;
  throw new UsageError(`invalid --color ${echo(value)}`, 'use auto, always or never');
};
