/**
 * Command-line parsing only: each command's work lives in commands/; errors become exit codes here.
 */
import { Command, CommanderError, Option } from 'commander';
import { ExitCode } from './commands/exit-codes.js';
import { processOutput, type Output } from './commands/output.js';
import { failureOf, runCommand } from './commands/run.js';

const EXIT_CODES_HELP = `
Exit codes:
  0  every source succeeded (and, with --commit/--push, every commit and push)
  1  some sources or remotes failed (the others were still archived and pushed)
  2  usage or configuration error (also: --commit outside a git repository, --push without a remote)
  3  the archive is locked by another run`;

const INIT_EXIT_CODES_HELP = `
Exit codes:
  0  the archive was created
  1  something failed while writing it (the message says what)
  2  usage error: unknown outlet, or a config exists already (without --force)`;

const WATCH_EXIT_CODES_HELP = `
A failed run (sources failing, the archive locked, a broken config edit) is logged and the loop goes on.
SIGINT/SIGTERM: the current run stops after the article being written, commits what it wrote, releases the lock.

Exit codes:
  0  stopped by SIGINT/SIGTERM
  2  usage or configuration error at start (bad --every/--jitter, config, repository, remotes)`;

const ADD_EXIT_CODES_HELP = `
Prints the archived file's path (an already archived URL prints the existing file's path).

Exit codes:
  0  archived now, or archived already
  1  the page could not be fetched or holds no article (the reason is printed)
  2  usage or configuration error
  3  the archive is locked by another run`;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The options every archive command shares (DESIGN 6). */
const archiveOption = (): Option => new Option('--archive <dir>', 'archive directory').default('.');
const configOption = (): Option => new Option('--config <file>', 'config file (default: <archive>/newsmirror.yaml)');
const sourcesOption = (): Option => new Option('--source <id>', 'only this source (repeatable)').argParser(collect).default([]);

export function buildProgram(out: Output, setCode: (code: ExitCode) => void, signal?: AbortSignal): Command {
  const program = new Command('newsmirror')
    .description('Keep a durable, readable git mirror of Chinese-language news from international outlets.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => out.stdout(s.trimEnd()), writeErr: (s) => out.stderr(s.trimEnd()) })
    .exitOverride();

  program
    .command('run')
    .description('fetch every source once and archive what is new; update list pages and the README')
    .addOption(archiveOption())
    .addOption(configOption())
    .addOption(sourcesOption())
    .option('--json', 'print the report as JSON on stdout, no progress', false)
    .option('--commit', 'commit the files the run changed (one commit; none when nothing changed)', false)
    .option('--push', 'push the branch to every remote in publish.remotes (default: all); implies --commit', false)
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (options: { archive: string; config?: string; source: string[]; json: boolean; commit: boolean; push: boolean }) => {
      setCode(await runCommand(options, out, signal));
    });

  program
    .command('init')
    .description('create an archive: config, README, .gitignore, an hourly GitHub Actions workflow; git init when needed')
    .argument('[dir]', 'the archive directory (created when missing)', '.')
    // DESIGN 6 gives every command --archive; for init it is another way to name DIR.
    .addOption(new Option('--archive <dir>', 'the archive directory, instead of DIR'))
    .option('--outlets <ids>', 'comma-separated default outlets to configure (default: all of them)')
    .option('--force', 'overwrite an existing config and workflow', false)
    .option('--json', 'print what was written as JSON', false)
    .addHelpText('after', INIT_EXIT_CODES_HELP)
    .action(async (dir: string, { archive, ...options }: { archive?: string; outlets?: string; force: boolean; json: boolean }) => {
      // Loaded on use, like the feed parser: an hourly `run` should not pay for init's templates or watch's loop.
      const { initCommand } = await import('./commands/init.js');
      setCode(await initCommand({ dir: archive ?? dir, ...options }, out));
    });

  program
    .command('add')
    .description('archive one article page now: into the source its site belongs to, else --source, else a "web" source')
    .argument('<url>', 'the article page')
    .addOption(archiveOption())
    .addOption(configOption())
    .option('--source <id>', 'archive into this configured source')
    .option('--json', 'print the result as JSON on stdout', false)
    .addHelpText('after', ADD_EXIT_CODES_HELP)
    .action(async (url: string, options: { archive: string; config?: string; source?: string; json: boolean }) => {
      const { addCommand } = await import('./commands/add.js');
      setCode(await addCommand({ url, ...options }, out, signal));
    });

  program
    .command('watch')
    .description('run forever: one update every --every (± --jitter), optionally committed and pushed')
    .addOption(archiveOption())
    .addOption(configOption())
    .addOption(sourcesOption())
    .option('--every <duration>', 'pause between runs: 90s, 5m, 1h, or milliseconds', '60m')
    .option('--jitter <duration>', 'random extra or less pause, up to this much', '5m')
    .option('--commit', 'commit what each run changed', false)
    .option('--push', 'push after each run (implies --commit)', false)
    .option('--json', 'log one JSON object per line instead of text', false)
    .addHelpText('after', WATCH_EXIT_CODES_HELP)
    .action(async (options: { archive: string; config?: string; source: string[]; every: string; jitter: string; commit: boolean; push: boolean; json: boolean }) => {
      const { watchCommand } = await import('./commands/watch.js');
      setCode(await watchCommand(options, out, signal));
    });

  return program;
}

/** Runs the CLI; returns the exit code instead of exiting so that callers (tests, watch) stay in control. */
export async function main(argv: string[], out: Output = processOutput): Promise<number> {
  const controller = new AbortController();
  const stop = (): void => controller.abort(new Error('interrupted'));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let code: ExitCode = ExitCode.Ok;
  const program = buildProgram(out, (c) => (code = c), controller.signal);
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return ExitCode.Usage;
    }
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    const { code: failure, message } = failureOf(error);
    out.stderr(`newsmirror: ${message}`);
    return failure;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
