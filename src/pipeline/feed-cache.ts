/**
 * What the last successful fetch of each feed looked like: HTTP validators for a conditional GET, and a hash of
 * the body so that a feed served again unchanged (no validators from the server) is not parsed again.
 * Git-ignored cache: losing it only costs one full run.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../archive/atomic.js';
import { cacheDir } from '../archive/paths.js';
import type { Validators } from '../net/index.js';

export interface FeedCacheEntry {
  validators: Validators;
  bodyHash: string;
}

export const hashBody = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('base64url');

export class FeedCache {
  private dirty = false;

  private constructor(
    private readonly file: string,
    private readonly entries: Record<string, FeedCacheEntry>,
  ) {}

  static load(root: string): FeedCache {
    const file = path.join(cacheDir(root), 'feeds.json');
    try {
      return new FeedCache(file, JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, FeedCacheEntry>);
    } catch {
      return new FeedCache(file, {});
    }
  }

  get(key: string): FeedCacheEntry | undefined {
    return this.entries[key];
  }

  set(key: string, entry: FeedCacheEntry): void {
    const current = this.entries[key];
    if (JSON.stringify(current) === JSON.stringify(entry)) return;
    this.entries[key] = entry;
    this.dirty = true;
  }

  /** Forgets a feed, so that the next run parses it whatever the server says. */
  forget(key: string): void {
    if (!(key in this.entries)) return;
    delete this.entries[key];
    this.dirty = true;
  }

  save(): void {
    if (this.dirty) writeFileAtomic(this.file, JSON.stringify(this.entries));
    this.dirty = false;
  }
}
