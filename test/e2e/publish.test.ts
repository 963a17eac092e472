/**
 * `init`, then `run --commit` and `run --push` through the built CLI, with real git: loopback feeds, local bare
 * repositories as remotes, another clone pushing in between, and a remote that does not exist.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { runCli, type CliResult } from '../helpers/cli.js';
import { rss, type TestItem } from '../helpers/feeds.js';
import { body, startServer, type TestServer } from '../helpers/server.js';
import { tempDir } from '../helpers/tmp.js';
import { bareRepo, filesOf, GIT_ENV, log, sh, workRepo } from '../publish/git-helpers.js';

const BASE_DATE = Date.UTC(2024, 4, 1, 8, 0, 0);

interface JsonRun {
  sources: { id: string; new: number }[];
  changed: string[];
  warnings: string[];
  publish?: {
    branch: string;
    commit: { sha: string; message: string; files: string[] } | null;
    remotes: { remote: string; status: string; rebased: number; attempts: number; error?: string }[];
  };
  exitCode: number;
}

const cli = (args: string[]): Promise<CliResult> => runCli(args, { env: GIT_ENV });

function expectExit(result: CliResult, code: number): void {
  assert.equal(result.code, code, `expected exit ${code}, got ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
}

function items(server: TestServer, prefix: string, count: number, from = 0): TestItem[] {
  return Array.from({ length: count }, (_, i) => ({
    title: `${prefix} 新闻 ${from + i}`,
    link: `${server.url}/${prefix}/${from + i}`,
    pubDate: BASE_DATE + (from + i) * 60_000,
    body: `<p>${prefix} ${from + i}</p>`,
  }));
}

/** `init` with two default outlets, their feeds pointed at the loopback server (the comments stay). */
async function initArchive(root: string, server: TestServer): Promise<void> {
  expectExit(await cli(['init', root, '--outlets', 'nyt,bbc']), 0);
  const file = path.join(root, 'newsmirror.yaml');
  const text = fs.readFileSync(file, 'utf8').replace('https://feedx.net/rss/nytimes.xml', `${server.url}/nyt.xml`).replace('https://feedx.net/rss/bbc.xml', `${server.url}/bbc.xml`);
  fs.writeFileSync(file, text + 'http:\n  retries: 0\n  timeoutMs: 3000\n');
}

