/**
 * How many runs in a row each source has failed, and since when (DESIGN 4.1): outlet URLs change over the
 * years, and a feed that died shows up as a streak rather than as one more failed run among many.
 * Git-ignored cache: losing it only restarts the counts.
 */
import { JsonCache } from './json-cache.js';

export interface Streak {
  runs: number;
  /** ISO time of the first failed run of the streak. */
  since: string;
}

export class FailureStreaks {
  private constructor(private readonly cache: JsonCache<Record<string, Streak>>) {}

  static load(root: string): FailureStreaks {
    return new FailureStreaks(JsonCache.load(root, 'failures.json', () => ({})));
  }

  /** Records one run's outcome for a source; returns its streak when it failed. */
  record(sourceId: string, failed: boolean, now: Date): Streak | undefined {
    const streaks = this.cache.value;
    const current = streaks[sourceId];
    if (!failed) {
      if (current) {
        delete streaks[sourceId];
        this.cache.changed();
      }
      return undefined;
    }
    const next = { runs: (current?.runs ?? 0) + 1, since: current?.since ?? now.toISOString() };
    streaks[sourceId] = next;
    this.cache.changed();
    return next;
  }

  save(): void {
    this.cache.save();
  }
}
