/**
 * One commit of the files a run changed, plus the tool's committed state, plus generated files an earlier run
 * left uncommitted (it was killed before committing, or its commit failed): otherwise those would be known to
 * every later run and never committed. Anything else the operator has staged or modified stays out of it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { STATE_DIR, stateFile } from '../archive/paths.js';
import { git } from './git.js';
import { identityEnv, type Identity } from './identity.js';
import type { Repository } from './repository.js';

export interface CommitResult {
  sha: string;
  message: string;
  /** Paths in the commit, relative to the archive. */
  files: string[];
  /** Of those, files an earlier run wrote and did not commit. */
  leftovers: number;
}

export interface CommitRequest {
  /** Files this run created or changed, relative to the archive. */
  changed: string[];
  /** Folders only newsmirror writes (articles/<id>, lists): uncommitted files there are an earlier run's. */
  generated: string[];
  /** Subject line; told how many leftovers came along, when there are any. */
  message: (leftovers: number) => string;
  identity: Identity;
}

/**
 * Files the run writes but does not list as changed (they are tool state, not content): committed along when
 * they differ, so that numbers stay reserved in every clone.
 */
function toolFiles(dir: string): string[] {
  return [path.relative(dir, stateFile(dir)), path.join(STATE_DIR, '.gitignore')].filter((rel) => fs.existsSync(path.join(dir, rel)));
}

const nulList = (paths: string[]): string => paths.map((p) => p + '\0').join('');

/** Untracked or modified files under the given folders. */
async function uncommitted(repo: Repository, folders: string[]): Promise<string[]> {
  const existing = folders.filter((f) => fs.existsSync(path.join(repo.dir, f)));
  if (existing.length === 0) return [];
  const { stdout } = await git(['status', '--porcelain=v1', '-z', '--no-renames', '--untracked-files=all', '--', ...existing], { cwd: repo.dir });
  // Entries are "XY path"; paths are relative to the repository root, ours to the archive.
  const top = (await git(['rev-parse', '--show-prefix'], { cwd: repo.dir })).stdout.trim();
  return stdout
    .split('\0')
    .filter((entry) => entry.length > 3 && entry[1] !== 'D' && entry[0] !== 'D')
    .map((entry) => entry.slice(3))
    .filter((p) => p.startsWith(top))
    .map((p) => p.slice(top.length));
}

/** Returns undefined when there was nothing to commit. */
export async function commitChanges(repo: Repository, request: CommitRequest): Promise<CommitResult | undefined> {
  const cwd = repo.dir;
  const changed = new Set(request.changed);
  const leftoverFiles = (await uncommitted(repo, request.generated)).filter((p) => !changed.has(p));
  if (changed.size === 0 && leftoverFiles.length === 0) return undefined;
  const candidates = [...new Set([...changed, ...leftoverFiles, ...toolFiles(cwd)])].sort();
  // NUL-separated on stdin: a first run can write thousands of paths, more than a command line holds.
  await git(['add', '--pathspec-from-file=-', '--pathspec-file-nul'], { cwd, input: nulList(candidates) });
  // Of those, the ones that differ from HEAD (an unchanged state file must not be listed as committed).
  const staged = await git(['diff', '--cached', '--name-only', '--relative', '--no-renames', '-z'], { cwd });
  const wanted = new Set(candidates);
  const files = staged.stdout
    .split('\0')
    .filter((p) => wanted.has(p))
    .sort();
  if (files.length === 0) return undefined;
  const leftovers = leftoverFiles.filter((p) => files.includes(p)).length;
  const message = request.message(leftovers);
  // --only with the paths: whatever else is staged in the index stays staged and out of this commit.
  await git(['commit', '--quiet', '--only', '-m', message, '--pathspec-from-file=-', '--pathspec-file-nul'], { cwd, input: nulList(files), env: identityEnv(request.identity) });
  const sha = (await git(['rev-parse', 'HEAD'], { cwd })).stdout.trim();
  return { sha, message, files, leftovers };
}
