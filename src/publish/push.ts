/**
 * Pushes the branch to each remote in turn. A remote that moved on (another run, an operator's edit) is
 * fetched and our commits are rebased onto it, then pushed again; nothing is ever forced, and a rebase that
 * conflicts is aborted so the local commits stay as they were. One remote failing never stops the others.
 *
 * Remotes are handled in order and the rebase changes local history: after rebasing onto the first remote, a
 * second remote that holds our earlier (pre-rebase) commits rejects the push in turn and is rebased onto the
 * same way. Mirrors that only newsmirror writes to stay identical; the README says so.
 */
import { git, GitError } from './git.js';
import { identityEnv, type Identity } from './identity.js';
import type { PushTarget, Repository } from './repository.js';

export type RemoteStatus = 'pushed' | 'up-to-date' | 'failed' | 'skipped';

export interface RemoteResult {
  remote: string;
  status: RemoteStatus;
  /** Pushes tried. */
  attempts: number;
  /** Times our commits were rebased onto this remote's branch. */
  rebased: number;
  error?: string;
}

export interface PushOptions {
  /** Per network command (fetch, push). */
  timeoutMs: number;
  /** Push attempts per remote (the first one and the ones after a rebase). */
  maxAttempts?: number;
  signal?: AbortSignal;
  /** Who the rebased commits are committed by (rebasing writes new commits: git needs an identity). */
  identity: Identity;
}

const REJECTED_BEHIND = /\[rejected\]\s+\((fetch first|non-fast-forward)\)/;

function failure(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Files in conflict during a rebase, to name them in the report. */
async function conflicts(dir: string): Promise<string[]> {
  try {
    const { stdout } = await git(['diff', '--name-only', '--diff-filter=U', '--relative'], { cwd: dir });
    return stdout.split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

/** Rebases our commits onto the remote's branch; on any failure the rebase is aborted and local history is as it was. */
async function catchUp(repo: Repository, remote: PushTarget, options: PushOptions): Promise<string | undefined> {
  const net = { cwd: repo.dir, timeoutMs: options.timeoutMs, ...(options.signal ? { signal: options.signal } : {}) };
  try {
    await git(['fetch', '--no-tags', '--quiet', remote.target, `refs/heads/${repo.branch}`], net);
  } catch (error) {
    return `the push was rejected (the remote has commits we do not) and fetching them failed: ${failure(error)}`;
  }
  // Not killable by the signal: a rebase stopped half-way would leave the checkout mid-rebase.
  try {
    await git(['rebase', '--autostash', '--quiet', 'FETCH_HEAD'], { cwd: repo.dir, env: identityEnv(options.identity) });
    return undefined;
  } catch (error) {
    const files = await conflicts(repo.dir);
    await git(['rebase', '--abort'], { cwd: repo.dir }).catch(() => undefined);
    const where = files.length > 0 ? `conflict in ${files.slice(0, 5).join(', ')}${files.length > 5 ? ', …' : ''}` : failure(error);
    return `the remote has commits we do not, and rebasing onto ${remote.name}/${repo.branch} failed (${where}); rebase aborted, local commits kept, not pushed`;
  }
}

async function pushOne(repo: Repository, remote: PushTarget, options: PushOptions): Promise<RemoteResult> {
  const result: RemoteResult = { remote: remote.name, status: 'failed', attempts: 0, rebased: 0 };
  const maxAttempts = options.maxAttempts ?? 3;
  const net = { cwd: repo.dir, timeoutMs: options.timeoutMs, ...(options.signal ? { signal: options.signal } : {}) };
  for (;;) {
    result.attempts += 1;
    try {
      const { stdout } = await git(['push', '--porcelain', remote.target, `HEAD:refs/heads/${repo.branch}`], net);
      result.status = /^=\t/m.test(stdout) ? 'up-to-date' : 'pushed';
      return result;
    } catch (error) {
      const behind = error instanceof GitError && REJECTED_BEHIND.test(error.stdout + error.stderr);
      if (!behind) {
        result.error = failure(error);
        return result;
      }
      if (result.attempts >= maxAttempts) {
        result.error = `git push ${remote.target}: still rejected after ${result.attempts} attempts (the remote keeps moving); local commits kept`;
        return result;
      }
    }
    const problem = await catchUp(repo, remote, options);
    if (problem) {
      result.error = `${remote.name}: ${problem}`;
      return result;
    }
    result.rebased += 1;
  }
}

export async function pushAll(repo: Repository, remotes: PushTarget[], options: PushOptions): Promise<RemoteResult[]> {
  const results: RemoteResult[] = [];
  for (const remote of remotes) {
    if (options.signal?.aborted) {
      results.push({ remote: remote.name, status: 'skipped', attempts: 0, rebased: 0, error: 'interrupted' });
      continue;
    }
    results.push(await pushOne(repo, remote, options));
  }
  return results;
}
