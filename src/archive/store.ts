/**
 * One source's folder: decides which items are new, numbers them, writes them, keeps its list pages.
 * Files are created atomically and never replace an existing file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createFileAtomic, removeStaleTemps, writeIfChanged } from './atomic.js';
import { Catalog, type CatalogEntry } from './catalog.js';
import { normaliseTitle, serializeArticle, type Article } from './format.js';
import { byMonth, newestFirst, renderListPage, renderMonthIndex, renderMonthPage } from './lists.js';
import { Countdown, NumberingError, type NumberingScheme, wordpressPostId, wpPostXorNumber } from './numbering.js';
import { guidKey, urlKey } from './identity.js';
import { listFile, monthDir } from './paths.js';
import type { ArchiveState } from './state.js';
import type { Calendar } from './timezone.js';

export type Layout = 'flat' | 'monthly';

export interface SourceSettings {
  id: string;
  name: string;
  numbering: NumberingScheme;
  dedupeTitles: boolean;
  /** `flat`: `articles/<id>/<n>.md` (the existing archive's); `monthly`: `articles/<id>/<YYYY>/<MM>/<n>.md`. */
  layout: Layout;
}

/** An item ready to become an article. */
export interface Candidate extends Article {
  guid?: string;
  /** Position in the feed: breaks pubDate ties. */
  order: number;
}

export interface Written {
  n: number;
  file: string;
  path: string;
  title: string;
  url: string;
  pubDate: number;
}

export interface WriteResult {
  written: Written[];
  failed: { url: string; reason: string }[];
  /** Items found archived after all (their WordPress post number is taken). */
  known: number;
  /** Items not tried because the run was stopped. */
  unfinished: number;
}

/** Whether an archived article is WordPress post `postId`: its guid (`?p=`) or its URL carries the id. */
function mentionsPost(entry: CatalogEntry, postId: number): boolean {
  if (wordpressPostId(entry.guid) === postId) return true;
  return new RegExp(`(?:[/=?&])${postId}(?:\\.html|/|&|#|$)`).test(entry.url);
}

/** Same-title items this close together are one story re-posted (with `dedupeTitles`). */
const TITLE_WINDOW_MS = 48 * 3_600_000;

export class SourceStore {
  readonly catalog: Catalog;
  private readonly titles = new Map<string, number[]>();

  /** Folders written into this run, each swept once for a killed run's temp files first. */
  private readonly prepared = new Set<string>();

  constructor(
    private readonly root: string,
    readonly settings: SourceSettings,
    private readonly state: ArchiveState,
    private readonly calendar: Calendar,
  ) {
    this.catalog = Catalog.load(root, settings.id);
    if (settings.dedupeTitles) for (const entry of this.catalog.entries()) this.rememberTitle(entry.title, entry.pubDate);
  }

  private rememberTitle(title: string, pubDate: number): void {
    const key = normaliseTitle(title);
    const dates = this.titles.get(key);
    if (dates) dates.push(pubDate);
    else this.titles.set(key, [pubDate]);
  }

  private isKnown(candidate: Candidate): boolean {
    if (this.catalog.find(candidate.url, candidate.guid)) return true;
    if (!this.settings.dedupeTitles) return false;
    const dates = this.titles.get(normaliseTitle(candidate.title)) ?? [];
    return dates.some((d) => Math.abs(d - candidate.pubDate) <= TITLE_WINDOW_MS);
  }

  /** Splits candidates into new ones (oldest first, as they will be numbered) and a count of known ones. */
  classify(candidates: Candidate[]): { fresh: Candidate[]; known: number } {
    const fresh: Candidate[] = [];
    let known = 0;
    // A feed may list one article twice: the first one counts.
    const seen = new Set<string>();
    for (const candidate of candidates) {
      const keys = [urlKey(candidate.url), guidKey(candidate.guid)].filter((k): k is string => k !== undefined);
      if (this.isKnown(candidate) || keys.some((k) => seen.has(k))) {
        known += 1;
        continue;
      }
      keys.forEach((k) => seen.add(k));
      fresh.push(candidate);
    }
    fresh.sort((a, b) => a.pubDate - b.pubDate || a.order - b.order);
    return { fresh, known };
  }

  private countdownFloor(): number | undefined {
    const files = this.catalog.lowestNumber();
    const recorded = this.state.lowestNumber(this.settings.id);
    if (files === undefined) return recorded;
    return recorded === undefined ? files : Math.min(files, recorded);
  }

