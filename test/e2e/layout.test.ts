/**
 * `layout: monthly` end to end through the built CLI: files in YYYY/MM folders (archive time zone), numbers as in
 * the flat layout, list pages linking there, a second run changing nothing, and the commit carrying the files.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseArticle } from '../../src/archive/format.js';
import { runCli } from '../helpers/cli.js';
import { config, rss } from '../helpers/feeds.js';
import { body, startServer } from '../helpers/server.js';
import { listFiles, snapshot, tempDir } from '../helpers/tmp.js';
import { filesOf, GIT_ENV, sh } from '../publish/git-helpers.js';

test('layout: monthly writes articles/<id>/<YYYY>/<MM>/<n>.md and lists follow; nothing new changes nothing', async (t) => {
  const server = await startServer(t);
  const dates = [Date.UTC(2026, 9, 30, 12), Date.UTC(2026, 9, 31, 16, 30), Date.UTC(2026, 10, 2, 1)];
  const feed = (count: number): string =>
    rss(dates.slice(0, count).map((pubDate, i) => ({ title: `月份 ${i}`, link: `${server.url}/a/${i}`, pubDate, body: `<p>正文 ${i}</p>` })));
  let served = feed(2);
  server.route('/feed.xml', (req, res) => body(served)(req, res));
  const root = tempDir(t);
  fs.writeFileSync(path.join(root, 'newsmirror.yaml'), config([{ id: 'm', name: '按月', feed: `${server.url}/feed.xml` }], 'layout: monthly\n'));
  sh(root, 'init', '--quiet', '--initial-branch=main');

  const first = await runCli(['run', '--archive', root, '--commit', '--json'], { env: GIT_ENV });
  assert.equal(first.code, 0, first.stderr);
  // 16:30 UTC on 31 October is already 1 November in Asia/Shanghai.
  assert.deepEqual(listFiles(path.join(root, 'articles/m')), ['2026/10/1048574.md', '2026/11/1048573.md']);
  assert.equal(parseArticle(fs.readFileSync(path.join(root, 'articles/m/2026/11/1048573.md'), 'utf8')).title, '月份 1');
  assert.equal(
    fs.readFileSync(path.join(root, 'lists/按月.md'), 'utf8'),
    '按月\n------\n\n11-1 [月份 1](/articles/m/2026/11/1048573.md)\n\n10-30 [月份 0](/articles/m/2026/10/1048574.md)\n\n',
  );
  assert.match(fs.readFileSync(path.join(root, 'lists/按月/2026-10.md'), 'utf8'), /\(\/articles\/m\/2026\/10\/1048574\.md\)/);
  const committed = filesOf(root);
  assert.ok(committed.includes('articles/m/2026/10/1048574.md') && committed.includes('articles/m/2026/11/1048573.md'), committed.join(', '));

  const before = snapshot(root, ['.newsmirror/cache', '.git']);
  const again = await runCli(['run', '--archive', root, '--commit', '--json'], { env: GIT_ENV });
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(snapshot(root, ['.newsmirror/cache', '.git']), before);

  served = feed(3);
  const third = await runCli(['run', '--archive', root, '--json'], { env: GIT_ENV });
  assert.equal(third.code, 0, third.stderr);
  assert.ok(fs.existsSync(path.join(root, 'articles/m/2026/11/1048572.md')));
  assert.match(fs.readFileSync(path.join(root, 'lists/按月.md'), 'utf8'), /^11-2 \[月份 2\]\(\/articles\/m\/2026\/11\/1048572\.md\)$/m);
});
