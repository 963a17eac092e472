/**
 * Publishing a run: check the repository before the run (a setup problem must stop it before anything is
 * fetched), then commit what the run changed and push to every remote.
 */
import * as path from 'node:path';
import { articleDir } from '../archive/paths.js';
import type { Config, PublishConfig } from '../config/schema.js';
import type { UpdateReport } from '../pipeline/update.js';
import { commitChanges, type CommitResult } from './commit.js';
import { resolveIdentity } from './identity.js';
import { commitMessage } from './message.js';
import { pushAll, type RemoteResult } from './push.js';
import { hasCommits, openRepository, pushTargets, type PushTarget, type Repository } from './repository.js';

export { GitError } from './git.js';
export { PublishSetupError } from './repository.js';
export { hygieneWarnings } from './hygiene.js';
export type { CommitResult } from './commit.js';
export type { RemoteResult } from './push.js';

export interface PublishPlan {
  repo: Repository;
  /** Set with --push. */
  remotes?: PushTarget[];
  config: PublishConfig;
  /** Every configured source: their folders hold only generated files. */
  sourceIds: string[];
}

export interface PublishReport {
  branch: string;
  /** The commit made, or null when nothing changed. */
  commit: CommitResult | null;
  /** Why the commit failed (the files are still in the archive; the next run commits them). */
  commitError?: string;
  /** One per remote with --push, in order. */
  remotes: RemoteResult[];
}

export async function planPublish(dir: string, config: Config, push: boolean): Promise<PublishPlan> {
  const repo = await openRepository(dir);
  const sourceIds = config.sources.map((s) => s.id);
  return { repo, config: config.publish, sourceIds, ...(push ? { remotes: await pushTargets(repo, config.publish.remotes) } : {}) };
}

/** Whether publishing went wrong anywhere (the run's exit code is then 1). */
export function publishFailed(report: PublishReport): boolean {
  return report.commitError !== undefined || report.remotes.some((r) => r.status === 'failed');
}

export async function publish(plan: PublishPlan, update: UpdateReport, signal?: AbortSignal): Promise<PublishReport> {
  const { repo } = plan;
  const report: PublishReport = { branch: repo.branch, commit: null, remotes: [] };
  const identity = await resolveIdentity(repo.dir, plan.config.author);
  try {
    const generated = [...plan.sourceIds.map((id) => path.relative(repo.dir, articleDir(repo.dir, id))), 'lists'];
    report.commit = (await commitChanges(repo, { changed: update.changed, generated, message: (leftovers) => commitMessage(update, leftovers), identity })) ?? null;
  } catch (error) {
    report.commitError = error instanceof Error ? error.message : String(error);
  }
  if (!plan.remotes) return report;
  // Pushed even when this run committed nothing: a push that failed last time goes out now.
  if (signal?.aborted) {
    report.remotes = plan.remotes.map((r) => ({ remote: r.name, status: 'skipped', attempts: 0, rebased: 0, error: 'interrupted before pushing; the next run pushes' }));
  } else if (!(await hasCommits(repo))) {
    report.remotes = plan.remotes.map((r) => ({ remote: r.name, status: 'skipped', attempts: 0, rebased: 0, error: 'nothing committed yet' }));
  } else {
    report.remotes = await pushAll(repo, plan.remotes, { timeoutMs: plan.config.timeoutMs, identity, ...(signal ? { signal } : {}) });
  }
  return report;
}
