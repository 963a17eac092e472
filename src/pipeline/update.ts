/**
 * One update of an archive: every enabled source at once (the fetcher bounds requests per host), each one's new
 * items written, its lists refreshed, then the README. A source that fails never stops the others.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { removeStaleTemps, writeIfChanged } from '../archive/atomic.js';
import { acquireLock, type Lock } from '../archive/lock.js';
import { articleDir, cacheDir, listFile, monthDir, readmeFile, STATE_DIR, stateFile } from '../archive/paths.js';
import { ReadmeMarkersError, updateReadme } from '../archive/readme.js';
import { ArchiveState } from '../archive/state.js';
import { SourceStore, type Candidate, type SourceSettings, type Written } from '../archive/store.js';
import { Calendar } from '../archive/timezone.js';
import type { Config, SourceConfig } from '../config/schema.js';
import { compileFilter } from '../feed/filter.js';
import { finishBodies } from './bodies.js';
import { fillBodies } from './full-text.js';
import { Fetcher, resolveSourceLocation, type NetOptions } from '../net/index.js';
import { FailureStreaks } from './failure-streaks.js';
import { FeedCache, hashBody } from './feed-cache.js';

export type SourceStatus = 'updated' | 'unchanged' | 'failed';

export interface SourceReport {
  id: string;
  name: string;
  status: SourceStatus;
  /** Articles written this run. */
  new: number;
  /** Items already in the archive. */
  known: number;
  /** Items left out (no link). */
  skipped: number;
  /** Items left out by the source's include / exclude filters. */
  filtered: number;
  /** Items that could not be written. */
  failed: number;
  /** Why the source failed, or its first item failure. */
  error?: string;
  /** With a failure: how many runs in a row this source has failed, counting this one, and since when. */
  failingRuns?: number;
  failingSince?: string;
  /** Files named like articles that do not parse: kept, numbers reserved, listed nowhere. */
  broken: string[];
  written: Written[];
  ms: number;
}

export interface UpdateReport {
  sources: SourceReport[];
  /** Every file this run created or changed, relative to the archive. */
  changed: string[];
  /** What went wrong outside any one source (an unusable README section); the run then exits 1. */
  problems: string[];
}

export interface UpdateOptions {
  root: string;
  config: Config;
  /** Folder that relative feed paths are resolved against (the config file's). */
  configDir: string;
  /** Only these source ids (all enabled sources when empty). */
  only?: string[];
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  /** Clock for items without a date; tests pin it. */
  now?: () => number;
  /** The run lock, when the caller took it (to keep it while publishing); else runUpdate takes its own. */
  lock?: Lock;
}

export type ProgressEvent =
  | { kind: 'fetching'; id: string }
  | { kind: 'retrying'; id: string; attempt: number; delayMs: number; reason: string }
  | { kind: 'done'; report: SourceReport };

const GITIGNORE = 'cache/\nrun.lock\n';

export class UnknownSourceError extends Error {}

/** A source with `feed: none` gets articles only from `newsmirror add`. */
export const NO_FEED = 'none';

/** The sources a run fetches: enabled ones with a feed, or the ones named (a feed-less one is then an error). */
export function selectSources(config: Config, only: string[] | undefined): SourceConfig[] {
  const withFeed = (s: SourceConfig): boolean => s.feed !== NO_FEED;
  if (!only || only.length === 0) return config.sources.filter((s) => s.enabled).filter(withFeed);
  const unknown = only.filter((id) => !config.sources.some((s) => s.id === id));
  if (unknown.length > 0) {
    throw new UnknownSourceError(`unknown source ${unknown.map((id) => `"${id}"`).join(', ')}; configured: ${config.sources.map((s) => s.id).join(', ')}`);
  }
  const named = config.sources.filter((s) => only.includes(s.id));
  const feedless = named.filter((s) => !withFeed(s));
  if (feedless.length > 0) throw new UnknownSourceError(`source ${feedless.map((s) => `"${s.id}"`).join(', ')} has no feed: its articles come from \`newsmirror add\``);
  return named.filter(withFeed);
}

export function netOptions(config: Config): Partial<NetOptions> {
  const { userAgent, ...rest } = config.http;
  return userAgent ? { ...rest, userAgent } : rest;
}

interface RunContext {
  root: string;
  config: Config;
  configDir: string;
  fetcher: Fetcher;
  feedCache: FeedCache;
  streaks: FailureStreaks;
  state: ArchiveState;
  calendar: Calendar;
  changed: Set<string>;
  now: () => number;
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
}

