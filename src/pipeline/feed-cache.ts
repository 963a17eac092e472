/**
 * What the last successful fetch of each feed looked like: HTTP validators for a conditional GET, and a hash of
 * the body so that a feed served again unchanged (no validators from the server) is not parsed again.
 * Git-ignored cache: losing it only costs one full run.
 */
import { createHash } from 'node:crypto';
import type { Validators } from '../net/index.js';
import { JsonCache } from './json-cache.js';

export interface FeedCacheEntry {
  validators: Validators;
  bodyHash: string;
}

export const hashBody = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('base64url');

export class FeedCache {
  private constructor(private readonly cache: JsonCache<Record<string, FeedCacheEntry>>) {}

  static load(root: string): FeedCache {
    return new FeedCache(JsonCache.load(root, 'feeds.json', () => ({})));
  }

  get(key: string): FeedCacheEntry | undefined {
    return this.cache.value[key];
  }

  set(key: string, entry: FeedCacheEntry): void {
    if (JSON.stringify(this.cache.value[key]) === JSON.stringify(entry)) return;
    this.cache.value[key] = entry;
    this.cache.changed();
  }

  /** Forgets a feed, so that the next run parses it whatever the server says. */
  forget(key: string): void {
    if (!(key in this.cache.value)) return;
    delete this.cache.value[key];
    this.cache.changed();
  }

  save(): void {
    this.cache.save();
  }
}
