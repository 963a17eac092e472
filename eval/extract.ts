/**
 * `npm run eval:extract`: how well page extraction matches hand-written expected text, and how fast it runs.
 * - Token-level precision / recall / F1 (eval/score.ts) of every page fixture, and of the real BBC pages of
 *   the shared fixtures when present; targets: average F1 ≥ 0.95, every page ≥ 0.90.
 * - For comparison, the same F1 when the outlet pages go through Readability instead of their rule.
 * - Throughput in pages/s of the rule path and of the Readability path over the same outlet pages.
 * - Readability alone on linkedom and on jsdom (DESIGN 7: pick the DOM with figures).
 * Exits 1 when a target is missed.
 */
import { performance } from 'node:perf_hooks';
import { byReadability, DEFAULT_MIN_TEXT, extractArticle } from '../src/extract/extract.js';
import { compareDoms } from './dom-compare.js';
import { outletFixtures, readabilityFixtures, realPages, type PageFixture } from './fixtures.js';
import { score } from './score.js';

const ROUNDS = Number(process.env.EVAL_ROUNDS ?? 20);

interface Row {
  id: string;
  via: string;
  precision: number;
  recall: number;
  f1: number;
  readabilityF1?: number;
}

function evaluate(page: PageFixture): Row | undefined {
  if (page.expectedText === undefined || page.url === undefined) return undefined;
  const result = extractArticle(page.html, page.url);
  const s = score(result?.text ?? '', page.expectedText);
  const row: Row = { id: page.id, via: result === undefined ? 'none' : result.via === 'rule' ? `rule:${result.rule}` : 'readability', ...s };
  if (result?.via === 'rule') {
    const fallback = byReadability(page.html, page.url, DEFAULT_MIN_TEXT);
    row.readabilityF1 = score(fallback?.text ?? '', page.expectedText).f1;
  }
  return row;
}

function pagesPerSecond<T>(pages: readonly T[], run: (page: T) => unknown): number {
  for (const page of pages) run(page); // warm-up: JIT and module initialisation
  const start = performance.now();
  for (let i = 0; i < ROUNDS; i++) for (const page of pages) run(page);
  const seconds = (performance.now() - start) / 1000;
  return (pages.length * ROUNDS) / seconds;
}

const fmt = (n: number | undefined): string => (n === undefined ? '    -' : n.toFixed(3));

const real = realPages();
if (real === undefined) console.log('(shared fixtures absent: the real BBC pages are not evaluated)\n');
const outletPages = outletFixtures();
const pages = [...outletPages, ...readabilityFixtures(), ...(real ?? [])];
const rows = pages.map(evaluate).filter((r): r is Row => r !== undefined);
const missing = pages.filter((p) => p.expectedText === undefined || p.url === undefined).map((p) => p.id);

const width = Math.max(...rows.map((r) => r.id.length), 8);
console.log(`${'page'.padEnd(width)}  ${'path'.padEnd(15)}  precision  recall     F1  F1 via Readability`);
for (const r of rows) {
  console.log(`${r.id.padEnd(width)}  ${r.via.padEnd(15)}  ${fmt(r.precision)}      ${fmt(r.recall)}  ${fmt(r.f1)}  ${fmt(r.readabilityF1)}`);
}
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
const average = mean(rows.map((r) => r.f1));
const worst = rows.reduce((a, b) => (b.f1 < a.f1 ? b : a), rows[0] as Row);
const viaReadability = rows.filter((r) => r.readabilityF1 !== undefined).map((r) => r.readabilityF1 as number);
console.log(`${'average'.padEnd(width)}  ${''.padEnd(15)}  ${fmt(mean(rows.map((r) => r.precision)))}      ${fmt(mean(rows.map((r) => r.recall)))}  ${fmt(average)}  ${fmt(mean(viaReadability))}`);
console.log(`pages: ${rows.length}; lowest F1: ${worst.id} ${fmt(worst.f1)}`);
if (missing.length > 0) console.log(`no expected text or URL (not scored): ${missing.join(', ')}`);

const rulePages = [...outletPages, ...(real ?? [])].filter((p): p is PageFixture & { url: string } => p.url !== undefined);
const ruleRate = pagesPerSecond(rulePages, (p) => extractArticle(p.html, p.url));
const readabilityRate = pagesPerSecond(rulePages, (p) => byReadability(p.html, p.url, DEFAULT_MIN_TEXT));
const kib = rulePages.reduce((n, p) => n + Buffer.byteLength(p.html), 0) / rulePages.length / 1024;
console.log(`\nthroughput over ${rulePages.length} pages (mean ${kib.toFixed(0)} KiB) × ${ROUNDS} rounds:`);
console.log(`  rule path:        ${ruleRate.toFixed(1)} pages/s`);
console.log(`  Readability path: ${readabilityRate.toFixed(1)} pages/s`);

console.log('');
for (const line of compareDoms(pages, Math.max(1, Math.round(ROUNDS / 4)))) console.log(line);

const ok = average >= 0.95 && rows.every((r) => r.f1 >= 0.9);
console.log(`\ntargets (average F1 ≥ 0.95, every page ≥ 0.90): ${ok ? 'met' : 'MISSED'}`);
process.exitCode = ok ? 0 : 1;