export async function runUpdate(options: UpdateOptions): Promise<UpdateReport> {
  const sources = selectSources(options.config, options.only);
  const root = path.resolve(options.root);
  // A caller that publishes afterwards holds the lock itself, across the commit and push.
  const lock = options.lock ?? acquireLock(root);
  const fetcher = new Fetcher(netOptions(options.config));
  try {
    fs.mkdirSync(cacheDir(root), { recursive: true });
    removeLeftovers(root, options.config, lock.tookOverStale);
    const ctx: RunContext = {
      root,
      config: options.config,
      configDir: options.configDir,
      fetcher,
      feedCache: FeedCache.load(root),
      streaks: FailureStreaks.load(root),
      state: ArchiveState.load(root),
      calendar: new Calendar(options.config.timezone),
      changed: new Set(),
      now: options.now ?? Date.now,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    };
    const reports = await Promise.all(sources.map((source) => updateSource(ctx, source)));
    const problems = ctx.changed.size > 0 ? persistArchive(root, ctx.state, options.config, ctx.changed) : [];
    ctx.feedCache.save();
    ctx.streaks.save();
    return { sources: reports, changed: [...ctx.changed].map((file) => path.relative(root, file)).sort(), problems };
  } finally {
    await fetcher.close();
    if (!options.lock) lock.release();
  }
}

/**
 * Temp files of a run that was killed mid-write: safe to delete under the lock. The small folders are swept
 * every run; article folders (thousands of files each) only after a dead run's lock was taken over, which is
 * how a killed run shows itself, and by the store before it writes into one.
 */
function removeLeftovers(root: string, config: Config, afterCrash: boolean): void {
  const dirs = [root, path.join(root, STATE_DIR), path.join(root, 'lists')];
  for (const source of config.sources) {
    dirs.push(monthDir(root, source.name));
    // Two levels down: the monthly layout's YYYY/MM folders.
    if (afterCrash) removeStaleTemps(articleDir(root, source.id), 2);
  }
  for (const dir of dirs) removeStaleTemps(dir);
}

/** What the store needs of a source's config; `run` and `add` store alike. */
export function storeSettings(source: SourceConfig, config: Config): SourceSettings {
  return { id: source.id, name: source.name, numbering: source.numbering, dedupeTitles: source.dedupeTitles, layout: config.layout };
}

/**
 * After a source's writes: its list pages (for what was written, and wholly when the folder changed behind the
 * catalog's back, a run killed before its pages or a takedown, or a page is missing), its guid list, its
 * catalog. Returns the files that changed, besides the articles themselves (which it includes).
 */
export function persistSource(root: string, store: SourceStore, written: Written[], config: Config, calendar: Calendar): string[] {
  const changed = written.map((w) => w.path);
  const repair = store.catalog.drifted || (store.catalog.size > 0 && !fs.existsSync(listFile(root, store.settings.name)));
  if (written.length > 0 || repair) {
    const months = new Set(written.map((w) => calendar.monthKey(w.pubDate)));
    changed.push(...store.updateLists(months, config.listLimit, repair));
  }
  const guids = store.catalog.saveGuids();
  if (guids) changed.push(guids);
  store.catalog.save();
  return changed;
}

/** The state file, the tool folder's .gitignore and the README, after a run that changed files. */
export function persistArchive(root: string, state: ArchiveState, config: Config, changed: Set<string>): string[] {
  const problems: string[] = [];
  state.save();
  if (state.changedOnSave) changed.add(stateFile(root));
  // Created by a run that writes anyway (a run with nothing new changes no file), never rewritten after.
  const ignore = path.join(root, STATE_DIR, '.gitignore');
  if (!fs.existsSync(ignore) && writeIfChanged(ignore, GITIGNORE)) changed.add(ignore);
  const readme = readmeFile(root);
  try {
    const current = fs.existsSync(readme) ? fs.readFileSync(readme, 'utf8') : undefined;
    if (writeIfChanged(readme, updateReadme(current, config.sources.map((s) => s.name)))) changed.add(readme);
  } catch (error) {
    if (!(error instanceof ReadmeMarkersError)) throw error;
    problems.push(error.message);
  }
  return problems;
}

