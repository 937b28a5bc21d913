import { Command, CommanderError, Option } from 'commander';
import { completionCommand, parseShell, runCompletion } from './commands/completion.js';
import { filterCommand, parseFilterOptions, runFilter } from './commands/filter.js';
import { runLastActivity } from './commands/last-activity.js';
import { listCommand, parseListOptions, runList } from './commands/list.js';
import { withSavedFilter } from './commands/options.js';
import { parseRecordOptions, recordCommand, runRecord } from './commands/record.js';
import { parseServeOptions, runServe, serveCommand } from './commands/serve.js';
import { parseShowOptions, runShow, showCommand } from './commands/show.js';
import { parseStatsOptions, runStats, statsCommand } from './commands/stats.js';
import { parseStoreOptions, runStore, storeCommand } from './commands/store.js';
import { parseTailOptions, runTail, tailCommand } from './commands/tail.js';
import { parseTokenOptions, runToken, tokenCommand } from './commands/token.js';
import { parseVerifyOptions, runVerify, verifyCommand } from './commands/verify.js';
import { Context, type Dependencies, type GlobalOptions, parseColorMode } from './context.js';
import { ActivityError, ExitCode, echo, QuietExit, UsageError } from './core/errors.js';
import { closest } from './core/suggest.js';
import { type Io, OutputClosedError } from './output/io.js';

export { processIo } from './output/process-io.js';

import { sanitize } from './output/sanitize.js';

declare const __VERSION__: string;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

/**
 * A command: its definition (flags and help), how its flags and arguments become typed
 * options (checked before any work), and the run that takes them.
 */
interface CommandEntry<Options> {
  /** The command's name, known without defining it. */
  name: string;
  define(): Command;
  parse(ctx: Context, flags: Record<string, unknown>, args: readonly string[]): Options;
  run(ctx: Context, options: Options, program: Command): Promise<void>;
}

/** What runs a command line: how its flags and arguments are parsed, and the run that takes them. */
type Runnable<Options = unknown> = Pick<CommandEntry<Options>, 'parse' | 'run'>;

const entry = <Options>(command: CommandEntry<Options>) => command as CommandEntry<unknown>;

/** The parse of a command with filter flags: a `--saved` filter's flags first, then the time grammar's `now`. */
const withSaved =
  <Options, Flags>(parse: (flags: Flags, now: number) => Options) =>
  (ctx: Context, flags: Record<string, unknown>): Options =>
    parse(withSavedFilter(flags, ctx.config.filters) as Flags, ctx.now);

/** Every command, in the order --help lists them. */
const COMMANDS: readonly CommandEntry<unknown>[] = [
  entry({ name: 'record', define: recordCommand, parse: (_, flags) => parseRecordOptions(flags), run: runRecord }),
  entry({
    name: 'list',
    define: listCommand,
    parse: withSaved(parseListOptions),
    run: runList,
  }),
  entry({
    name: 'filter',
    define: filterCommand,
    parse: withSaved(parseFilterOptions),
    run: runFilter,
  }),
  entry({ name: 'show', define: showCommand, parse: (_, flags, [ref]) => parseShowOptions(ref, flags), run: runShow }),
  entry({
    name: 'stats',
    define: statsCommand,
    parse: withSaved(parseStatsOptions),
    run: runStats,
  }),
  entry({ name: 'verify', define: verifyCommand, parse: (_, flags) => parseVerifyOptions(flags), run: runVerify }),
  entry({
    name: 'tail',
    define: tailCommand,
    parse: withSaved(parseTailOptions),
    run: runTail,
  }),
  entry({ name: 'serve', define: serveCommand, parse: (_, flags) => parseServeOptions(flags), run: runServe }),
  entry({
    name: 'token',
    define: tokenCommand,
    parse: (_, flags, [action = '', name]) => parseTokenOptions(action, name, flags),
    run: runToken,
  }),
  entry({
    name: 'store',
    define: storeCommand,
    parse: (_, _flags, [action = '', from, to]) => parseStoreOptions(action, from, to),
    run: runStore,
  }),
  entry({
    name: 'help',
    define: () => new Command('help').argument('[command]').description('show help for a command'),
    parse: (_, _flags, [name]) => name,
    run: async (_, name: string | undefined, program) => {
      if (name === undefined) return void program.outputHelp();
      const command = program.commands.find((c) => c.name() === name);
      if (command === undefined) throw unknownCommand(name, program);
      command.outputHelp();
    },
  }),
  entry({
    name: 'completion',
    define: completionCommand,
    parse: (_, _flags, [shell = '']) => parseShell(shell),
    run: (ctx, shell, program) => runCompletion(ctx, program, shell),
  }),
];

