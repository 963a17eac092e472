/**
 * The results: a table for the terminal, the checks against the issue's targets and the old script's figures,
 * and the JSON written to bench/last-results.json.
 */
import * as os from 'node:os';
import type { Note, Sample, ScenarioName } from './scenarios.js';
import { formatMb, formatMs, median, summarise, type Summary } from './stats.js';

/** The old script's medians (from the issue). */
export const OLD_MS = { ingest: 650, nothingNew: 550 } as const;

export const TARGETS = {
  ingestMs: 430,
  nothingNewMs: 180,
  ratio100kTo10k: 1.2,
  cold100kMs: 15_000,
  peakRssMb: 200,
} as const;

export interface ScenarioResult {
  name: ScenarioName;
  description: string;
  articles: number;
  samples: Sample[];
  wallMs: Summary;
  /** Highest peak RSS over the runs, MiB. */
  peakRssMb: number | undefined;
  medianRssMb: number | undefined;
  /** User + system CPU of the CLI process, and its system part. */
  cpuMs: Summary | undefined;
  sysMs: Summary | undefined;
  /** Median 1-minute load average at the runs' starts. */
  load: number;
}

export interface Check {
  what: string;
  value: number;
  limit: number;
  unit: 'ms' | 'MB' | '×';
  pass: boolean;
}

const NOTHING_NEW: ScenarioName[] = ['nothing-new', 'nothing-new-etag', 'nothing-new-10k', 'nothing-new-100k'];

export function scenarioResult(name: ScenarioName, description: string, articles: number, samples: Sample[]): ScenarioResult {
  const rss = samples.map((s) => s.rssMb).filter((v): v is number => v !== undefined);
  const cpu = samples.map((s) => s.cpuMs).filter((v): v is number => v !== undefined);
  const sys = samples.map((s) => s.sysMs).filter((v): v is number => v !== undefined);
  return {
    name,
    description,
    articles,
    samples,
    wallMs: summarise(samples.map((s) => s.wallMs)),
    peakRssMb: rss.length ? Math.max(...rss) : undefined,
    medianRssMb: rss.length ? summarise(rss).median : undefined,
    cpuMs: cpu.length ? summarise(cpu) : undefined,
    sysMs: sys.length ? summarise(sys) : undefined,
    load: median(samples.map((s) => s.load)),
  };
}

/** Median ÷ the old script's median, where the issue gives one. */
export function oldRatio(result: ScenarioResult): number | undefined {
  if (result.name === 'ingest') return result.wallMs.median / OLD_MS.ingest;
  if (NOTHING_NEW.includes(result.name)) return result.wallMs.median / OLD_MS.nothingNew;
  return undefined;
}

function timeTarget(name: ScenarioName): number | undefined {
  if (name === 'ingest') return TARGETS.ingestMs;
  if (NOTHING_NEW.includes(name)) return TARGETS.nothingNewMs;
  if (name === 'cold-100k') return TARGETS.cold100kMs;
  return undefined;
}

export function checks(results: ScenarioResult[]): Check[] {
  const out: Check[] = [];
  const byName = new Map(results.map((r) => [r.name, r]));
  for (const r of results) {
    const limit = timeTarget(r.name);
    if (limit !== undefined) out.push({ what: `${r.name} median`, value: r.wallMs.median, limit, unit: 'ms', pass: r.wallMs.median <= limit });
  }
  const small = byName.get('nothing-new-10k');
  const large = byName.get('nothing-new-100k');
  if (small && large) {
    const ratio = large.wallMs.median / small.wallMs.median;
    out.push({ what: 'nothing-new 100k ÷ 10k (medians)', value: ratio, limit: TARGETS.ratio100kTo10k, unit: '×', pass: ratio <= TARGETS.ratio100kTo10k });
  }
  for (const r of results) {
    if (r.name === 'startup' || r.peakRssMb === undefined) continue;
    out.push({ what: `${r.name} peak RSS`, value: r.peakRssMb, limit: TARGETS.peakRssMb, unit: 'MB', pass: r.peakRssMb <= TARGETS.peakRssMb });
  }
  return out;
}

function pad(text: string, width: number, right = false): string {
  const gap = ' '.repeat(Math.max(0, width - text.length));
  return right ? gap + text : text + gap;
}

function table(header: string[], rows: string[][], rightAligned: Set<number>): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]): string => cells.map((cell, c) => pad(cell, widths[c] ?? 0, rightAligned.has(c))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const formatValue = (value: number, unit: Check['unit']): string => (unit === 'ms' ? formatMs(value) : unit === 'MB' ? formatMb(value) : `${value.toFixed(2)}×`);

export function renderResults(results: ScenarioResult[], notes: Note[]): string {
  const rows = results.map((r) => {
    const ratio = oldRatio(r);
    const limit = timeTarget(r.name);
    return [
      r.name,
      String(r.articles),
      String(r.samples.length),
      formatMs(r.wallMs.median),
      formatMs(r.wallMs.min),
      formatMs(r.wallMs.max),
      r.cpuMs ? formatMs(r.cpuMs.median) : '—',
      r.sysMs ? formatMs(r.sysMs.median) : '—',
      formatMb(r.peakRssMb),
      ratio === undefined ? '' : `${ratio.toFixed(2)}×`,
      limit === undefined ? '' : `≤ ${formatMs(limit)}`,
      r.load.toFixed(1),
    ];
  });
  const parts = [table(['scenario', 'archived', 'runs', 'median', 'min', 'max', 'CPU', 'of it sys', 'peak RSS', '÷ old', 'target', 'load'], rows, new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 11]))];
  parts.push('Wall time: spawn to exit of the CLI process. CPU: median user + system CPU of that process; sys: its kernel part (file creation and I/O). load: median 1-min load average at the runs\' starts (the machine has ' + os.cpus().length + ' CPUs; above that, wall times are inflated by other work).');

  const ingest = results.find((r) => r.name === 'ingest');
  const ingestLarge = results.find((r) => r.name === 'ingest-100k');
  if (ingest && ingestLarge) parts.push(`ingest-100k ÷ ingest (medians): ${(ingestLarge.wallMs.median / ingest.wallMs.median).toFixed(2)}× (flat is 1.0)`);

  const all = checks(results);
  if (all.length > 0) {
    parts.push(
      'Targets:\n' +
        all.map((c) => `  ${c.pass ? 'PASS' : 'MISS'}  ${c.what}: ${formatValue(c.value, c.unit)} (target ≤ ${formatValue(c.limit, c.unit)})`).join('\n'),
    );
  }
  if (notes.length > 0) parts.push('Preparation (untimed for the table):\n' + notes.map((n) => `  ${n.label}: ${formatMs(n.ms)}${n.detail ? `, ${n.detail}` : ''}`).join('\n'));
  return parts.join('\n\n');
}
