/**
 * `newsmirror run`: one update of the archive, reported as a table (or JSON with --json); with --commit and
 * --push, the changed files are committed and pushed to every remote.
 */
import * as path from 'node:path';
import { acquireLock, LockedError } from '../archive/lock.js';
import { cacheDir } from '../archive/paths.js';
import { loadConfigCached } from '../config/cached.js';
import { ConfigError } from '../config/errors.js';
import { runUpdate, UnknownSourceError, type ProgressEvent, type SourceReport, type UpdateReport } from '../pipeline/update.js';
import { hygieneWarnings, planPublish, publish, publishFailed, PublishSetupError, type PublishReport, type RemoteResult } from '../publish/index.js';
import { ExitCode } from './exit-codes.js';
import { createProgress } from './progress.js';
import type { Output } from './output.js';

export interface RunOptions {
  archive: string;
  config?: string;
  source: string[];
  json: boolean;
  commit?: boolean;
  /** Implies commit. */
  push?: boolean;
}

/** Everything one run produced: what `run` prints and what `watch` logs. */
export interface RunOutcome {
  report: UpdateReport;
  publish?: PublishReport;
  /** Size warnings (folders and repository nearing what git hosts handle well). */
  warnings: string[];
  exitCode: ExitCode;
}

function row(report: SourceReport): string[] {
  // A streak says the outlet may have moved or died, not just had a bad hour.
  const streak = (report.failingRuns ?? 0) > 1 ? ` (${report.failingRuns} runs in a row, since ${report.failingSince})` : '';
  const status = report.status === 'failed' ? `failed${streak}: ${report.error ?? ''}` : report.status;
  return [report.id, report.name, String(report.new), String(report.known), String(report.skipped), String(report.filtered), String(report.failed), status];
}

export function formatTable(rows: string[][]): string {
  const width = (text: string): number => [...text].reduce((w, ch) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0);
  const columns = rows[0]?.length ?? 0;
  const widths = Array.from({ length: columns - 1 }, (_, c) => Math.max(...rows.map((r) => width(r[c] ?? ''))));
  return rows.map((r) => r.map((cell, c) => (c < columns - 1 ? cell + ' '.repeat((widths[c] ?? 0) - width(cell)) : cell)).join('  ')).join('\n');
}

function remoteLine(r: RemoteResult): string {
  const after = r.rebased > 0 ? ` (after rebasing ${r.rebased === 1 ? 'once' : `${r.rebased} times`})` : '';
  const status = r.status === 'failed' || r.status === 'skipped' ? `${r.status}: ${r.error ?? ''}` : r.status;
  return `push ${r.remote}: ${status}${after}`;
}

export function publishLines(report: PublishReport): string[] {
  const lines: string[] = [];
  if (report.commit) {
    const n = report.commit.files.length;
    lines.push(`committed ${report.commit.sha.slice(0, 10)} on ${report.branch}: ${report.commit.message} (${n} file${n === 1 ? '' : 's'})`);
  } else if (report.commitError) {
    lines.push(`commit failed: ${report.commitError}`);
  } else {
    lines.push('nothing to commit');
  }
  return [...lines, ...report.remotes.map(remoteLine)];
}

export function summarise(report: UpdateReport, extra: { publish?: PublishReport; warnings?: string[] } = {}): string {
  const rows = [['source', 'name', 'new', 'known', 'skipped', 'filtered', 'failed', 'status'], ...report.sources.map(row)];
  const total = report.sources.reduce((n, s) => n + s.new, 0);
  const failed = report.sources.filter((s) => s.status === 'failed').length;
  const broken = report.sources.flatMap((s) => s.broken.map((b) => `warning: articles/${s.id}/${b}`));
  const warnings = (extra.warnings ?? []).map((w) => `warning: ${w}`);
  const problems = report.problems.map((p) => `error: ${p}`);
  const tail = `${total} new article${total === 1 ? '' : 's'}, ${report.changed.length} file${report.changed.length === 1 ? '' : 's'} changed${failed ? `, ${failed} source${failed === 1 ? '' : 's'} failed` : ''}`;
  return [formatTable(rows), ...broken, ...warnings, ...problems, tail, ...(extra.publish ? publishLines(extra.publish) : [])].join('\n');
}

export function exitCodeOf(report: UpdateReport, published?: PublishReport): ExitCode {
  const failed = report.sources.some((s) => s.status === 'failed') || report.problems.length > 0 || (published !== undefined && publishFailed(published));
  return failed ? ExitCode.SomeFailed : ExitCode.Ok;
}

/** A command asked for something it cannot do as asked (bad option values, an outlet that does not exist): exit 2. */
export class UsageError extends Error {}

/** The exit code and message of an error that stopped a command (DESIGN 6). */
export function failureOf(error: unknown): { code: ExitCode; message: string } {
  if (error instanceof LockedError) return { code: ExitCode.Locked, message: error.message };
  const usage = error instanceof UsageError || error instanceof ConfigError || error instanceof UnknownSourceError || error instanceof PublishSetupError;
  if (usage) return { code: ExitCode.Usage, message: error.message };
  return { code: ExitCode.SomeFailed, message: error instanceof Error ? error.message : String(error) };
}

/** One update, then publishing when asked. Setup problems (config, repository, lock) throw before anything is fetched. */
export async function runOnce(options: RunOptions, signal?: AbortSignal, onProgress?: (event: ProgressEvent) => void): Promise<RunOutcome> {
  const archive = path.resolve(options.archive);
  const { config, dir } = await loadConfigCached(options.config ?? path.join(archive, 'newsmirror.yaml'), cacheDir(archive));
  const push = options.push === true;
  const plan = options.commit || push ? await planPublish(archive, config, push) : undefined;
  // Held until publishing is done: a second run must not write while a rebase rewrites the working tree.
  const lock = acquireLock(archive);
  try {
    const report = await runUpdate({
      root: archive,
      config,
      configDir: dir,
      only: options.source,
      lock,
      ...(signal ? { signal } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
    const published = plan ? await publish(plan, report, signal) : undefined;
    const warnings = await hygieneWarnings(archive, report);
    return { report, ...(published ? { publish: published } : {}), warnings, exitCode: exitCodeOf(report, published) };
  } finally {
    lock.release();
  }
}

/** The JSON form of a run, shared by `run --json` and `watch --json`. */
export function outcomeJson(outcome: RunOutcome): Record<string, unknown> {
  return { ...outcome.report, warnings: outcome.warnings, ...(outcome.publish ? { publish: outcome.publish } : {}), exitCode: outcome.exitCode };
}

export async function runCommand(options: RunOptions, out: Output, signal?: AbortSignal): Promise<ExitCode> {
  const progress = options.json ? undefined : createProgress(out);
  let outcome: RunOutcome;
  try {
    outcome = await runOnce(options, signal, progress ? (event) => progress.update(event) : undefined);
  } finally {
    progress?.finish();
  }
  if (options.json) out.stdout(JSON.stringify(outcomeJson(outcome), null, 2));
  else out.stdout(summarise(outcome.report, outcome));
  return outcome.exitCode;
}