function emptyReport(source: SourceConfig): SourceReport {
  return { id: source.id, name: source.name, status: 'unchanged', new: 0, known: 0, skipped: 0, filtered: 0, failed: 0, broken: [], written: [], ms: 0 };
}

async function updateSource(ctx: RunContext, source: SourceConfig): Promise<SourceReport> {
  const started = performance.now();
  const report = emptyReport(source);
  ctx.onProgress?.({ kind: 'fetching', id: source.id });
  try {
    await fetchAndStore(ctx, source, report);
  } catch (error) {
    report.status = 'failed';
    report.error = (error as Error).message;
  }
  const streak = ctx.streaks.record(source.id, report.status === 'failed', new Date(ctx.now()));
  if (streak) {
    report.failingRuns = streak.runs;
    report.failingSince = streak.since;
  }
  report.ms = Math.round(performance.now() - started);
  ctx.onProgress?.({ kind: 'done', report });
  return report;
}

async function fetchAndStore(ctx: RunContext, source: SourceConfig, report: SourceReport): Promise<void> {
  const location = resolveSourceLocation(source.feed, ctx.configDir);
  // Everything that decides what the store does with the items is part of the key: after an edit (filters,
  // numbering, a new id for the same feed), a feed served unchanged must be read again.
  const cacheKey = JSON.stringify([location, source.id, source.numbering, source.dedupeTitles, source.include, source.exclude, source.fullText, source.clean, ctx.config.layout, source.imageProxy ?? ctx.config.imageProxy]);
  const cached = ctx.feedCache.get(cacheKey);
  const outcome = await ctx.fetcher.fetch(location, {
    accept: 'application/rss+xml, application/atom+xml, application/rdf+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
    ...(cached ? { validators: cached.validators } : {}),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    onRetry: (info) => ctx.onProgress?.({ kind: 'retrying', id: source.id, ...info }),
  });
  if (outcome.kind === 'unchanged') return;
  const bodyHash = hashBody(outcome.bytes);
  if (cached?.bodyHash === bodyHash) {
    ctx.feedCache.set(cacheKey, { validators: outcome.validators, bodyHash });
    return;
  }

  // Loaded on first use: a run where every feed is unchanged never needs the parser (a third of start-up).
  const { parseFeedText } = await import('../feed/parse.js');
  let parsed;
  try {
    parsed = parseFeedText(outcome.text, outcome.url);
  } catch (error) {
    throw new Error(`${source.feed}: ${(error as Error).message}`);
  }
  report.skipped = parsed.skippedNoLink;
  const keep = compileFilter(source.include, source.exclude);
  const items = parsed.items.filter(keep);
  report.filtered = parsed.items.length - items.length;
  const firstSeen = ctx.now();
  const candidates: Candidate[] = items.map((item) => ({
    title: item.title,
    url: item.link,
    pubDate: item.pubDate ?? firstSeen,
    body: item.body,
    order: item.order,
    ...(item.guid ? { guid: item.guid } : {}),
  }));

  const store = new SourceStore(ctx.root, storeSettings(source, ctx.config), ctx.state, ctx.calendar);
  report.broken = store.catalog.broken().map((e) => `${e.file}: ${e.broken}`);
  const { fresh, known } = store.classify(candidates);
  // Only new items cost a page fetch; bodies are finished (cleaned, images proxied) before they are written.
  const filled = await fillBodies(ctx.fetcher, fresh, { fullText: source.fullText, minText: source.minText ?? ctx.config.minText }, ctx.signal);
  const ready = await finishBodies(filled.ready, source, ctx.config);
  const result = await store.write(ready, ctx.signal);
  result.failed.push(...filled.failed);
  report.known = known + result.known;
  report.new = result.written.length;
  report.written = result.written;
  report.failed = result.failed.length;
  if (result.written.length > 0) report.status = 'updated';
  for (const file of persistSource(ctx.root, store, result.written, ctx.config, ctx.calendar)) ctx.changed.add(file);
  if (result.failed.length > 0 || result.unfinished > 0) {
    // Parse this feed again next run even if it is served unchanged: the items not written are still new.
    ctx.feedCache.forget(cacheKey);
  } else {
    ctx.feedCache.set(cacheKey, { validators: outcome.validators, bodyHash });
  }
  if (result.failed.length > 0) {
    report.status = 'failed';
    report.error = `${result.failed.length} item(s) not written; first: ${result.failed[0]?.url}: ${result.failed[0]?.reason}`;
  }
}