test('init, then run --commit: one commit of what came in, with a message that says so; nothing new, no commit', async (t) => {
  const root = path.join(tempDir(t), 'news');
  const server = await startServer(t);
  server.route('/nyt.xml', body(rss(items(server, 'nyt', 2))));
  server.route('/bbc.xml', body(rss(items(server, 'bbc', 3))));
  await initArchive(root, server);
  assert.equal(sh(root, 'rev-parse', '--is-inside-work-tree'), 'true', 'init ran git init');
  assert.equal(sh(root, 'symbolic-ref', '--short', 'HEAD'), 'main');
  // The operator's step after init: commit the archive's own files.
  sh(root, 'add', '-A');
  sh(root, 'commit', '--quiet', '-m', 'newsmirror archive');

  const first = await cli(['run', '--archive', root, '--commit', '--json']);
  expectExit(first, 0);
  const report = JSON.parse(first.stdout) as JsonRun;
  assert.deepEqual(log(root), ['newsmirror: 5 new (纽约时报 2, BBC 3)', 'newsmirror archive']);
  const expected = [
    '.newsmirror/.gitignore',
    '.newsmirror/state.json',
    ...fs.readdirSync(path.join(root, 'articles', 'nyt')).map((f) => `articles/nyt/${f}`),
    ...fs.readdirSync(path.join(root, 'articles', 'bbc')).map((f) => `articles/bbc/${f}`),
    'lists/BBC.md',
    'lists/BBC/2024-05.md',
    'lists/BBC/index.md',
    'lists/纽约时报.md',
    'lists/纽约时报/2024-05.md',
    'lists/纽约时报/index.md',
  ].sort();
  assert.equal(expected.filter((f) => f.startsWith('articles/')).length, 5);
  assert.deepEqual(filesOf(root), expected);
  assert.deepEqual(report.publish?.commit?.files, expected);
  assert.equal(report.publish?.commit?.sha, sh(root, 'rev-parse', 'HEAD'));
  assert.equal(sh(root, 'log', '-1', '--format=%an <%ae>'), 'newsmirror <newsmirror@localhost>', 'no git identity on this "machine": the fallback');
  assert.equal(sh(root, 'status', '--porcelain'), '', 'everything the run wrote is committed; the cache is ignored');

  const second = await cli(['run', '--archive', root, '--commit']);
  expectExit(second, 0);
  assert.match(second.stdout, /nothing to commit/);
  assert.equal(log(root).length, 2, 'no empty commit');

  // One more item, and an author from the config.
  server.route('/bbc.xml', body(rss(items(server, 'bbc', 4))));
  fs.appendFileSync(path.join(root, 'newsmirror.yaml'), 'publish:\n  author: { name: 镜像机器人, email: bot@example.test }\n');
  const third = await cli(['run', '--archive', root, '--commit']);
  expectExit(third, 0);
  assert.match(third.stdout, /committed [0-9a-f]{10} on main: newsmirror: 1 new \(BBC 1\)/);
  assert.equal(sh(root, 'log', '-1', '--format=%an <%ae>|%s'), '镜像机器人 <bot@example.test>|newsmirror: 1 new (BBC 1)');
  assert.ok(filesOf(root).includes('README.md') === false, 'the README section did not change');
});

test('run --push: a remote that moved on is rebased onto and pushed (both histories kept); a dead remote fails alone, exit 1', async (t) => {
  const dir = tempDir(t);
  const server = await startServer(t);
  server.route('/nyt.xml', body(rss(items(server, 'nyt', 2))));
  server.route('/bbc.xml', body(rss(items(server, 'bbc', 1))));
  const a = bareRepo(dir, 'a');
  const b = bareRepo(dir, 'b');
  const root = workRepo(dir, 'news');
  await initArchive(root, server);
  sh(root, 'add', '-A');
  sh(root, 'commit', '--quiet', '-m', 'newsmirror archive');
  sh(root, 'remote', 'add', 'a', a);
  sh(root, 'remote', 'add', 'b', b);
  const missing = path.join(dir, 'no', 'such', 'repo.git');
  sh(root, 'remote', 'add', 'dead', missing);
  sh(root, 'push', '--quiet', 'a', 'main');
  sh(root, 'push', '--quiet', 'b', 'main');

  // Someone else pushes to a while our run is on its way.
  const other = path.join(dir, 'other');
  sh(dir, 'clone', '--quiet', a, other);
  fs.writeFileSync(path.join(other, 'README.md'), fs.readFileSync(path.join(other, 'README.md'), 'utf8') + '\n运营者的说明。\n');
  sh(other, 'commit', '--quiet', '-am', 'operator edits the README');
  sh(other, 'push', '--quiet', 'origin', 'main');

  const result = await cli(['run', '--archive', root, '--push', '--json']);
  expectExit(result, 1);
  const report = JSON.parse(result.stdout) as JsonRun;
  assert.equal(report.exitCode, 1);
  const remotes = new Map(report.publish?.remotes.map((r) => [r.remote, r]));
  assert.equal(remotes.get('a')?.status, 'pushed');
  assert.equal(remotes.get('a')?.rebased, 1);
  assert.equal(remotes.get('b')?.status, 'pushed');
  assert.equal(remotes.get('dead')?.status, 'failed');
  assert.ok(remotes.get('dead')?.error?.includes(missing), `the error names the remote's path: ${remotes.get('dead')?.error}`);

  const ours = 'newsmirror: 3 new (纽约时报 2, BBC 1)';
  assert.deepEqual(log(a), [ours, 'operator edits the README', 'newsmirror archive', 'start']);
  assert.deepEqual(log(b), log(a));
  assert.equal(sh(a, 'rev-parse', 'main'), sh(root, 'rev-parse', 'HEAD'));
  assert.match(fs.readFileSync(path.join(root, 'README.md'), 'utf8'), /运营者的说明/, 'the rebase brought the operator\'s edit in');

  // The plain-text summary names every remote's result; a run with nothing new still pushes what is unpushed.
  const again = await cli(['run', '--archive', root, '--push']);
  expectExit(again, 1);
  assert.match(again.stdout, /^push a: up-to-date$/m);
  assert.match(again.stdout, /^push b: up-to-date$/m);
  assert.ok(again.stdout.split('\n').some((l) => l.startsWith('push dead: failed: ') && l.includes(missing)), again.stdout);

  // Only the configured remotes, in order.
  fs.appendFileSync(path.join(root, 'newsmirror.yaml'), 'publish:\n  remotes: [b]\n');
  const onlyB = await cli(['run', '--archive', root, '--push', '--json']);
  expectExit(onlyB, 0);
  assert.deepEqual((JSON.parse(onlyB.stdout) as JsonRun).publish?.remotes.map((r) => [r.remote, r.status]), [['b', 'up-to-date']]);
});

