/**
 * What a source folder holds: one entry per article file, read from the files' first two lines.
 * The files are the truth; the catalog is kept in the git-ignored cache so that a run does not re-read them.
 * It is reconciled with the folder whenever the folder changed since it was saved (new files from a pull or a
 * killed run are read, removed ones dropped), so a stale or deleted cache only costs time.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isTempFile, writeFileAtomic } from './atomic.js';
import { parseArticleHead } from './format.js';
import { guidKey, urlKey } from './identity.js';
import { articleDir, cacheDir, guidsFile } from './paths.js';

export interface CatalogEntry {
  n: number;
  file: string;
  pubDate: number;
  title: string;
  url: string;
  /** Known only for articles this tool wrote: the files do not carry it. */
  guid?: string;
  /** Why the file could not be read; such a file keeps its number but is in no list. */
  broken?: string;
  /** urlKey(url), kept in the cache: parsing 100k URLs again costs about 100 ms. */
  key?: string;
}

// Bump when the entry shape or urlKey changes: cached keys are trusted as they are.
const CACHE_VERSION = 3;
/** `<n>.md` or `<n>_<anything>.md`, n = leading digits (DESIGN 2.2). */
const ARTICLE_NAME = /^(\d+)(?:_.*)?\.md$/s;

export function articleNumber(file: string): number | undefined {
  const match = ARTICLE_NAME.exec(file);
  return match?.[1] ? Number(match[1]) : undefined;
}

/**
 * One buffer reused for every head read: a cold catalog of 100k files would otherwise allocate 100k buffers
 * off the V8 heap faster than the collector returns them (peak RSS ~500 MB, measured).
 */
let headBuffer = Buffer.allocUnsafe(16 * 1024);

/** Reads just enough of a file for its first two lines: article bodies can be large. */
function readHead(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    for (;;) {
      const read = fs.readSync(fd, headBuffer, 0, headBuffer.length, 0);
      const first = headBuffer.indexOf(10);
      const second = first < 0 || first >= read ? -1 : headBuffer.indexOf(10, first + 1);
      if ((second >= 0 && second < read) || read < headBuffer.length) {
        return headBuffer.toString('utf8', 0, second >= 0 && second < read ? second + 1 : read);
      }
      headBuffer = Buffer.allocUnsafe(headBuffer.length * 4);
    }
  } finally {
    fs.closeSync(fd);
  }
}

function endsMidLine(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    fs.readSync(fd, last, 0, 1, size - 1);
    return last[0] !== 10;
  } finally {
    fs.closeSync(fd);
  }
}

interface CacheFile {
  version: number;
  /** Modification time of each folder read ('' is the source folder itself), when it was last listed. */
  dirs: Record<string, number>;
  entries: CatalogEntry[];
}

/** `YYYY` and `MM` folders of the monthly layout (`articles/<id>/2026/11/<n>.md`). */
const DATE_FOLDER = /^\d{2}(?:\d{2})?$/;
const MAX_DEPTH = 2;

export class Catalog {
  private readonly byFile = new Map<string, CatalogEntry>();
  private readonly byUrl = new Map<string, CatalogEntry>();
  private readonly byGuid = new Map<string, CatalogEntry>();
  /** How many files hold each number: `5.md` and `5_title.md` would both hold 5. */
  private readonly numbers = new Map<number, number>();
  private dirs: Record<string, number> = {};
  /**
   * Articles appeared or disappeared since the cached catalog was saved: a run killed before its list pages,
   * a takedown, a pull. The list pages then need rebuilding even if nothing new comes in. (Without a cache
   * there is nothing to compare with: a fresh clone's lists are taken as they are.)
   */
  drifted = false;
  private knownGuids: Map<string, string> | undefined;
  /** Guids of articles written this run that their URL does not already identify. */
  private readonly newGuids: string[] = [];

  /** Folders this run wrote into: their times are read again when the catalog is saved. */
  private readonly written = new Set<string>();
  private dirty = false;

  private constructor(
    readonly root: string,
    readonly sourceId: string,
  ) {}

  get dir(): string {
    return articleDir(this.root, this.sourceId);
  }

  private get cachePath(): string {
    const key = createHash('sha1').update(this.sourceId).digest('hex').slice(0, 16);
    return path.join(cacheDir(this.root), 'catalog', `${key}.json`);
  }

  static load(root: string, sourceId: string): Catalog {
    const catalog = new Catalog(root, sourceId);
    catalog.reconcile();
    return catalog;
  }

