/**
 * The real `git` binary, run without a shell. Every call has a timeout and no terminal, so an unattended job
 * can never sit waiting for a password or a dead host.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';

export interface GitResult {
  stdout: string;
  stderr: string;
}

export interface GitOptions {
  cwd: string;
  /** Written to git's stdin (pathspecs, for lists too long for a command line). */
  input?: string;
  timeoutMs?: number;
  /** Stops the command (only for commands that are safe to kill: fetch, push). */
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

/** Local commands are quick; a minute means something is wrong (a lock, a hook waiting for input). */
export const LOCAL_TIMEOUT_MS = 60_000;

export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly stderr: string,
    readonly stdout: string,
    readonly exitCode: number | null,
    reason?: string,
  ) {
    super(`git ${args.join(' ')}: ${reason ?? (lastLines(stderr) || `exited with code ${exitCode}`)}`);
  }
}

function lastLines(text: string): string {
  // git's "fatal:"/"error:" lines carry the cause; hints around them are for people at a terminal.
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('hint:'));
  const causes = lines.filter((l) => /^(fatal|error):/.test(l));
  return (causes.length > 0 ? causes : lines.slice(-3)).join(' / ');
}

function gitEnv(extra: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  return {
    ...process.env,
    // Messages are matched (rejections, conflicts): keep them in English whatever the machine's locale.
    LC_ALL: 'C',
    LANGUAGE: 'C',
    GIT_TERMINAL_PROMPT: '0',
    // Paths from the archive are names, not patterns: `lists/a[1].md` must not glob.
    GIT_LITERAL_PATHSPECS: '1',
    // ssh must fail rather than ask for a passphrase or a host key confirmation.
    GIT_SSH_COMMAND: process.env.GIT_SSH_COMMAND ?? 'ssh -o BatchMode=yes',
    GIT_EDITOR: 'true',
    ...extra,
  };
}

export function git(args: readonly string[], options: GitOptions): Promise<GitResult> {
  const timeoutMs = options.timeoutMs ?? LOCAL_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    // spawn reports a missing cwd as a missing program: say which it is.
    if (!fs.existsSync(options.cwd)) {
      reject(new GitError(args, '', '', null, `no such directory: ${options.cwd}`));
      return;
    }
    if (options.signal?.aborted) {
      reject(new GitError(args, '', '', null, 'interrupted'));
      return;
    }
    // Its own process group (and session, so no terminal to prompt on): a timeout or an interrupt kills git and
    // the helpers it started (git-remote-http, ssh), which would otherwise hold the pipes open and hang us.
    const child = spawn('git', ['-c', 'core.quotepath=false', ...args], {
      cwd: options.cwd,
      env: gitEnv(options.env),
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    let failure: string | undefined;
    const stop = (reason: string): void => {
      failure ??= reason;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => stop(`timed out after ${Math.round(timeoutMs / 1000)} s`), timeoutMs);
    const onAbort = (): void => stop('interrupted');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error: NodeJS.ErrnoException) => {
      failure ??= error.code === 'ENOENT' ? 'git is not installed (no `git` on PATH)' : error.message;
    });
    if (options.input !== undefined && child.stdin) {
      child.stdin.on('error', () => {});
      child.stdin.end(options.input);
    }
    child.on('close', (code) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (code === 0 && failure === undefined) resolve({ stdout, stderr });
      else reject(new GitError(args, stderr, stdout, failure === undefined ? code : null, failure));
    });
  });
}

/** Runs git and returns trimmed stdout, or undefined when git exits non-zero (a "no" answer, not a failure). */
export async function gitQuery(args: readonly string[], options: GitOptions): Promise<string | undefined> {
  try {
    return (await git(args, options)).stdout.trim();
  } catch (error) {
    if (error instanceof GitError && error.exitCode !== null) return undefined;
    throw error;
  }
}