/** The bare `activity`: the Last Activity card, or an unknown command named. */
const LAST_ACTIVITY: Runnable<readonly string[]> = {
  parse: (_, _flags, args) => args,
  run: async (ctx, args, program) => {
    if (args[0] !== undefined) throw unknownCommand(args[0], program);
    await runLastActivity(ctx);
  },
};

function unknownCommand(name: string, program: Command): UsageError {
  const guess = closest(
    name,
    program.commands.map((c) => c.name()),
  );
  return new UsageError(
    `unknown command ${echo(name)}`,
    `${guess ? `did you mean "${guess}"? ` : ''}see activity --help`,
  );
}

/** What each command's action is handed: the command line as commander parsed it. */
type Invoke = (runnable: Runnable, command: Command, program: Command) => Promise<void>;

/** Builds the whole command tree; `invoke` is what each command's action does. */
/**
 * The commands a command line needs defined: the one it names, none for the bare card or
 * --version; every one for help, completion and a word that is no command (its "did you
 * mean"). Defining the eleven commands' options was a part of every start-up.
 */
function commandsFor(argv: readonly string[]): readonly CommandEntry<unknown>[] {
  const valued = new Set(['--store', '--token', '--color']);
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '-h' || arg === '--help') return COMMANDS;
    if (valued.has(arg)) i++;
    else if (!arg.startsWith('-')) {
      const named = COMMANDS.find((command) => command.name === arg);
      return named === undefined || arg === 'help' || arg === 'completion' ? COMMANDS : [named];
    }
  }
  return [];
}

function buildProgram(invoke: Invoke, commands: readonly CommandEntry<unknown>[] = COMMANDS): Command {
  const program = new Command('activity')
    .description("the platform's audit log: who created, updated or deleted which resource, and when")
    .version(VERSION, '--version', 'print the version')
    .option(
      '--store <path|url>',
      'the activity store (default: $ACTIVITY_STORE, the config, or ~/.local/share/activity/activity.db)',
    )
    .option('--token <token>', 'token for a remote store (default: $ACTIVITY_TOKEN, then the config)')
    .addOption(new Option('--color <when>', 'colour: auto, always or never').default('auto'))
    .option('--no-color', 'same as --color never')
    .option('--no-input', 'never prompt; fail instead when something is missing')
    .option('-q, --quiet', 'no notices or summaries on stderr (errors still)')
    .option('--no-pager', 'never send output through $PAGER')
    .option('--debug', 'print stack traces on errors')
    .helpOption('-h, --help', 'show help')
    .helpCommand(false)
    // Commands listed by name and arguments: "[options]" on each pushed the descriptions past 80 columns.
    .configureHelp({ subcommandTerm: (command) => `${command.name()} ${command.usage().replace(/\[options\] ?/, '')}` })
    .allowExcessArguments(true)
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      `
Examples:
  activity                                    # the Last Activity card
  activity list --user "Jane Doe" --action delete --type cluster --since 7d
  activity record --action create --type cluster --name prod-eu-1 --user "Jane Doe"
  activity list --since 24h --all --format ndjson > events.ndjson`,
    );
  // Commander hands an action its arguments, then the flags, then the command itself.
  const actionOf =
    (runnable: Runnable) =>
    (...params: unknown[]) =>
      invoke(runnable, params.at(-1) as Command, program);
  program.action(actionOf(LAST_ACTIVITY as Runnable));
  for (const command of commands) {
    program.addCommand(
      command
        .define()
        .action(actionOf(command))
        .showHelpAfterError(false)
        .allowExcessArguments(false)
        .configureHelp({ showGlobalOptions: true }),
    );
  }
  return program;
}

function globalOptions(flags: Record<string, unknown>): GlobalOptions {
  return {
    ...(typeof flags.store === 'string' ? { store: flags.store } : {}),
    ...(typeof flags.token === 'string' ? { token: flags.token } : {}),
    color: flags.color === false ? 'never' : parseColorMode(String(flags.color ?? 'auto')),
    input: flags.input !== false,
    debug: flags.debug === true,
    quiet: flags.quiet === true,
    pager: flags.pager !== false,
  };
}

