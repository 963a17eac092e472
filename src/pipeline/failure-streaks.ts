/**
 * How many runs in a row each source has failed, and since when (DESIGN 4.1): outlet URLs change over the
 * years, and a feed that died shows up as a streak rather than as one more failed run among many.
 * Git-ignored cache: losing it only restarts the counts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../archive/atomic.js';
import { cacheDir } from '../archive/paths.js';

export interface Streak {
  runs: number;
  /** ISO time of the first failed run of the streak. */
  since: string;
}

export class FailureStreaks {
  private dirty = false;

  private constructor(
    private readonly file: string,
    private readonly streaks: Record<string, Streak>,
  ) {}

  static load(root: string): FailureStreaks {
    const file = path.join(cacheDir(root), 'failures.json');
    try {
      return new FailureStreaks(file, JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Streak>);
    } catch {
      return new FailureStreaks(file, {});
    }
  }

  /** Records one run's outcome for a source; returns its streak when it failed. */
  record(sourceId: string, failed: boolean, now: Date): Streak | undefined {
    const current = this.streaks[sourceId];
    if (!failed) {
      if (current) {
        delete this.streaks[sourceId];
        this.dirty = true;
      }
      return undefined;
    }
    const next = { runs: (current?.runs ?? 0) + 1, since: current?.since ?? now.toISOString() };
    this.streaks[sourceId] = next;
    this.dirty = true;
    return next;
  }

  save(): void {
    if (this.dirty) writeFileAtomic(this.file, JSON.stringify(this.streaks));
    this.dirty = false;
  }
}
