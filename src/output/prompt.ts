import { InterruptedError } from '../core/errors.js';

export interface Choice {
  value: string;
  name: string;
}

/**
 * Questions for a person at a terminal. @inquirer/prompts is loaded on the first
 * question only, so commands that never ask never pay for it.
 */
export interface Prompter {
  select(message: string, choices: readonly Choice[]): Promise<string>;
  input(message: string, validate?: (value: string) => string | true, initial?: string): Promise<string>;
  /** Several of the choices (space to pick, enter to go on). */
  checkbox(message: string, choices: readonly Choice[]): Promise<string[]>;
  /** One of many choices, narrowed by what is typed. */
  search(message: string, choices: readonly Choice[]): Promise<string>;
  confirm(message: string, initial: boolean): Promise<boolean>;
}

/** Ctrl-C in a prompt: a clean stop with nothing written, not a stack trace. */
async function interruptible<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    if (error instanceof Error && error.name === 'ExitPromptError') {
      throw new InterruptedError('interrupted; nothing was written');
    }
    throw error;
  }
}

type Inquirer = typeof import('@inquirer/prompts');

/**
 * Loaded with require, not import(): the launcher runs the bundle from V8's code
 * cache, where a dynamic import has no module loader to call.
 */
const loadInquirer = (): Inquirer =>
  process.getBuiltinModule('node:module').createRequire(import.meta.url)('@inquirer/prompts') as Inquirer;

export function terminalPrompter(): Prompter {
  let inquirer: Inquirer | undefined;
  const prompts = () => {
    inquirer ??= loadInquirer();
    return inquirer;
  };
  return {
    async select(message, choices) {
      const { select } = prompts();
      return interruptible(() => select({ message, choices: [...choices], pageSize: 15 }));
    },
    async checkbox(message, choices) {
      const { checkbox } = prompts();
      return interruptible(() => checkbox({ message, choices: [...choices], pageSize: 15 }));
    },
    async search(message, choices) {
      const { search } = prompts();
      const source = (term: string | undefined) => {
        const wanted = (term ?? '').toLowerCase();
        return choices.filter((c) => c.name.toLowerCase().includes(wanted));
      };
      return interruptible(() => search({ message, source, pageSize: 12 }));
    },
    async confirm(message, initial) {
      const { confirm } = prompts();
      return interruptible(() => confirm({ message, default: initial }));
    },
    async input(message, validate, initial) {
      const { input } = prompts();
      return interruptible(() =>
        input({ message, ...(validate ? { validate } : {}), ...(initial === undefined ? {} : { default: initial }) }),
      );
    },
  };
}
