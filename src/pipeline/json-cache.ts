/**
 * One JSON file in the git-ignored cache: read once, written back (atomically) only when something changed.
 * An unreadable or missing file starts empty: a cache only saves work, it never holds the truth.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../archive/atomic.js';
import { cacheDir } from '../archive/paths.js';

export class JsonCache<T> {
  private dirty = false;

  private constructor(
    private readonly file: string,
    readonly value: T,
  ) {}

  static load<T>(root: string, name: string, empty: () => T): JsonCache<T> {
    const file = path.join(cacheDir(root), name);
    try {
      return new JsonCache(file, JSON.parse(fs.readFileSync(file, 'utf8')) as T);
    } catch {
      return new JsonCache(file, empty());
    }
  }

  /** Call after changing `value` in place. */
  changed(): void {
    this.dirty = true;
  }

  save(): void {
    if (this.dirty) writeFileAtomic(this.file, JSON.stringify(this.value));
    this.dirty = false;
  }
}