  get size(): number {
    return this.byFile.size;
  }

  entries(): IterableIterator<CatalogEntry> {
    return this.byFile.values();
  }

  /** Files that are named like articles but do not parse as one. */
  broken(): CatalogEntry[] {
    return [...this.byFile.values()].filter((e) => e.broken !== undefined);
  }

  hasNumber(n: number): boolean {
    return this.numbers.has(n);
  }

  /** The articles holding number n (normally one; `5.md` and `5_title.md` would be two). */
  withNumber(n: number): CatalogEntry[] {
    return this.numbers.has(n) ? [...this.byFile.values()].filter((e) => e.n === n) : [];
  }

  /** The smallest article number in the folder, or undefined for an empty folder. */
  lowestNumber(): number | undefined {
    let lowest: number | undefined;
    for (const n of this.numbers.keys()) if (lowest === undefined || n < lowest) lowest = n;
    return lowest;
  }

  find(url: string, guid: string | undefined): CatalogEntry | undefined {
    const byUrl = this.byUrl.get(urlKey(url));
    if (byUrl) return byUrl;
    const key = guidKey(guid);
    return key === undefined ? undefined : (this.byGuid.get(key) ?? this.byUrl.get(urlKey(key)));
  }

  add(entry: CatalogEntry): void {
    this.byFile.set(entry.file, entry);
    this.numbers.set(entry.n, (this.numbers.get(entry.n) ?? 0) + 1);
    if (entry.broken !== undefined) return;
    entry.key ??= urlKey(entry.url);
    this.byUrl.set(entry.key, entry);
    const guid = guidKey(entry.guid);
    if (guid !== undefined) this.byGuid.set(guid, entry);
    this.dirty = true;
  }

  private remove(file: string): void {
    const entry = this.byFile.get(file);
    if (!entry) return;
    this.byFile.delete(file);
    const count = (this.numbers.get(entry.n) ?? 1) - 1;
    if (count > 0) this.numbers.set(entry.n, count);
    else this.numbers.delete(entry.n);
    this.dirty = true;
    if (entry.broken !== undefined) return;
    const url = entry.key ?? urlKey(entry.url);
    if (this.byUrl.get(url) === entry) this.byUrl.delete(url);
    const guid = guidKey(entry.guid);
    if (guid !== undefined && this.byGuid.get(guid) === entry) this.byGuid.delete(guid);
    this.dirty = true;
  }

