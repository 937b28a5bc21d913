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

export function terminalPrompter(): Prompter {
  const inquirer = import('@inquirer/prompts');
  return {
    async select(message, choices) {
      const { select } = await inquirer;
      return interruptible(() => select({ message, choices: [...choices], pageSize: 15 }));
    },
    async input(message, validate, initial) {
      const { input } = await inquirer;
      return interruptible(() =>
        input({ message, ...(validate ? { validate } : {}), ...(initial === undefined ? {} : { default: initial }) }),
      );
    },
  };
}
