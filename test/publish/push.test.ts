/**
 * Pushing with real git to local bare repositories: a remote that moved on is rebased onto (never forced), a
 * conflicting rebase is aborted with the local commit kept, and a dead remote does not stop the others.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { pushAll } from '../../src/publish/push.js';
import { openRepository, pushTargets } from '../../src/publish/repository.js';
import { tempDir } from '../helpers/tmp.js';
import { bareRepo, isolateGit, log, sh, workRepo } from './git-helpers.js';

isolateGit();
const OPTIONS = { timeoutMs: 20_000, identity: { name: 'newsmirror', email: 'newsmirror@localhost' } };

function commitFile(repo: string, file: string, text: string, message: string): void {
  fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
  fs.writeFileSync(path.join(repo, file), text);
  sh(repo, 'add', file);
  sh(repo, 'commit', '--quiet', '-m', message);
}

/** Our archive with remotes a and b, both holding its first commit; and another clone of a. */
function setUp(dir: string): { local: string; a: string; b: string; other: string } {
  const a = bareRepo(dir, 'a');
  const b = bareRepo(dir, 'b');
  const local = workRepo(dir, 'local');
  sh(local, 'remote', 'add', 'a', a);
  sh(local, 'remote', 'add', 'b', b);
  sh(local, 'push', '--quiet', 'a', 'main');
  sh(local, 'push', '--quiet', 'b', 'main');
  const other = path.join(dir, 'other');
  sh(dir, 'clone', '--quiet', a, other);
  return { local, a, b, other };
}

test('a remote that moved on: rejected, fetched, rebased, pushed; both histories kept, nothing forced', async (t) => {
  const dir = tempDir(t);
  const { local, a, b, other } = setUp(dir);
  commitFile(other, 'articles/x/1048574.md', 'theirs\n', 'their commit');
  sh(other, 'push', '--quiet', 'origin', 'main');
  commitFile(local, 'articles/y/1048574.md', 'ours\n', 'our commit');
  const aBefore = sh(a, 'rev-parse', 'main');

  const repo = await openRepository(local);
  const results = await pushAll(repo, await pushTargets(repo, undefined), OPTIONS);

  assert.deepEqual(
    results.map((r) => [r.remote, r.status, r.rebased]),
    [
      ['a', 'pushed', 1],
      ['b', 'pushed', 0],
    ],
  );
  assert.equal(results[0]?.attempts, 2);
  assert.deepEqual(log(a), ['our commit', 'their commit', 'start']);
  // A fast-forward of what a had: their commit was not overwritten.
  assert.equal(sh(a, 'merge-base', '--is-ancestor', aBefore, 'main'), '');
  assert.deepEqual(log(b), ['our commit', 'their commit', 'start']);
  assert.equal(sh(local, 'rev-parse', 'HEAD'), sh(a, 'rev-parse', 'main'));
});

test('after rebasing onto the first remote, a second remote that moved on too is rebased onto in turn', async (t) => {
  const dir = tempDir(t);
  const { local, a, b, other } = setUp(dir);
  commitFile(other, 'articles/x/1.md', 'on a\n', 'pushed to a');
  sh(other, 'push', '--quiet', 'origin', 'main');
  const otherB = path.join(dir, 'other-b');
  sh(dir, 'clone', '--quiet', b, otherB);
  commitFile(otherB, 'articles/z/1.md', 'on b\n', 'pushed to b');
  sh(otherB, 'push', '--quiet', 'origin', 'main');
  commitFile(local, 'articles/y/1.md', 'ours\n', 'our commit');

  const repo = await openRepository(local);
  const results = await pushAll(repo, await pushTargets(repo, undefined), OPTIONS);
  assert.deepEqual(
    results.map((r) => [r.remote, r.status, r.rebased]),
    [
      ['a', 'pushed', 1],
      ['b', 'pushed', 1],
    ],
  );
  assert.deepEqual(new Set(log(a)), new Set(['our commit', 'pushed to a', 'start']));
  assert.deepEqual(new Set(log(b)), new Set(['our commit', 'pushed to a', 'pushed to b', 'start']));
  assert.ok(log(b).includes('pushed to b'), "b's own commit is kept");
});

