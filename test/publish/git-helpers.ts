/** Real git repositories for publishing tests, isolated from the machine's git configuration. */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * No global or system git config: the tests see what a fresh server sees (no identity, git's defaults). Merged
 * into process.env for the CLI and for the src/publish functions called in-process.
 */
export const GIT_ENV = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

/** Applies GIT_ENV to this process (for in-process calls of src/publish). */
export function isolateGit(): void {
  Object.assign(process.env, GIT_ENV);
}

/** Runs git for test set-up and inspection (as a named test user, so its commits are told apart from ours). */
export function sh(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Tester', '-c', 'user.email=tester@example.test', '-c', 'init.defaultBranch=main', '-c', 'core.quotepath=false', ...args], {
    cwd,
    env: { ...process.env, ...GIT_ENV },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

export function bareRepo(dir: string, name: string): string {
  const repo = path.join(dir, `${name}.git`);
  fs.mkdirSync(repo);
  sh(repo, 'init', '--quiet', '--bare', '--initial-branch=main');
  return repo;
}

/** A working repository with one commit (a README), on branch main. */
export function workRepo(dir: string, name: string): string {
  const repo = path.join(dir, name);
  fs.mkdirSync(repo, { recursive: true });
  sh(repo, 'init', '--quiet', '--initial-branch=main');
  fs.writeFileSync(path.join(repo, 'README.md'), '# test\n');
  sh(repo, 'add', 'README.md');
  sh(repo, 'commit', '--quiet', '-m', 'start');
  return repo;
}

/** Subjects of a branch's commits, newest first. */
export function log(repo: string, ref = 'main'): string[] {
  return sh(repo, 'log', '--format=%s', ref).split('\n').filter(Boolean);
}

/** Files changed by one commit. */
export function filesOf(repo: string, ref = 'HEAD'): string[] {
  return sh(repo, 'show', '--name-only', '--format=', ref).split('\n').filter(Boolean).sort();
}