  /**
   * Writes the fresh candidates (oldest first): the newest gets the smallest number. One source writes one file
   * at a time, in order; sources write side by side, which is what keeps a slow disk busy (creating a file
   * costs about 0.7 ms on this machine's disk, most of it waiting).
   */
  async write(fresh: Candidate[], signal?: AbortSignal): Promise<WriteResult> {
    const result: WriteResult = { written: [], failed: [], known: 0, unfinished: 0 };
    if (fresh.length === 0) return result;
    fs.mkdirSync(this.catalog.dir, { recursive: true });
    // Made on first use: WordPress-numbered files written before it lower the floor it starts below.
    let countdown: Countdown | undefined;
    const counter = (): Countdown => (countdown ??= new Countdown(this.countdownFloor()));

    for (const [index, candidate] of fresh.entries()) {
      // Stopping between files keeps the archive whole: the rest are still new on the next run.
      if (signal?.aborted) {
        result.unfinished = fresh.length - index;
        break;
      }
      try {
        const written = await this.writeOne(candidate, counter);
        if (written) result.written.push(written);
        else result.known += 1;
      } catch (error) {
        result.failed.push({ url: candidate.url, reason: (error as Error).message });
        if (error instanceof NumberingError) {
          result.unfinished = fresh.length - index - 1;
          break;
        }
      }
    }
    if (countdown) this.state.recordLowest(this.settings.id, countdown.lowest);
    return result;
  }

  private async writeOne(candidate: Candidate, counter: () => Countdown): Promise<Written | undefined> {
    const text = serializeArticle(candidate);
    if (this.settings.numbering === 'wp-post-xor') {
      const postId = wordpressPostId(candidate.guid) ?? wordpressPostId(candidate.url);
      const n = postId === undefined ? undefined : wpPostXorNumber(postId);
      if (postId !== undefined && n !== undefined) {
        const written = await this.create(candidate, n, text);
        if (written) return written;
        // The number is taken. By this very post (under another URL): archived already. By another article (a
        // count-down fallback took it): this post falls back to count-down too, it is not lost.
        if (this.catalog.withNumber(n).some((e) => mentionsPost(e, postId))) return undefined;
      }
    }
    const countdown = counter();
    for (;;) {
      const n = countdown.take(this.settings.id);
      const written = await this.create(candidate, n, text);
      if (written) return written;
    }
  }

  /** Creates `<n>.md` unless the number is taken (by a file or by a catalogued article). */
  private async create(candidate: Candidate, n: number, text: string): Promise<Written | undefined> {
    if (this.catalog.hasNumber(n)) return undefined;
    const folder = this.folderFor(candidate.pubDate);
    const file = folder ? path.join(folder, `${n}.md`) : `${n}.md`;
    this.prepare(folder);
    const target = path.join(this.catalog.dir, file);
    if (!(await createFileAtomic(target, text))) return undefined;
    const title = normaliseTitle(candidate.title);
    const entry: CatalogEntry = { n, file, pubDate: candidate.pubDate, title, url: candidate.url, ...(candidate.guid ? { guid: candidate.guid } : {}) };
    this.catalog.add(entry);
    this.catalog.noteGuid(entry);
    if (this.settings.dedupeTitles) this.rememberTitle(title, candidate.pubDate);
    return { n, file, path: target, title, url: candidate.url, pubDate: candidate.pubDate };
  }

  /** The folder (relative to the source's) a new article goes in: none for flat, `YYYY/MM` for monthly. */
  private folderFor(pubDate: number): string {
    if (this.settings.layout === 'flat') return '';
    const { year, month } = this.calendar.date(pubDate);
    return path.join(String(year).padStart(4, '0'), String(month).padStart(2, '0'));
  }

  private prepare(folder: string): void {
    if (this.prepared.has(folder)) return;
    this.prepared.add(folder);
    const dir = path.join(this.catalog.dir, folder);
    fs.mkdirSync(dir, { recursive: true });
    removeStaleTemps(dir);
    this.catalog.wroteInto(folder);
  }

  /**
   * Rewrites the list page, the month index and the pages of the given months (plus any month page that is
   * missing; every month's with `everyMonth`). Returns the paths that changed.
   */
  updateLists(touchedMonths: Set<string>, listLimit: number, everyMonth = false): string[] {
    const { calendar } = this;
    const { id, name } = this.settings;
    const sorted = [...this.catalog.entries()].filter((e) => e.broken === undefined).sort(newestFirst);
    const changed: string[] = [];
    const write = (file: string, text: string): void => {
      if (writeIfChanged(file, text)) changed.push(file);
    };
    write(listFile(this.root, name), renderListPage(name, id, sorted, listLimit, calendar));

    const months = byMonth(sorted, calendar);
    const dir = monthDir(this.root, name);
    const existing = new Set(fs.existsSync(dir) ? fs.readdirSync(dir) : []);
    for (const [month, entries] of months) {
      if (everyMonth || touchedMonths.has(month) || !existing.has(`${month}.md`)) {
        write(path.join(dir, `${month}.md`), renderMonthPage(name, id, month, entries, calendar));
      }
    }
    write(path.join(dir, 'index.md'), renderMonthIndex(name, new Map([...months].map(([m, e]) => [m, e.length]))));
    return changed;
  }
}