  private mtimeOf(rel: string): number | undefined {
    try {
      return fs.statSync(path.join(this.dir, rel)).mtimeMs;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  private readCache(): CacheFile | undefined {
    try {
      const cache = JSON.parse(fs.readFileSync(this.cachePath, 'utf8')) as CacheFile;
      return cache.version === CACHE_VERSION && Array.isArray(cache.entries) ? cache : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Brings the cached catalog in line with the folders. A folder whose modification time is what the cache
   * saw is not listed again (adding or removing a file changes its folder's time), so a warm catalog costs one
   * stat per folder: one for the flat layout, one per year and month for the monthly one.
   */
  private reconcile(): void {
    if (this.mtimeOf('') === undefined) return;
    const cache = this.readCache();
    // The files cannot carry a guid; the committed guid list restores them when there is no cache (a fresh
    // clone, an evicted CI cache), so that identity by guid survives.
    if (!cache) this.knownGuids = this.readGuids();
    for (const entry of cache?.entries ?? []) this.add(entry);
    const seen = cache?.dirs ?? {};
    this.dirty = false;
    const pending = [''];
    for (let rel = pending.pop(); rel !== undefined; rel = pending.pop()) {
      const mtime = this.mtimeOf(rel);
      if (mtime === undefined) {
        this.forgetFolder(rel);
        continue;
      }
      this.dirs[rel] = mtime;
      if (seen[rel] === mtime) {
        pending.push(...Object.keys(seen).filter((d) => d !== rel && path.dirname(d) === (rel || '.')));
        continue;
      }
      const subfolders = this.listFolder(rel);
      // Known subfolders that are gone took their articles with them.
      for (const dir of Object.keys(seen)) if (path.dirname(dir) === (rel || '.') && dir !== rel && !subfolders.includes(dir)) this.forgetFolder(dir);
      pending.push(...subfolders);
      this.dirty = true;
    }
    if (cache && this.dirty) {
      const cached = new Set(cache.entries.map((e) => e.file));
      this.drifted = cached.size !== this.byFile.size || [...this.byFile.keys()].some((file) => !cached.has(file));
    }
  }

  /** Reads the articles of one folder that the catalog does not know; returns its date subfolders. */
  private listFolder(rel: string): string[] {
    const present = new Set<string>();
    const subfolders: string[] = [];
    const depth = rel === '' ? 0 : rel.split(path.sep).length;
    for (const dirent of fs.readdirSync(path.join(this.dir, rel), { withFileTypes: true })) {
      const file = rel ? path.join(rel, dirent.name) : dirent.name;
      if (dirent.isDirectory()) {
        if (depth < MAX_DEPTH && DATE_FOLDER.test(dirent.name)) subfolders.push(file);
        continue;
      }
      const n = articleNumber(dirent.name);
      if (n === undefined || isTempFile(dirent.name)) continue;
      present.add(file);
      if (this.byFile.has(file)) continue;
      try {
        const head = parseArticleHead(readHead(path.join(this.dir, file)));
        const guid = this.knownGuids?.get(file);
        this.add({ n, file, pubDate: head.pubDate, title: head.title, url: head.url, ...(guid ? { guid } : {}) });
      } catch (error) {
        this.add({ n, file, pubDate: 0, title: '', url: '', broken: (error as Error).message });
      }
    }
    for (const file of [...this.byFile.keys()]) if (path.dirname(file) === (rel || '.') && !present.has(file)) this.remove(file);
    return subfolders;
  }

  /** A folder that is gone: its articles and its subfolders' are no longer in the archive. */
  private forgetFolder(rel: string): void {
    const inside = (file: string): boolean => file === rel || file.startsWith(rel + path.sep);
    for (const file of [...this.byFile.keys()]) if (inside(file)) this.remove(file);
    for (const dir of Object.keys(this.dirs)) if (inside(dir)) delete this.dirs[dir];
    this.dirty = true;
  }

  private readGuids(): Map<string, string> {
    const guids = new Map<string, string>();
    let text = '';
    try {
      text = fs.readFileSync(guidsFile(this.root, this.sourceId), 'utf8');
    } catch {
      return guids;
    }
    for (const line of text.split('\n')) {
      const tab = line.indexOf('\t');
      // A line cut short by a crash mid-append has no guid after the tab, or no tab: skipped.
      if (tab > 0 && tab < line.length - 1) guids.set(line.slice(0, tab), line.slice(tab + 1));
    }
    return guids;
  }

  /** Records the guid of an article just written, when its URL would not find it again. */
  noteGuid(entry: CatalogEntry): void {
    const guid = guidKey(entry.guid);
    if (guid === undefined || urlKey(guid) === (entry.key ?? urlKey(entry.url)) || /[\t\n]/.test(guid)) return;
    this.newGuids.push(`${entry.file}\t${guid}\n`);
  }

  /** Appends this run's guids to the committed list; returns its path when it changed. */
  saveGuids(): string | undefined {
    if (this.newGuids.length === 0) return undefined;
    const file = guidsFile(this.root, this.sourceId);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // A crash mid-append can leave a last line without its line feed: start on a fresh line.
    fs.appendFileSync(file, (endsMidLine(file) ? '\n' : '') + this.newGuids.join(''));
    this.newGuids.length = 0;
    return file;
  }

  /** Saves the catalog to the cache when it changed; call after the run's writes to the folders. */
  save(): void {
    if (!this.dirty) return;
    // The times of folders this run wrote into are read now, so that its own writes do not look like outside
    // changes next time. (An outside change to the same folder during the run would be missed: the run lock
    // keeps newsmirror out; people pulling into an archive while it runs are not expected.)
    for (const rel of this.written) {
      const mtime = this.mtimeOf(rel);
      if (mtime === undefined) delete this.dirs[rel];
      else this.dirs[rel] = mtime;
    }
    this.written.clear();
    const cache: CacheFile = { version: CACHE_VERSION, dirs: this.dirs, entries: [...this.byFile.values()] };
    writeFileAtomic(this.cachePath, JSON.stringify(cache));
    this.dirty = false;
  }

  /** Records that the store wrote into a folder (and so into its parents, when it created it). */
  wroteInto(folder: string): void {
    for (let rel = folder; ; rel = path.dirname(rel)) {
      const key = rel === '.' ? '' : rel;
      this.written.add(key);
      if (key === '') break;
    }
    this.dirty = true;
  }
}
