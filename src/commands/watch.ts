/**
 * `newsmirror watch`: runs forever on a server or in a container, one run every --every (± --jitter). A run
 * that fails, throws or finds the archive locked is logged and the loop goes on; SIGINT/SIGTERM lets the
 * current run stop between two article files, commit what it wrote, release the lock, and exit 0.
 */
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { cacheDir } from '../archive/paths.js';
import { loadConfigCached } from '../config/cached.js';
import { planPublish } from '../publish/index.js';
import { formatDuration, nextDelay, scheduleSchema, type Schedule } from '../publish/schedule.js';
import { ExitCode } from './exit-codes.js';
import type { Output } from './output.js';
import { failureOf, outcomeJson, runOnce, UsageError, type RunOptions, type RunOutcome } from './run.js';

export interface WatchOptions extends RunOptions {
  every: string;
  jitter: string;
}

/** Bad --every / --jitter: a usage error (exit 2). */
export class WatchOptionsError extends UsageError {}

function parseSchedule(options: WatchOptions): Schedule {
  const result = scheduleSchema.safeParse({ every: options.every, jitter: options.jitter });
  if (result.success) return result.data;
  throw new WatchOptionsError(result.error.issues.map((i) => i.message).join('; '));
}

function describeOutcome(outcome: RunOutcome): string {
  const { report } = outcome;
  const total = report.sources.reduce((n, s) => n + s.new, 0);
  const failed = report.sources.filter((s) => s.status === 'failed');
  const parts = [`${total} new`, `${report.changed.length} files changed`];
  if (failed.length > 0) parts.push(`failed: ${failed.map((s) => `${s.id} (${s.error ?? '?'})`).join(', ')}`);
  const published = outcome.publish;
  if (published) {
    if (published.commit) parts.push(`committed ${published.commit.sha.slice(0, 10)}`);
    if (published.commitError) parts.push(`commit failed: ${published.commitError}`);
    for (const r of published.remotes) parts.push(`push ${r.remote}: ${r.status}${r.error ? ` (${r.error})` : ''}`);
  }
  parts.push(...outcome.warnings.map((w) => `warning: ${w}`));
  return parts.join('; ');
}

/** Stops early (without throwing) when the signal fires. */
async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await sleep(ms, undefined, signal ? { signal } : {});
  } catch (error) {
    if ((error as Error).name !== 'AbortError') throw error;
  }
}

export async function watchCommand(options: WatchOptions, out: Output, signal?: AbortSignal): Promise<ExitCode> {
  const schedule = parseSchedule(options);
  const archive = path.resolve(options.archive);
  // Checked once up front, so that a typo is an immediate exit 2, not an error line every hour. Later runs load
  // the config afresh: an edit takes effect at the next run, and a broken edit is logged, not fatal.
  const { config } = await loadConfigCached(options.config ?? path.join(archive, 'newsmirror.yaml'), cacheDir(archive));
  if (options.commit || options.push) await planPublish(archive, config, options.push === true);
  const log = (fields: Record<string, unknown>, text: string): void => {
    const time = new Date().toISOString();
    out.stdout(options.json ? JSON.stringify({ time, ...fields }) : `${time} ${text}`);
  };
  log({ event: 'start', archive, everyMs: schedule.every, jitterMs: schedule.jitter }, `watching ${archive}: a run every ${formatDuration(schedule.every)} ± ${formatDuration(schedule.jitter)}`);

  for (let run = 1; !signal?.aborted; run += 1) {
    let outcome: RunOutcome | undefined;
    let failure: { code: ExitCode; message: string } | undefined;
    try {
      outcome = await runOnce(options, signal);
    } catch (error) {
      failure = failureOf(error);
    }
    const stopping = signal?.aborted === true;
    const delay = nextDelay(schedule);
    const next = stopping ? 'stopping' : `next run in ${formatDuration(delay)}`;
    if (outcome) {
      log({ event: 'run', run, ...outcomeJson(outcome), ...(stopping ? {} : { nextRunInMs: delay }) }, `run ${run}: ${describeOutcome(outcome)}; ${next}`);
    } else if (failure) {
      log({ event: 'run', run, error: failure.message, exitCode: failure.code, ...(stopping ? {} : { nextRunInMs: delay }) }, `run ${run}: error: ${failure.message}; ${next}`);
    }
    if (stopping) break;
    await pause(delay, signal);
  }
  log({ event: 'stop' }, 'stopped by signal');
  return ExitCode.Ok;
}
