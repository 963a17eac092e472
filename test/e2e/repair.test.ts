/**
 * Runs that repair what an earlier run or a person left behind: list pages after articles changed behind the
 * catalog's back, and a README whose generated-section markers no longer pair up.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { config, rss, type TestItem } from '../helpers/feeds.js';
import { body, startServer } from '../helpers/server.js';
import { tempDir } from '../helpers/tmp.js';

const items = (base: string, count: number): TestItem[] =>
  Array.from({ length: count }, (_, i) => ({ title: `文章 ${i}`, link: `${base}/a/${i}`, pubDate: Date.UTC(2025, 5, 1 + i), body: `<p>${i}</p>` }));

test('a taken-down article leaves the list pages at the next run that reads the feed, with nothing new', async (t) => {
  const server = await startServer(t);
  let feed = rss(items(server.url, 3));
  server.route('/f.xml', (req, res) => body(feed)(req, res));
  const root = tempDir(t);
  fs.writeFileSync(path.join(root, 'newsmirror.yaml'), config([{ id: 's', name: '源', feed: `${server.url}/f.xml` }]));
  assert.equal((await runCli(['run', '--archive', root])).code, 0);
  const list = path.join(root, 'lists/源.md');
  assert.match(fs.readFileSync(list, 'utf8'), /1048573\.md/);

  // Taken down here and gone from the feed too; the feed's bytes change, so it is read again.
  fs.rmSync(path.join(root, 'articles/s/1048573.md'));
  feed = rss(items(server.url, 3).filter((_, i) => i !== 1));
  const second = await runCli(['run', '--archive', root, '--json']);
  assert.equal(second.code, 0, second.stderr);
  const report = JSON.parse(second.stdout) as { sources: { new: number; known: number }[]; changed: string[] };
  assert.deepEqual([report.sources[0]?.new, report.sources[0]?.known], [0, 2]);
  assert.doesNotMatch(fs.readFileSync(list, 'utf8'), /1048573\.md/);
  assert.doesNotMatch(fs.readFileSync(path.join(root, 'lists/源/2025-06.md'), 'utf8'), /1048573\.md/);
  assert.ok(report.changed.includes('lists/源.md'), report.changed.join(', '));

  // A list page lost (a run killed between its articles and its pages) comes back at the next read of the feed.
  fs.rmSync(list);
  feed = rss(items(server.url, 3).filter((_, i) => i !== 1).reverse());
  assert.equal((await runCli(['run', '--archive', root])).code, 0);
  assert.match(fs.readFileSync(list, 'utf8'), /^源\n------\n\n6-3 \[文章 2\]/);
});

test('README markers that do not pair up: the articles are written, the README is left alone, exit 1 names it', async (t) => {
  const server = await startServer(t);
  server.route('/f.xml', body(rss(items(server.url, 1))));
  const root = tempDir(t);
  fs.writeFileSync(path.join(root, 'newsmirror.yaml'), config([{ id: 's', name: '源', feed: `${server.url}/f.xml` }]));
  const readme = '# 我的镜像\n\n<!-- newsmirror:sources -->\n旧的\n\n运营者的说明，不能丢。\n';
  fs.writeFileSync(path.join(root, 'README.md'), readme);
  const result = await runCli(['run', '--archive', root]);
  assert.equal(result.code, 1, result.stdout + result.stderr);
  assert.match(result.stdout, /error: README\.md:3: the generated section needs exactly one/);
  assert.equal(fs.readFileSync(path.join(root, 'README.md'), 'utf8'), readme);
  assert.ok(fs.existsSync(path.join(root, 'articles/s/1048574.md')));
});

test('a source failing run after run is reported as a streak; a success ends it', async (t) => {
  const server = await startServer(t);
  let up = false;
  server.route('/f.xml', (req, res) => (up ? body(rss(items(server.url, 1)))(req, res) : res.writeHead(503).end('down')));
  const root = tempDir(t);
  fs.writeFileSync(path.join(root, 'newsmirror.yaml'), config([{ id: 's', name: '源', feed: `${server.url}/f.xml` }], 'http:\n  retries: 0\n'));
  const runJson = async (): Promise<{ status: string; failingRuns?: number; failingSince?: string }> => {
    const result = await runCli(['run', '--archive', root, '--json']);
    return (JSON.parse(result.stdout) as { sources: { status: string; failingRuns?: number; failingSince?: string }[] }).sources[0] ?? { status: '?' };
  };
  const first = await runJson();
  assert.deepEqual([first.status, first.failingRuns], ['failed', 1]);
  await runJson();
  const table = await runCli(['run', '--archive', root]);
  assert.match(table.stdout, new RegExp(`failed \\(3 runs in a row, since ${first.failingSince?.replace(/[.]/g, '\\.')}\\): .*HTTP 503`));
  up = true;
  const recovered = await runJson();
  assert.deepEqual([recovered.status, recovered.failingRuns], ['updated', undefined]);
  up = false;
  assert.equal((await runJson()).failingRuns, 1, 'a new failure starts a new streak');
});
