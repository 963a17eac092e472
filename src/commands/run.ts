/**
 * `newsmirror run`: one update of the archive, reported as a table (or JSON with --json).
 */
import * as path from 'node:path';
import { loadConfig } from '../config/load.js';
import { runUpdate, type ProgressEvent, type SourceReport, type UpdateReport } from '../pipeline/update.js';
import { ExitCode } from './exit-codes.js';
import { createProgress } from './progress.js';
import type { Output } from './output.js';

export interface RunOptions {
  archive: string;
  config?: string;
  source: string[];
  json: boolean;
}

function row(report: SourceReport): string[] {
  const status = report.status === 'failed' ? `failed: ${report.error ?? ''}` : report.status;
  return [report.id, report.name, String(report.new), String(report.known), String(report.skipped), String(report.failed), status];
}

export function formatTable(rows: string[][]): string {
  const width = (text: string): number => [...text].reduce((w, ch) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0);
  const columns = rows[0]?.length ?? 0;
  const widths = Array.from({ length: columns - 1 }, (_, c) => Math.max(...rows.map((r) => width(r[c] ?? ''))));
  return rows.map((r) => r.map((cell, c) => (c < columns - 1 ? cell + ' '.repeat((widths[c] ?? 0) - width(cell)) : cell)).join('  ')).join('\n');
}

export function summarise(report: UpdateReport): string {
  const rows = [['source', 'name', 'new', 'known', 'skipped', 'failed', 'status'], ...report.sources.map(row)];
  const total = report.sources.reduce((n, s) => n + s.new, 0);
  const failed = report.sources.filter((s) => s.status === 'failed').length;
  const broken = report.sources.flatMap((s) => s.broken.map((b) => `warning: articles/${s.id}/${b}`));
  const tail = `${total} new article${total === 1 ? '' : 's'}, ${report.changed.length} file${report.changed.length === 1 ? '' : 's'} changed${failed ? `, ${failed} source${failed === 1 ? '' : 's'} failed` : ''}`;
  return [formatTable(rows), ...broken, tail].join('\n');
}

export function exitCodeOf(report: UpdateReport): ExitCode {
  return report.sources.some((s) => s.status === 'failed') ? ExitCode.SomeFailed : ExitCode.Ok;
}

export async function runCommand(options: RunOptions, out: Output, signal?: AbortSignal): Promise<ExitCode> {
  const archive = path.resolve(options.archive);
  const { config, dir } = loadConfig(options.config ?? path.join(archive, 'newsmirror.yaml'));
  const progress = options.json ? undefined : createProgress(out);
  const report = await runUpdate({
    root: archive,
    config,
    configDir: dir,
    only: options.source,
    ...(signal ? { signal } : {}),
    ...(progress ? { onProgress: (event: ProgressEvent) => progress.update(event) } : {}),
  });
  progress?.finish();
  const code = exitCodeOf(report);
  if (options.json) out.stdout(JSON.stringify({ ...report, exitCode: code }, null, 2));
  else out.stdout(summarise(report));
  return code;
}
