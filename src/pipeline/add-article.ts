/**
 * `newsmirror add <url>`: archive one article page now, into the source its host belongs to (or a `web`
 * source made on first use), with the same store, lists and README as a run.
 */
import * as path from 'node:path';
import { acquireLock } from '../archive/lock.js';
import { ArchiveState } from '../archive/state.js';
import { SourceStore } from '../archive/store.js';
import { Calendar } from '../archive/timezone.js';
import type { Config, SourceConfig } from '../config/schema.js';
import { Fetcher } from '../net/index.js';
import { finishBodies } from './bodies.js';
import { netOptions, persistArchive, persistSource, storeSettings, UnknownSourceError } from './update.js';

export interface AddOptions {
  root: string;
  config: Config;
  url: string;
  source: SourceConfig;
  signal?: AbortSignal;
  now?: () => number;
}

export interface AddResult {
  status: 'added' | 'known';
  source: string;
  /** The article file, relative to the archive. */
  file: string;
  title: string;
  changed: string[];
  problems: string[];
}

/** The configured source for a URL: the one named, else the one whose outlet rule or feed host matches. */
export async function sourceForUrl(config: Config, url: URL, named: string | undefined): Promise<SourceConfig | undefined> {
  if (named !== undefined) {
    const source = config.sources.find((s) => s.id === named);
    if (!source) throw new UnknownSourceError(`unknown source "${named}"; configured: ${config.sources.map((s) => s.id).join(', ')}`);
    return source;
  }
  const { ruleFor } = await import('../outlets/index.js');
  const rule = ruleFor(url.href);
  const host = url.hostname.toLowerCase();
  const feedHost = (s: SourceConfig): string | undefined => {
    try {
      return new URL(s.feed).hostname.toLowerCase();
    } catch {
      return undefined;
    }
  };
  return config.sources.find((s) => rule !== undefined && s.id === rule.id) ?? config.sources.find((s) => feedHost(s) === host);
}

export async function addArticle(options: AddOptions): Promise<AddResult> {
  const { root, config, source } = options;
  const url = new URL(options.url).href;
  const lock = acquireLock(root);
  const fetcher = new Fetcher(netOptions(config));
  try {
    const state = ArchiveState.load(root);
    const calendar = new Calendar(config.timezone);
    const store = new SourceStore(root, storeSettings(source, config), state, calendar);
    const existing = store.catalog.find(url, undefined);
    const relative = (file: string): string => path.relative(root, path.join(store.catalog.dir, file));
    if (existing) return { status: 'known', source: source.id, file: relative(existing.file), title: existing.title, changed: [], problems: [] };

    const { fetchArticle } = await import('./article-page.js');
    const page = await fetchArticle(fetcher, url, source.minText ?? config.minText, options.signal);
    const [candidate] = await finishBodies(
      [{ title: page.title ?? url, url, pubDate: page.published ?? (options.now ?? Date.now)(), body: page.html, order: 0 }],
      source,
      config,
    );
    const result = await store.write(candidate ? [candidate] : [], options.signal);
    const failure = result.failed[0];
    if (failure) throw new Error(`${failure.url}: ${failure.reason}`);
    const written = result.written[0];
    // Only a WordPress-numbered post can turn out to be archived under another URL.
    if (!written) return { status: 'known', source: source.id, file: '', title: candidate?.title ?? url, changed: [], problems: [] };
    const changed = new Set(persistSource(root, store, result.written, config, calendar));
    const problems = persistArchive(root, state, config, changed);
    return { status: 'added', source: source.id, file: relative(written.file), title: written.title, changed: [...changed].map((f) => path.relative(root, f)).sort(), problems };
  } finally {
    await fetcher.close();
    lock.release();
  }
}
