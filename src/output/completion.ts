/**
 * Shell completion scripts, written from a description of the command tree so that
 * they always match the commands and options the CLI really has.
 */

export interface CompletionOption {
  /** `--limit`, and `-n` when there is a short form. */
  long: string;
  short?: string;
  takesValue: boolean;
  description: string;
}

export interface CompletionCommand {
  name: string;
  description: string;
  options: CompletionOption[];
  /** Values of its argument, when they are known: `completion` → bash zsh fish. */
  arguments?: readonly string[];
}

export interface CompletionSpec {
  program: string;
  global: CompletionOption[];
  commands: CompletionCommand[];
  /** The values an option takes, by its long form: `--action` → create update delete. */
  values: Record<string, readonly string[]>;
  /** Options whose values a command prints at completion time, one a line, quietly: `--saved` → the saved filters' names. */
  listed: Record<string, string>;
  /** Options whose value is a path. */
  files: readonly string[];
}

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const words = (list: readonly string[]) => list.join(' ');
const flags = (options: readonly CompletionOption[]) =>
  options.flatMap((o) => (o.short ? [o.long, o.short] : [o.long]));

export function completionScript(shell: Shell, spec: CompletionSpec): string {
  if (shell === 'fish') return fish(spec);
  const script = bash(spec);
  // zsh runs the bash function through its bash completion layer.
  return shell === 'bash'
    ? script
    : `#compdef ${spec.program}\n# zsh completion for ${spec.program}: bash's, through bashcompinit.\n` +
        `autoload -U +X bashcompinit && bashcompinit\n${script}`;
}

function bash(spec: CompletionSpec): string {
  const fn = `_${spec.program.replace(/\W/g, '_')}`;
  const valueTaking = [...spec.global, ...spec.commands.flatMap((c) => c.options)]
    .filter((o) => o.takesValue)
    .flatMap((o) => (o.short ? [o.long, o.short] : [o.long]));
  const valueCases = [
    ...Object.entries(spec.values).map(
      ([option, values]) => `    ${option}) COMPREPLY=($(compgen -W "${words(values)}" -- "$cur")); return ;;`,
    ),
    ...Object.entries(spec.listed).map(
      ([option, command]) => `    ${option}) COMPREPLY=($(compgen -W "$(${command})" -- "$cur")); return ;;`,
    ),
  ].join('\n');
  const commandCases = spec.commands
    .map((c) => `    ${c.name}) opts="${words([...(c.arguments ?? []), ...flags(c.options)])}" ;;`)
    .join('\n');
  return `# bash completion for ${spec.program}
${fn}() {
  local cur prev cmd opts i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  case "$prev" in
${valueCases}
    ${spec.files.join('|')}) COMPREPLY=($(compgen -f -- "$cur")); return ;;
  esac
  # The command is the first word that is neither an option nor an option's value.
  cmd=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      ${[...new Set(valueTaking)].join('|')}) ((i++)) ;;
      -*) ;;
      *) cmd="\${COMP_WORDS[i]}"; break ;;
    esac
  done
  case "$cmd" in
${commandCases}
    "") COMPREPLY=($(compgen -W "${words(spec.commands.map((c) => c.name))} ${words(flags(spec.global))}" -- "$cur")); return ;;
    *) opts="" ;;
  esac
  COMPREPLY=($(compgen -W "$opts ${words(flags(spec.global))}" -- "$cur"))
}
complete -o default -F ${fn} ${spec.program}
`;
}

const fishQuote = (text: string) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

function fish(spec: CompletionSpec): string {
  const p = spec.program;
  const lines = [`# fish completion for ${p}`, `complete -c ${p} -f`];
  const option = (o: CompletionOption, condition: string) => {
    const values = spec.values[o.long];
    const listed = spec.listed[o.long];
    const parts = [`complete -c ${p}`, condition, `-l ${o.long.slice(2)}`];
    if (o.short) parts.push(`-s ${o.short.slice(1)}`);
    if (values) parts.push(`-x -a ${fishQuote(words(values))}`);
    else if (listed) parts.push(`-x -a ${fishQuote(`(${listed})`)}`);
    else if (spec.files.includes(o.long)) parts.push('-r -F');
    else if (o.takesValue) parts.push('-x');
    parts.push(`-d ${fishQuote(o.description)}`);
    return parts.filter((part) => part !== '').join(' ');
  };
  for (const c of spec.commands) {
    lines.push(`complete -c ${p} -n __fish_use_subcommand -a ${c.name} -d ${fishQuote(c.description)}`);
  }
  for (const o of spec.global) lines.push(option(o, ''));
  for (const c of spec.commands) {
    const inCommand = `-n '__fish_seen_subcommand_from ${c.name}'`;
    if (c.arguments) lines.push(`complete -c ${p} ${inCommand} -a ${fishQuote(words(c.arguments))}`);
    for (const o of c.options) lines.push(option(o, inCommand));
  }
  return `${lines.join('\n')}\n`;
}
