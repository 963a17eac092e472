/**
 * Early warnings about size limits of git hosts: a folder with more than a few thousand files is truncated
 * in their listings (GitHub shows 1,000), and repositories past about 1 GB get slow to clone and may be flagged.
 */
import * as fs from 'node:fs';
import { articleDir } from '../archive/paths.js';
import type { UpdateReport } from '../pipeline/update.js';
import { gitQuery } from './git.js';

export const FOLDER_FILE_LIMIT = 3000;
export const REPO_BYTES_LIMIT = 1_000_000_000;

function countEntries(dir: string): number {
  try {
    return fs.readdirSync(dir).length;
  } catch {
    return 0;
  }
}

/** Size of the repository's objects (loose and packed), or undefined outside a git repository. */
async function repositoryBytes(dir: string): Promise<number | undefined> {
  let text: string | undefined;
  try {
    text = await gitQuery(['count-objects', '-v'], { cwd: dir });
  } catch {
    return undefined; // no git on this machine: nothing to say
  }
  return text === undefined ? undefined : objectBytes(text);
}

/** Bytes of loose and packed objects from `git count-objects -v` output (which counts in KiB). */
export function objectBytes(countObjects: string): number {
  const kib = (key: string): number => Number(new RegExp(`^${key}: (\\d+)$`, 'm').exec(countObjects)?.[1] ?? 0);
  return (kib('size') + kib('size-pack')) * 1024;
}

/**
 * Checked only for what grew: the folders of sources that wrote articles and, when files changed, the
 * repository. A run that finds nothing new stays as cheap as it was (no folder scan, no git).
 */
export async function hygieneWarnings(root: string, update: UpdateReport, limits = { files: FOLDER_FILE_LIMIT, bytes: REPO_BYTES_LIMIT }): Promise<string[]> {
  const warnings: string[] = [];
  for (const id of update.sources.filter((s) => s.new > 0).map((s) => s.id)) {
    const count = countEntries(articleDir(root, id));
    if (count > limits.files) {
      warnings.push(`articles/${id} holds ${count} files (over ${limits.files}): git hosts truncate folder listings this long (the list pages still link every article); a new archive can use layout: monthly`);
    }
  }
  const bytes = update.changed.length > 0 ? await repositoryBytes(root) : undefined;
  if (bytes !== undefined && bytes > limits.bytes) {
    warnings.push(`the git repository is ${(bytes / 1e9).toFixed(2)} GB (over ${limits.bytes / 1e9} GB): git hosts slow down and may limit repositories this size; consider starting a new archive repository`);
  }
  return warnings;
}
