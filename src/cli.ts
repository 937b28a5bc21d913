import { Command, CommanderError, Option } from 'commander';
import { completionCommand, parseShell, runCompletion } from './commands/completion.js';
import { filterCommand, parseFilterOptions, runFilter } from './commands/filter.js';
import { runLastActivity } from './commands/last-activity.js';
import { listCommand, parseListOptions, runList } from './commands/list.js';
import { withSavedFilter } from './commands/options.js';
import { parseRecordOptions, recordCommand, runRecord } from './commands/record.js';
import { parseShowOptions, runShow, showCommand } from './commands/show.js';
import { parseStatsOptions, runStats, statsCommand } from './commands/stats.js';
import { parseTailOptions, runTail, tailCommand } from './commands/tail.js';
import { parseVerifyOptions, runVerify, verifyCommand } from './commands/verify.js';
import { Context, type GlobalOptions, parseColorMode } from './context.js';
import { ActivityError, ExitCode, echo, QuietExit, UsageError } from './core/errors.js';
import { closest } from './core/suggest.js';
import { type Io, OutputClosedError } from './output/io.js';
import { sanitize } from './output/sanitize.js';

declare const __VERSION__: string;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

type Action = (ctx: Context, flags: Record<string, unknown>, args: string[]) => Promise<void>;

/** Builds the whole command tree. `run` is how each command's action gets its context. */
function buildProgram(run: (command: Command, action: Action) => Promise<void>): Command {
  const program = new Command('activity')
    .description("the platform's audit log: who created, updated or deleted which resource, and when")
    .version(VERSION, '--version', 'print the version')
    .option(
      '--store <path|url>',
      'the activity store (default: $ACTIVITY_STORE, the config, or ~/.local/share/activity/activity.db)',
    )
    .option('--token <token>', 'token for a remote store (default: $ACTIVITY_TOKEN, then the config)')
    .addOption(new Option('--color <when>', 'colour: auto, always or never').default('auto'))
    .option('--no-input', 'never prompt; fail instead when something is missing')
    .option('--debug', 'print stack traces on errors')
    .helpOption('-h, --help', 'show help')
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

  program.action((_flags, command: Command) =>
    run(command, async (ctx, _f, args) => {
      if (args.length > 0) {
        const guess = closest(
          args[0] ?? '',
          program.commands.map((c) => c.name()),
        );
        throw new UsageError(
          `unknown command ${echo(args[0] ?? '')}`,
          `${guess ? `did you mean "${guess}"? ` : ''}see activity --help`,
        );
      }
      await runLastActivity(ctx);
    }),
  );

  program.addCommand(
    recordCommand().action((_flags, command: Command) =>
      run(command, (ctx, flags) => runRecord(ctx, parseRecordOptions(flags))),
    ),
  );
  program.addCommand(
    listCommand().action((_flags, command: Command) =>
      run(command, (ctx, flags) => runList(ctx, parseListOptions(withSavedFilter(flags, ctx.config.filters), ctx.now))),
    ),
  );
  program.addCommand(
    filterCommand().action((_flags, command: Command) =>
      run(command, (ctx, flags) => runFilter(ctx, parseFilterOptions(flags, ctx.now))),
    ),
  );
  program.addCommand(
    showCommand().action((ref: string, _flags, command: Command) =>
      run(command, (ctx, flags) => runShow(ctx, parseShowOptions(ref, flags))),
    ),
  );
  program.addCommand(
    statsCommand().action((_flags, command: Command) =>
      run(command, (ctx, flags) => runStats(ctx, parseStatsOptions(flags, ctx.now))),
    ),
  );
  program.addCommand(
    verifyCommand().action((_flags, command: Command) =>
      run(command, (ctx, flags) => runVerify(ctx, parseVerifyOptions(flags))),
    ),
  );
  program.addCommand(
    tailCommand().action((_flags, command: Command) =>
      run(command, (ctx, flags) => runTail(ctx, parseTailOptions(flags, ctx.now))),
    ),
  );
  program.addCommand(
    completionCommand().action((shell: string, _flags, command: Command) =>
      run(command, (ctx) => runCompletion(ctx, program, parseShell(shell))),
    ),
  );
  for (const command of program.commands) {
    command.showHelpAfterError(false).allowExcessArguments(false).configureHelp({ showGlobalOptions: true });
  }
  return program;
}

function globalOptions(flags: Record<string, unknown>): GlobalOptions {
  return {
    ...(typeof flags.store === 'string' ? { store: flags.store } : {}),
    ...(typeof flags.token === 'string' ? { token: flags.token } : {}),
    color: parseColorMode(String(flags.color ?? 'auto')),
    input: flags.input !== false,
    debug: flags.debug === true,
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

/** Runs the CLI and returns the exit code; only bin/activity ends the process. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
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
  const outcome = await runProgram(argv, io, debug);
  // Written data may fail after the command returned: the stream reports in order.
  await new Promise<void>((resolve) => io.stdout.write('', () => resolve()));
  if (stdoutFailure === undefined) return outcome;
  io.stderr.write(`activity: cannot write the output: ${sanitize(stdoutFailure.message)}\n`);
  return ExitCode.store;
}

async function runProgram(argv: readonly string[], io: Io, debug: boolean): Promise<number> {
  const run = async (command: Command, action: Action) => {
    const flags = command.optsWithGlobals() as Record<string, unknown>;
    const ctx = new Context(io, globalOptions(flags));
    try {
      await action(ctx, command.opts(), command.args);
    } finally {
      await ctx.close();
    }
  };
  const program = buildProgram(run);
  // Commander's own errors become our one-line usage errors; help goes to our stdout.
  for (const command of [program, ...program.commands]) {
    command.exitOverride().configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: () => {},
    });
  }
  try {
    await program.parseAsync([...argv]);
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
