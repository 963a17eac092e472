/**
 * Crash-safe file writes: the content goes to a temp file in the same folder, then takes the final name in one
 * step, so a reader (or a run after a crash) sees either no file or the whole file.
 */
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';

const TEMP_SUFFIX = '.newsmirror-tmp';

let tempCounter = 0;

/** Unique within the process by the counter, across processes by the pid (the lock allows one run anyway). */
function tempPath(target: string): string {
  tempCounter += 1;
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${tempCounter}${TEMP_SUFFIX}`);
}

export function isTempFile(name: string): boolean {
  return name.startsWith('.') && name.endsWith(TEMP_SUFFIX);
}

/** Replaces the file's content atomically. */
export function writeFileAtomic(target: string, data: string): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temp = tempPath(target);
  try {
    fs.writeFileSync(temp, data, { flag: 'wx' });
    fs.renameSync(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * Creates the file atomically, never replacing an existing one: link(2) fails with EEXIST where rename would
 * silently overwrite. Returns false when the name is taken.
 */
export async function createFileAtomic(target: string, data: string): Promise<boolean> {
  const temp = tempPath(target);
  try {
    await fsp.writeFile(temp, data, { flag: 'wx' });
    await fsp.link(temp, target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    // unlink, not rm: rm stats the path first, a third of the time of a write on a slow disk.
    await fsp.unlink(temp).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
}

/** Writes only when the content differs, so that a run with nothing new leaves every file as it was. */
export function writeIfChanged(target: string, data: string): boolean {
  let current: string | undefined;
  try {
    current = fs.readFileSync(target, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (current === data) return false;
  writeFileAtomic(target, data);
  return true;
}

/**
 * Removes temp files a killed run left behind in a folder (call under the run lock), and in its subfolders down
 * to `depth` levels (the monthly layout's `YYYY/MM`).
 */
export function removeStaleTemps(dir: string, depth = 0): number {
  let removed = 0;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (entry.isDirectory()) {
      if (depth > 0) removed += removeStaleTemps(path.join(dir, entry.name), depth - 1);
    } else if (isTempFile(entry.name)) {
      fs.rmSync(path.join(dir, entry.name), { force: true });
      removed += 1;
    }
  }
  return removed;
}
