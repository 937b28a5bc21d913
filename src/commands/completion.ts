import { Command, type Option } from 'commander';
import type { Context } from '../context.js';
import { echo, UsageError } from '../core/errors.js';
import { ACTIONS, RESOURCE_TYPES } from '../core/resource-types.js';
import { type CompletionOption, completionScript, SHELLS, type Shell } from '../output/completion.js';
import { FORMATS } from '../output/formats.js';

export function completionCommand(): Command {
  return new Command('completion')
    .description('print a shell completion script: bash, zsh or fish')
    .argument('<shell>', SHELLS.join(', '))
    .addHelpText(
      'after',
      `
Install:
  bash  activity completion bash > ~/.local/share/bash-completion/completions/activity
  zsh   activity completion zsh > "\${fpath[1]}/_activity"   (then start a new shell)
  fish  activity completion fish > ~/.config/fish/completions/activity.fish

Examples:
  source <(activity completion bash)`,
    );
}

export function parseShell(value: string): Shell {
  if ((SHELLS as readonly string[]).includes(value)) return value as Shell;
  throw new UsageError(`no completion for shell ${echo(value)}`, `use one of: ${SHELLS.join(', ')}`);
}

const described = (option: Option): CompletionOption => ({
  long: option.long ?? '',
  ...(option.short ? { short: option.short } : {}),
  takesValue: option.required || option.optional,
  description: option.description,
});

/** The options that take a path (`<path>`, `<path|url>`, `<file>`…): their values complete as file names. */
const fileOptions = (program: Command): string[] => [
  ...new Set(
    [program, ...program.commands]
      .flatMap((c) => c.options)
      .filter((o) => /<(path|file)\b/.test(o.flags))
      .map((o) => o.long ?? ''),
  ),
];

const HELP: CompletionOption = { long: '--help', short: '-h', takesValue: false, description: 'show help' };

/** The script for `shell`, from the command tree `program` really has. */
export async function runCompletion(ctx: Context, program: Command, shell: Shell): Promise<void> {
  const script = completionScript(shell, {
    program: 'activity',
    global: [...program.options.map(described), HELP],
    commands: program.commands.map((c) => ({
      name: c.name(),
      description: c.description(),
      options: [...c.options.map(described), HELP],
      ...(c.name() === 'completion' ? { arguments: SHELLS } : {}),
    })),
    values: {
      '--action': ACTIONS,
      '--type': RESOURCE_TYPES,
      '--format': FORMATS,
      '--output': FORMATS,
      '-o': FORMATS,
      '--color': ['auto', 'always', 'never'],
    },
    listed: {
      '--saved': 'activity filter --list 2>/dev/null | cut -f1',
      '--delete': 'activity filter --list 2>/dev/null | cut -f1',
    },
    files: fileOptions(program),
  });
  await ctx.out.write(script);
  await ctx.out.flush();
}
