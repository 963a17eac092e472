/** Committing a run's files with real git: exactly those files, the operator's other changes left alone. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { commitChanges } from '../../src/publish/commit.js';
import { FALLBACK_IDENTITY, resolveIdentity } from '../../src/publish/identity.js';
import { openRepository, PublishSetupError } from '../../src/publish/repository.js';
import { tempDir } from '../helpers/tmp.js';
import { filesOf, isolateGit, log, sh, workRepo } from './git-helpers.js';

isolateGit();

function write(root: string, file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
}

const request = (changed: string[], generated: string[] = ['articles/a', 'lists']) => ({
  changed,
  generated,
  message: (leftovers: number) => `newsmirror: test${leftovers ? ` +${leftovers}` : ''}`,
  identity: FALLBACK_IDENTITY,
});

test('commits exactly the changed files and the tool state; the operator\'s staged and modified files stay out', async (t) => {
  const root = workRepo(tempDir(t), 'archive');
  write(root, 'articles/a/1048574.md', 'article\n');
  write(root, 'lists/源 [1].md', 'list\n');
  write(root, '.newsmirror/state.json', '{}\n');
  write(root, '.newsmirror/.gitignore', 'cache/\n');
  write(root, 'notes.txt', 'staged by the operator\n');
  sh(root, 'add', 'notes.txt');
  write(root, 'README.md', '# edited by the operator\n');

  const repo = await openRepository(root);
  const result = await commitChanges(repo, request(['articles/a/1048574.md', 'lists/源 [1].md']));
  assert.ok(result);
  assert.deepEqual(result.files, ['.newsmirror/.gitignore', '.newsmirror/state.json', 'articles/a/1048574.md', 'lists/源 [1].md']);
  assert.deepEqual(filesOf(root), result.files);
  assert.equal(result.sha, sh(root, 'rev-parse', 'HEAD'));
  assert.equal(sh(root, 'log', '-1', '--format=%an <%ae>|%cn <%ce>|%s'), 'newsmirror <newsmirror@localhost>|newsmirror <newsmirror@localhost>|newsmirror: test');
  assert.deepEqual(sh(root, 'status', '--short', '--untracked-files=no').split('\n').map((l) => l.trim()).sort(), ['A  notes.txt', 'M README.md']);

  // Nothing changed, nothing left over: no commit.
  assert.equal(await commitChanges(repo, request([])), undefined);
  // Listed as changed but identical to HEAD (the state file, say): no empty commit.
  assert.equal(await commitChanges(repo, request(['.newsmirror/state.json'])), undefined);
  assert.deepEqual(log(root), ['newsmirror: test', 'start']);
});

test('files an earlier run wrote but never committed are committed with the next run', async (t) => {
  const root = workRepo(tempDir(t), 'archive');
  write(root, 'articles/a/1048574.md', 'left by a killed run\n');
  write(root, 'lists/源.md', 'list\n');
  write(root, 'articles/other/1.md', 'not a configured source: not ours to commit\n');
  const repo = await openRepository(root);

  const leftoversOnly = await commitChanges(repo, request([]));
  assert.ok(leftoversOnly);
  assert.equal(leftoversOnly.leftovers, 2);
  assert.equal(leftoversOnly.message, 'newsmirror: test +2');
  assert.deepEqual(leftoversOnly.files, ['articles/a/1048574.md', 'lists/源.md']);
  assert.equal(sh(root, 'status', '--porcelain'), '?? articles/other/');
});

test('an archive in a subfolder of a repository: paths stay relative to the archive', async (t) => {
  const top = workRepo(tempDir(t), 'repo');
  const root = path.join(top, 'news');
  write(root, 'articles/a/1048574.md', 'article\n');
  write(root, 'lists/源.md', 'list\n');
  const repo = await openRepository(root);
  const result = await commitChanges(repo, request(['articles/a/1048574.md']));
  assert.deepEqual(result?.files, ['articles/a/1048574.md', 'lists/源.md']);
  assert.deepEqual(filesOf(top), ['news/articles/a/1048574.md', 'news/lists/源.md']);
});

test('identity: the config\'s author, else git\'s, else newsmirror <newsmirror@localhost>', async (t) => {
  const root = workRepo(tempDir(t), 'archive');
  assert.deepEqual(await resolveIdentity(root, undefined), FALLBACK_IDENTITY);
  sh(root, 'config', 'user.name', 'Operator');
  assert.deepEqual(await resolveIdentity(root, undefined), { name: 'Operator', email: 'newsmirror@localhost' });
  sh(root, 'config', 'user.email', 'op@example.test');
  assert.deepEqual(await resolveIdentity(root, undefined), { name: 'Operator', email: 'op@example.test' });
  assert.deepEqual(await resolveIdentity(root, { name: 'Bot', email: 'bot@example.test' }), { name: 'Bot', email: 'bot@example.test' });
});

test('not a repository, or a detached HEAD: a setup error that says what to do', async (t) => {
  const dir = tempDir(t);
  await assert.rejects(openRepository(dir), (error: Error) => error instanceof PublishSetupError && /not in a git repository/.test(error.message) && error.message.includes(dir));
  const root = workRepo(dir, 'archive');
  sh(root, 'checkout', '--quiet', '--detach');
  await assert.rejects(openRepository(root), (error: Error) => error instanceof PublishSetupError && /detached/.test(error.message));
});
