/**
 * The small, committed tool state: per source, the lowest count-down number ever used, so that deleting the
 * newest article file (a takedown, say) never lets its number go to a different article.
 */
import * as fs from 'node:fs';
import { writeIfChanged } from './atomic.js';
import { stateFile } from './paths.js';

interface StateFile {
  lowestNumber: Record<string, number>;
}

export class ArchiveState {
  private constructor(
    private readonly root: string,
    private readonly data: StateFile,
  ) {}

  static load(root: string): ArchiveState {
    try {
      const raw = JSON.parse(fs.readFileSync(stateFile(root), 'utf8')) as Partial<StateFile>;
      return new ArchiveState(root, { lowestNumber: { ...(raw.lowestNumber ?? {}) } });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new ArchiveState(root, { lowestNumber: {} });
      throw new Error(`${stateFile(root)}: cannot read the archive state: ${(error as Error).message}`);
    }
  }

  lowestNumber(sourceId: string): number | undefined {
    return this.data.lowestNumber[sourceId];
  }

  recordLowest(sourceId: string, n: number): void {
    const current = this.data.lowestNumber[sourceId];
    if (current === undefined || n < current) this.data.lowestNumber[sourceId] = n;
  }

  /** Whether the last save() changed the file. */
  changedOnSave = false;

  save(): void {
    const sorted = Object.fromEntries(Object.entries(this.data.lowestNumber).sort(([a], [b]) => (a < b ? -1 : 1)));
    this.changedOnSave = writeIfChanged(stateFile(this.root), JSON.stringify({ lowestNumber: sorted }, null, 2) + '\n');
  }
}