test('a rebase that conflicts is aborted: the local commit is kept, the remote untouched, the others still pushed', async (t) => {
  const dir = tempDir(t);
  const { local, a, b, other } = setUp(dir);
  commitFile(other, 'lists/源.md', 'their list\n', 'their list');
  sh(other, 'push', '--quiet', 'origin', 'main');
  commitFile(local, 'lists/源.md', 'our list\n', 'our list');
  const ours = sh(local, 'rev-parse', 'HEAD');
  const aBefore = sh(a, 'rev-parse', 'main');

  const repo = await openRepository(local);
  const results = await pushAll(repo, await pushTargets(repo, ['a', 'b']), OPTIONS);

  const [ra, rb] = results;
  assert.equal(ra?.status, 'failed');
  assert.match(ra?.error ?? '', /conflict in lists\/源\.md/);
  assert.match(ra?.error ?? '', /local commits kept/);
  assert.equal(rb?.status, 'pushed');
  assert.equal(sh(local, 'rev-parse', 'HEAD'), ours, 'the local commit is as it was');
  assert.equal(sh(local, 'status', '--porcelain'), '', 'no rebase left half-done');
  assert.ok(!fs.existsSync(path.join(local, '.git', 'rebase-merge')) && !fs.existsSync(path.join(local, '.git', 'rebase-apply')));
  assert.equal(sh(a, 'rev-parse', 'main'), aBefore, 'the remote was not forced');
  assert.equal(sh(b, 'rev-parse', 'main'), ours);
});

test('an unreachable remote fails alone with git\'s reason; a URL remote is pushed to directly', async (t) => {
  const dir = tempDir(t);
  const { local } = setUp(dir);
  const c = bareRepo(dir, 'c');
  const missing = path.join(dir, 'gone', 'nowhere.git');
  sh(local, 'remote', 'add', 'dead', missing);
  commitFile(local, 'articles/y/1.md', 'ours\n', 'our commit');

  const repo = await openRepository(local);
  const targets = await pushTargets(repo, ['dead', 'b', { name: 'mirror', url: c }, 'unknown']);
  const results = await pushAll(repo, targets, OPTIONS);

  const byName = new Map(results.map((r) => [r.remote, r]));
  assert.equal(byName.get('dead')?.status, 'failed');
  assert.ok(byName.get('dead')?.error?.includes(missing), `names the path: ${byName.get('dead')?.error}`);
  assert.equal(byName.get('b')?.status, 'pushed');
  assert.equal(byName.get('mirror')?.status, 'pushed');
  assert.deepEqual(log(c), ['our commit', 'start']);
  assert.equal(byName.get('unknown')?.status, 'failed');
  assert.match(byName.get('unknown')?.error ?? '', /unknown/);

  // Nothing new: every reachable remote is up to date.
  const again = await pushAll(repo, targets.slice(1, 3), OPTIONS);
  assert.deepEqual(
    again.map((r) => r.status),
    ['up-to-date', 'up-to-date'],
  );
});

test('git never waits: a remote that asks for a password fails at once, a silent one times out', async (t) => {
  const { createServer } = await import('node:http');
  const net = await import('node:net');
  const dir = tempDir(t);
  const { local } = setUp(dir);
  commitFile(local, 'articles/y/1.md', 'ours\n', 'our commit');

  const auth = createServer((_req, res) => res.writeHead(401, { 'www-authenticate': 'Basic realm="x"' }).end());
  await new Promise<void>((resolve) => auth.listen(0, '127.0.0.1', resolve));
  t.after(() => auth.close());
  const silentSockets = new Set<import('node:net').Socket>();
  const silent = net.createServer((socket) => {
    silentSockets.add(socket);
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    for (const s of silentSockets) s.destroy();
    silent.close();
  });
  const port = (server: { address(): unknown }): number => (server.address() as { port: number }).port;

  const repo = await openRepository(local);
  const started = Date.now();
  const results = await pushAll(
    repo,
    [
      { name: 'needs-password', target: `http://127.0.0.1:${port(auth)}/news.git` },
      { name: 'silent', target: `http://127.0.0.1:${port(silent)}/news.git` },
    ],
    { ...OPTIONS, timeoutMs: 1500 },
  );
  assert.equal(results[0]?.status, 'failed');
  assert.match(results[0]?.error ?? '', /terminal prompts disabled|could not read Username|Authentication failed/);
  assert.equal(results[1]?.status, 'failed');
  assert.match(results[1]?.error ?? '', /timed out after 2 s/);
  assert.ok(Date.now() - started < 6000, 'neither waited');
});
