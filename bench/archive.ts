/**
 * Archives on disk for the bench: configs, history written straight to disk, cheap clones, and checks of what
 * a run reported.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FeedServer } from './server.js';
import { articleFile, FIRST_NUMBER, makeItem, type FeedName, type SourceSpec } from './workload.js';

export const CACHE_DIR = path.join('.newsmirror', 'cache');

/** Writes `<root>/newsmirror.yaml` pointing every source at one of the server's feeds. */
export function writeConfig(root: string, sources: SourceSpec[], server: FeedServer, feed: FeedName, etag = false): void {
  const lines = ['timezone: Asia/Shanghai', 'sources:'];
  for (const source of sources) {
    lines.push(`  - id: ${JSON.stringify(source.id)}`, `    name: ${JSON.stringify(source.name)}`, `    feed: ${JSON.stringify(server.feedUrl(source, feed, etag))}`);
  }
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, 'newsmirror.yaml'), lines.join('\n') + '\n');
}

/**
 * Writes `count` history articles of a source (items -count..-1, older than any feed item) as the tool would have
 * numbered them: counting down from 1048574, oldest first, so the newest history item has the smallest number.
 * Returns the bytes written.
 */
export function writeHistory(root: string, source: SourceSpec, count: number): number {
  const dir = path.join(root, 'articles', source.id);
  fs.mkdirSync(dir, { recursive: true });
  let bytes = 0;
  for (let k = 0; k < count; k += 1) {
    const text = articleFile(makeItem(source, k - count));
    fs.writeFileSync(path.join(dir, `${FIRST_NUMBER - k}.md`), text);
    bytes += Buffer.byteLength(text);
  }
  return bytes;
}

/**
 * Copies an archive. Article files are hard-linked rather than copied: the tool never modifies an existing
 * article (new ones are created by link(2), every other file is replaced by rename(2)), so a clone costs
 * seconds instead of half a gigabyte. Everything else (config, lists, state, caches) is really copied.
 */
export function cloneArchive(template: string, target: string): void {
  const walk = (rel: string, link: boolean): void => {
    fs.mkdirSync(path.join(target, rel), { recursive: true });
    for (const entry of fs.readdirSync(path.join(template, rel), { withFileTypes: true })) {
      const child = path.join(rel, entry.name);
      const linkChild = link || (rel === '' && entry.name === 'articles');
      if (entry.isDirectory()) walk(child, linkChild);
      else if (linkChild) fs.linkSync(path.join(template, child), path.join(target, child));
      else fs.copyFileSync(path.join(template, child), path.join(target, child));
    }
  };
  walk('', false);
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** What the bench reads from `run --json`. */
export interface RunReport {
  sources: { id: string; status: string; new: number; known: number; failed: number; error?: string; written: { url: string; path: string }[] }[];
  changed: string[];
  exitCode: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function parseReport(stdout: string): RunReport {
  const value: unknown = JSON.parse(stdout);
  if (!isRecord(value) || !Array.isArray(value.sources) || !Array.isArray(value.changed)) throw new Error('run --json printed no report');
  const sources = value.sources.map((s: unknown) => {
    if (!isRecord(s) || typeof s.id !== 'string' || typeof s.status !== 'string' || typeof s.new !== 'number' || typeof s.known !== 'number') {
      throw new Error('run --json: a source report lacks id, status, new or known');
    }
    const written = Array.isArray(s.written)
      ? s.written.filter(isRecord).map((w) => ({ url: String(w.url), path: String(w.path) }))
      : [];
    return {
      id: s.id,
      status: s.status,
      new: s.new,
      known: s.known,
      failed: typeof s.failed === 'number' ? s.failed : 0,
      ...(typeof s.error === 'string' ? { error: s.error } : {}),
      written,
    };
  });
  return { sources, changed: value.changed.map(String), exitCode: typeof value.exitCode === 'number' ? value.exitCode : -1 };
}

/**
 * What a run must have done, so that a fast figure is never a broken run:
 * - ingest: every feed item written;
 * - hash-skip: nothing new, feed bodies recognised by hash (never parsed: known stays 0);
 * - not-modified: nothing new, every feed answered 304;
 * - parsed-known: nothing new, every feed parsed and every item found archived (cold caches).
 */
export type Expectation = 'ingest' | 'hash-skip' | 'not-modified' | 'parsed-known';

export function checkReport(report: RunReport, expect: Expectation, perFeed: number, sourceCount: number): void {
  const problems: string[] = [];
  if (report.exitCode !== 0) problems.push(`exit code ${report.exitCode}`);
  if (report.sources.length !== sourceCount) problems.push(`${report.sources.length} sources reported, expected ${sourceCount}`);
  for (const s of report.sources) {
    const want =
      expect === 'ingest'
        ? { status: 'updated', new: perFeed, known: 0 }
        : { status: 'unchanged', new: 0, known: expect === 'parsed-known' ? perFeed : 0 };
    if (s.status !== want.status || s.new !== want.new || s.known !== want.known) {
      problems.push(`${s.id}: ${s.status} new=${s.new} known=${s.known}${s.error ? ` (${s.error})` : ''}, expected ${want.status} new=${want.new} known=${want.known}`);
    }
  }
  if (expect !== 'ingest' && report.changed.length > 0) problems.push(`a nothing-new run changed ${report.changed.length} file(s), e.g. ${report.changed[0]}`);
  if (problems.length > 0) throw new Error(`run did not do what the scenario expects (${expect}):\n  ${problems.slice(0, 5).join('\n  ')}`);
}

/** Checks that the tool wrote the feed items byte for byte as the bench's own reading of DESIGN 2.1 says. */
export function checkWrittenFiles(report: RunReport, sources: SourceSpec[], feedStart: number, perFeed: number): number {
  let checked = 0;
  for (const s of report.sources) {
    const source = sources.find((spec) => spec.id === s.id);
    if (!source) throw new Error(`unknown source ${s.id} in the report`);
    const byUrl = new Map(s.written.map((w) => [w.url, w.path]));
    for (let i = feedStart; i < feedStart + perFeed; i += 1) {
      const item = makeItem(source, i);
      const file = byUrl.get(item.url);
      if (!file) throw new Error(`${s.id}: item ${item.url} was not written`);
      const actual = fs.readFileSync(file, 'utf8');
      if (actual !== articleFile(item)) throw new Error(`${file}: the tool wrote something else than the bench's article format for ${item.url}`);
      checked += 1;
    }
  }
  return checked;
}
