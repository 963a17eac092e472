/**
 * Command-line parsing only: each command's work lives in commands/; errors become exit codes here.
 */
import { Command, CommanderError, Option } from 'commander';
import { LockedError } from './archive/lock.js';
import { runCommand } from './commands/run.js';
import { ExitCode } from './commands/exit-codes.js';
import { processOutput, type Output } from './commands/output.js';
import { ConfigError } from './config/load.js';
import { UnknownSourceError } from './pipeline/update.js';

const EXIT_CODES_HELP = `
Exit codes:
  0  every source succeeded
  1  some sources failed (the others were still archived)
  2  usage or configuration error
  3  the archive is locked by another run`;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

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
    .addOption(new Option('--archive <dir>', 'archive directory').default('.'))
    .addOption(new Option('--config <file>', 'config file (default: <archive>/newsmirror.yaml)'))
    .addOption(new Option('--source <id>', 'only this source (repeatable)').argParser(collect).default([]))
    .option('--json', 'print the report as JSON on stdout, no progress', false)
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (options: { archive: string; config?: string; source: string[]; json: boolean }) => {
      setCode(await runCommand(options, out, signal));
    });

  return program;
}

function exitCodeFor(error: unknown): { code: ExitCode; message: string } {
  if (error instanceof LockedError) return { code: ExitCode.Locked, message: error.message };
  if (error instanceof ConfigError || error instanceof UnknownSourceError) return { code: ExitCode.Usage, message: error.message };
  return { code: ExitCode.SomeFailed, message: error instanceof Error ? error.message : String(error) };
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
    const { code: failure, message } = exitCodeFor(error);
    out.stderr(`newsmirror: ${message}`);
    return failure;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
