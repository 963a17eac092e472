/**
 * What publishing needs to know about the archive's git repository before a run touches anything: that there
 * is one, which branch is checked out, and where to push.
 */
import type { RemoteConfig } from '../config/schema.js';
import { git, gitQuery, GitError } from './git.js';

/** The archive cannot be published as things stand (no repository, no branch, no remote): a setup problem. */
export class PublishSetupError extends Error {}

export interface Repository {
  /** The archive directory (git runs here; paths are relative to it). */
  dir: string;
  /** The checked-out branch. */
  branch: string;
}

/** A push target: a remote's name, or a URL pushed to directly (labelled with a name in reports). */
export interface PushTarget {
  name: string;
  /** What git is given: the remote name, or the configured URL. */
  target: string;
}

export async function openRepository(dir: string): Promise<Repository> {
  let inside: string | undefined;
  try {
    inside = await gitQuery(['rev-parse', '--is-inside-work-tree'], { cwd: dir });
  } catch (error) {
    throw new PublishSetupError(error instanceof GitError ? error.message : String(error));
  }
  if (inside !== 'true') {
    throw new PublishSetupError(`${dir} is not in a git repository: run \`git init\` there (or \`newsmirror init\`), or leave out --commit/--push`);
  }
  const branch = await gitQuery(['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd: dir });
  if (!branch) throw new PublishSetupError(`${dir}: HEAD is detached; check out the branch to publish (git switch <branch>)`);
  return { dir, branch };
}

/** The configured remotes in order, or every remote of the repository; a name git does not know is kept (and fails alone). */
export async function pushTargets(repo: Repository, configured: RemoteConfig[] | undefined): Promise<PushTarget[]> {
  if (configured) return configured.map((r) => (typeof r === 'string' ? { name: r, target: r } : { name: r.name, target: r.url }));
  const { stdout } = await git(['remote'], { cwd: repo.dir });
  const names = stdout.split('\n').filter(Boolean);
  if (names.length === 0) {
    throw new PublishSetupError(`${repo.dir}: the repository has no remote to push to: add one (git remote add origin <url>) or list publish.remotes in the config`);
  }
  return names.map((name) => ({ name, target: name }));
}

export async function hasCommits(repo: Repository): Promise<boolean> {
  return (await gitQuery(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd: repo.dir })) !== undefined;
}