/** One line on stderr: what failed, then what to do about it. */
function describeError(error: unknown, debug: boolean): { message: string; code: number } {
  if (error instanceof CommanderError) {
    // Commander puts its "did you mean" on a second line, in brackets: one line here.
    const [what, ...rest] = error.message.replace(/^error: /, '').split('\n');
    const guess = rest
      .join(' ')
      .trim()
      .replace(/^\((.*)\)$/, '$1');
    const hint = guess === '' ? 'see --help' : `${guess.charAt(0).toLowerCase()}${guess.slice(1)} See --help`;
    return { message: `${what} — ${hint}`, code: ExitCode.usage };
  }
  if (error instanceof ActivityError) {
    return { message: error.hint ? `${error.message} — ${error.hint}` : error.message, code: error.exitCode };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return {
    message: `unexpected error: ${detail}${debug ? '' : ' (run with --debug for details)'}`,
    code: ExitCode.store,
  };
}

/**
 * Runs the CLI and returns the exit code; only bin/activity ends the process. Tests hand
 * in their own streams, clock and prompts.
 */
export async function main(argv: readonly string[], io: Io, dependencies: Dependencies = {}): Promise<number> {
  const debug = argv.includes('--debug');
  // A reader that goes away early (`activity --help | head`) ends the output quietly; a
  // write that fails (a full disk) ends it with an error.
  let stdoutFailure: NodeJS.ErrnoException | undefined;
  io.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') stdoutFailure ??= error;
  });
  // Messages that cannot be written (stderr closed, or a full disk) are lost, but they
  // must not turn the outcome into a crash: the exit code still tells what happened.
  io.stderr.on('error', () => {});
  const outcome = await runProgram(argv, io, debug, dependencies);
  // Written data may fail after the command returned: the stream reports in order.
  await new Promise<void>((resolve) => io.stdout.write('', () => resolve()));
  if (stdoutFailure === undefined) return outcome;
  io.stderr.write(`activity: cannot write the output: ${sanitize(stdoutFailure.message)}\n`);
  return ExitCode.store;
}

/** Commander's own errors become our one-line usage errors; help goes to our stdout. */
function withOutput(program: Command, io: Io): Command {
  for (const command of [program, ...program.commands]) {
    command.exitOverride().configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: () => {},
    });
  }
  return program;
}

async function runProgram(
  argv: readonly string[],
  io: Io,
  debug: boolean,
  dependencies: Dependencies,
): Promise<number> {
  const program = buildProgram(async (runnable, parsed, root) => {
    const ctx = new Context(io, globalOptions(parsed.optsWithGlobals()), dependencies);
    try {
      await runnable.run(ctx, runnable.parse(ctx, parsed.opts(), parsed.args), root);
    } finally {
      await ctx.close();
    }
  }, commandsFor(argv));
  try {
    await withOutput(program, io).parseAsync([...argv]);
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError && (error.exitCode === 0 || error.code === 'commander.help')) {
      return ExitCode.ok;
    }
    if (error instanceof OutputClosedError) return ExitCode.ok;
    if (error instanceof QuietExit) return error.exitCode;
    const { message, code } = describeError(error, debug);
    io.stderr.write(`activity: ${sanitize(message)}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return code;
  }
}

/**
 * The command a command line names and the typed options it parses to, without running
 * it: the argv → options layer, as tests see it. Usage errors throw as they would print.
 */
export async function parseCommandLine(
  argv: readonly string[],
  io: Io,
  dependencies: Dependencies = {},
): Promise<{ command: string; options: unknown }> {
  let parsed: { command: string; options: unknown } | undefined;
  const program = buildProgram(async (runnable, given) => {
    const ctx = new Context(io, globalOptions(given.optsWithGlobals()), dependencies);
    parsed = { command: given.name(), options: runnable.parse(ctx, given.opts(), given.args) };
  });
  await withOutput(program, io).parseAsync(['node', 'activity', ...argv]);
  if (parsed === undefined) throw new Error(`no command ran for ${argv.join(' ')}`);
  return parsed;
}
