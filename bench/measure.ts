/**
 * Runs the built CLI as a user would (`node bin/newsmirror.js run --archive DIR --json`, a new process every
 * time) and measures the whole process: wall time from spawn to exit, and the child's peak RSS.
 *
 * Peak RSS (and CPU time) come from GNU time (`/usr/bin/time -f '%M %U %S'`, written to a file so that the
 * CLI's stderr stays its own) when it is installed; otherwise from bench/rss-wrapper.mjs, which runs the CLI
 * inside a process that records `process.resourceUsage()` on exit. CPU time is reported beside wall time
 * because a shared machine's load inflates wall time far more than CPU time.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = path.join(REPO, 'bin', 'newsmirror.js');
const WRAPPER = path.join(REPO, 'bench', 'rss-wrapper.mjs');
const GNU_TIME = '/usr/bin/time';

export type RssMethod = 'gnu-time' | 'wrapper';

export function rssMethodDescription(method: RssMethod): string {
  return method === 'gnu-time'
    ? `${GNU_TIME} -f '%M %U %S' around the CLI process (peak resident set of the node process; user + system CPU)`
    : 'bench/rss-wrapper.mjs: process.resourceUsage() (maxRSS, CPU) of the process that runs the CLI';
}

/** GNU time when it works here (it is Debian's `time` package, not always installed), else the wrapper. */
export function detectRssMethod(): RssMethod {
  const probe = path.join(os.tmpdir(), `newsmirror-bench-time-${process.pid}`);
  try {
    const result = spawnSync(GNU_TIME, ['-f', '%M', '-o', probe, process.execPath, '-e', '0'], { stdio: 'ignore' });
    const kib = Number(fs.readFileSync(probe, 'utf8').trim().split('\n').pop());
    return result.status === 0 && kib > 0 ? 'gnu-time' : 'wrapper';
  } catch {
    return 'wrapper';
  } finally {
    fs.rmSync(probe, { force: true });
  }
}

export interface CliRun {
  wallMs: number;
  /** Peak RSS of the CLI process in MiB. */
  rssMb: number | undefined;
  /** User + system CPU time of the CLI process (GNU time: 10 ms resolution). */
  cpuMs: number | undefined;
  /** The system part of cpuMs. */
  sysMs: number | undefined;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  rss: RssMethod;
  /** The CLI's entry script (default bin/newsmirror.js). */
  bin?: string;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeFlags?: string[];
}

/** Child environment: no NODE_OPTIONS, so that nothing (tsx, a debugger) loads into the measured process. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.NODE_OPTIONS;
  return env;
}

export async function runCli(args: string[], options: CliOptions): Promise<CliRun> {
  const rssFile = path.join(os.tmpdir(), `newsmirror-bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const flags = options.nodeFlags ?? [];
  const bin = options.bin ?? BIN;
  const [command, argv, extraEnv] =
    options.rss === 'gnu-time'
      ? [GNU_TIME, ['-f', '%M %U %S', '-o', rssFile, process.execPath, ...flags, bin, ...args], {}]
      : [process.execPath, [...flags, WRAPPER, ...args], { BENCH_RSS_FILE: rssFile, BENCH_CLI: bin }];

  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  const started = performance.now();
  const child = spawn(command, argv, { cwd: REPO, env: childEnv(extraEnv), stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c, s) => resolve({ code: c, signal: s }));
  });
  const wallMs = performance.now() - started;

  let rssMb: number | undefined;
  let cpuMs: number | undefined;
  let sysMs: number | undefined;
  try {
    // One line "KiB [user-s system-s]"; GNU time writes "Command exited with non-zero status N" above it when
    // the child fails.
    const [kib, user, system] = (fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '').split(/\s+/).map(Number);
    if (kib !== undefined && kib > 0) rssMb = kib / 1024;
    if (user !== undefined && system !== undefined && Number.isFinite(user + system)) {
      cpuMs = (user + system) * 1000;
      sysMs = system * 1000;
    }
  } catch {
    rssMb = undefined;
  } finally {
    fs.rmSync(rssFile, { force: true });
  }
  return { wallMs, rssMb, cpuMs, sysMs, code, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') };
}

/**
 * What creating one new file costs here, in µs (wall), measured on `count` empty files in `dir` (left in place:
 * deleting them would slow the next creations on ext4). An ingest creates one new file per article plus a few
 * dozen more, so this is the part of its time that belongs to the file system, not to the tool.
 */
export function fileCreationCost(dir: string, count = 500): number {
  fs.mkdirSync(dir, { recursive: true });
  const started = performance.now();
  for (let i = 0; i < count; i += 1) fs.closeSync(fs.openSync(path.join(dir, `${i}.probe`), 'wx'));
  return ((performance.now() - started) * 1000) / count;
}