test('--commit outside a git repository and --push without a remote: exit 2 before anything is fetched', async (t) => {
  const server = await startServer(t);
  server.route('/nyt.xml', body(rss(items(server, 'nyt', 1))));
  server.route('/bbc.xml', body(rss(items(server, 'bbc', 1))));
  const plain = path.join(tempDir(t), 'plain');
  await initArchive(plain, server);
  fs.rmSync(path.join(plain, '.git'), { recursive: true, force: true });

  const notRepo = await cli(['run', '--archive', plain, '--commit']);
  expectExit(notRepo, 2);
  assert.match(notRepo.stderr, /is not in a git repository/);
  assert.ok(notRepo.stderr.includes(plain));

  const noRemote = path.join(tempDir(t), 'lonely');
  await initArchive(noRemote, server);
  const pushed = await cli(['run', '--archive', noRemote, '--push']);
  expectExit(pushed, 2);
  assert.match(pushed.stderr, /no remote to push to/);

  assert.equal(server.hits.get('/nyt.xml'), undefined, 'nothing fetched');
  assert.ok(!fs.existsSync(path.join(plain, 'articles')) && !fs.existsSync(path.join(noRemote, 'articles')));
});

test('a source folder past 3,000 files is warned about in the summary and in the JSON report', async (t) => {
  const root = tempDir(t);
  const server = await startServer(t);
  server.route('/big.xml', body(rss(items(server, 'big', 1, 5000))));
  fs.writeFileSync(path.join(root, 'newsmirror.yaml'), `sources:\n  - id: big\n    name: 大\n    feed: ${server.url}/big.xml\n`);
  const dir = path.join(root, 'articles', 'big');
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < 3000; i += 1) {
    fs.writeFileSync(path.join(dir, `${1048574 - i}.md`), `<!--${BASE_DATE}-->\n[旧 ${i}](http://old.example/${i})\n------\n\n<p>${i}</p>\n`);
  }
  const result = await cli(['run', '--archive', root, '--json']);
  expectExit(result, 0);
  const report = JSON.parse(result.stdout) as JsonRun;
  assert.equal(report.sources[0]?.new, 1);
  assert.equal(report.warnings.length, 1);
  assert.match(report.warnings[0] ?? '', /^articles\/big holds 3001 files \(over 3000\)/);

  server.route('/big.xml', body(rss(items(server, 'big', 2, 5000))));
  const text = await cli(['run', '--archive', root]);
  expectExit(text, 0);
  assert.match(text.stdout, /^warning: articles\/big holds 3002 files \(over 3000\): git hosts truncate folder listings/m);
});
