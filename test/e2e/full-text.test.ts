/**
 * Full text from article pages through the built CLI, against a loopback site (feed + pages): `fullText: page`
 * and `auto`, a page that times out (retried next run, nothing archived empty), and `newsmirror add`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseArticle } from '../../src/archive/format.js';
import { runCli } from '../helpers/cli.js';
import { config, rss } from '../helpers/feeds.js';
import { body, startServer, type TestServer } from '../helpers/server.js';
import { listFiles, tempDir } from '../helpers/tmp.js';

const paragraphs = (n: number): string[] =>
  Array.from({ length: 4 }, (_, i) => `第${n}篇文章的第${i + 1}段：记者在现场看到，居民们排着长队等待登记，有人说已经等了整整一个上午，但仍然没有轮到自己。`);

/** An article page as a news site serves it: navigation, the article, related links, a footer. */
function page(n: number): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>第${n}篇 - 测试新闻网</title><meta property="og:title" content="第${n}篇文章的标题"><meta property="article:published_time" content="2025-03-0${n}T08:00:00Z"></head>
<body><nav><a href="/">首页</a> <a href="/world">国际</a> <a href="/china">中国</a></nav>
<main><article><h1>第${n}篇文章的标题</h1>${paragraphs(n).map((p) => `<p>${p}</p>`).join('\n')}</article>
<aside><h2>相关文章</h2><ul><li><a href="/x">别的新闻</a></li></ul></aside></main>
<footer>版权所有 测试新闻网</footer></body></html>`;
}

function site(server: TestServer, count: number, summary = '<p>摘要。</p>'): void {
  server.route('/feed.xml', body(rss(Array.from({ length: count }, (_, i) => ({ title: `第${i + 1}篇`, link: `${server.url}/story/${i + 1}`, pubDate: Date.UTC(2025, 2, i + 1), body: summary })))));
  for (let i = 1; i <= count; i += 1) server.route(`/story/${i}`, body(page(i), { 'content-type': 'text/html; charset=utf-8' }));
}

const bodyOf = (root: string, file: string): string => parseArticle(fs.readFileSync(path.join(root, file), 'utf8')).body;

test('fullText: page archives the extracted article; a page that times out is not archived and comes next run', async (t) => {
  const server = await startServer(t);
  site(server, 3);
  let hang = true;
  server.route('/story/2', (req, res) => {
    if (hang) return; // never answers
    body(page(2), { 'content-type': 'text/html; charset=utf-8' })(req, res);
  });
  const root = tempDir(t);
  fs.writeFileSync(
    path.join(root, 'newsmirror.yaml'),
    config([{ id: 's', name: '测试', feed: `${server.url}/feed.xml`, extra: '    fullText: page\n' }], 'http:\n  timeoutMs: 400\n  retries: 0\n'),
  );
  const first = await runCli(['run', '--archive', root, '--json']);
  assert.equal(first.code, 1, first.stdout + first.stderr);
  const report = JSON.parse(first.stdout) as { sources: { new: number; failed: number; error: string }[] };
  assert.deepEqual([report.sources[0]?.new, report.sources[0]?.failed], [2, 1]);
  assert.match(report.sources[0]?.error ?? '', /story\/2.*timed out/);
  assert.deepEqual(listFiles(path.join(root, 'articles/s')), ['1048573.md', '1048574.md']);
  const text = bodyOf(root, 'articles/s/1048574.md');
  for (const p of paragraphs(1)) assert.ok(text.includes(p), `paragraph kept: ${p}`);
  for (const noise of ['首页', '相关文章', '版权所有']) assert.ok(!text.includes(noise), `boilerplate dropped: ${noise}`);

  hang = false;
  const second = await runCli(['run', '--archive', root, '--json']);
  assert.equal(second.code, 0, second.stdout + second.stderr);
  assert.deepEqual(listFiles(path.join(root, 'articles/s')), ['1048572.md', '1048573.md', '1048574.md']);
  assert.ok(bodyOf(root, 'articles/s/1048572.md').includes(paragraphs(2)[0] ?? '?'));
});

test('fullText: auto keeps a long feed body and fetches the page for a short one', async (t) => {
  const server = await startServer(t);
  const long = `<p>${'这是一段足够长的正文。'.repeat(30)}</p>`;
  server.route('/feed.xml', body(rss([
    { title: '长', link: `${server.url}/story/1`, pubDate: Date.UTC(2025, 2, 1), body: long },
    { title: '短', link: `${server.url}/story/2`, pubDate: Date.UTC(2025, 2, 2), body: '<p>摘要。</p>' },
  ])));
  server.route('/story/2', body(page(2), { 'content-type': 'text/html; charset=utf-8' }));
  const root = tempDir(t);
  fs.writeFileSync(path.join(root, 'newsmirror.yaml'), config([{ id: 's', name: '测试', feed: `${server.url}/feed.xml`, extra: '    fullText: auto\n' }]));
  const result = await runCli(['run', '--archive', root]);
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.equal(bodyOf(root, 'articles/s/1048574.md'), long);
  assert.ok(bodyOf(root, 'articles/s/1048573.md').includes(paragraphs(2)[1] ?? '?'));
  assert.equal(server.hits.get('/story/1'), undefined, 'the long body needed no page');
});

test('add: a new URL is archived and its path printed; again prints the same path; 404 and non-HTML exit 1', async (t) => {
  const server = await startServer(t);
  site(server, 1);
  server.route('/data.json', body('{"a":1}', { 'content-type': 'application/json' }));
  const root = tempDir(t);
  fs.writeFileSync(path.join(root, 'newsmirror.yaml'), config([{ id: 's', name: '测试', feed: 'https://feeds.example.test/feed.xml' }], 'http:\n  retries: 0\n'));

  const added = await runCli(['add', `${server.url}/story/1`, '--archive', root]);
  assert.equal(added.code, 0, added.stdout + added.stderr);
  assert.equal(added.stdout.trim(), 'articles/web/1048574.md');
  const article = parseArticle(fs.readFileSync(path.join(root, 'articles/web/1048574.md'), 'utf8'));
  assert.deepEqual([article.title, article.url, article.pubDate], ['第1篇文章的标题', `${server.url}/story/1`, Date.UTC(2025, 2, 1, 8)]);
  assert.match(fs.readFileSync(path.join(root, 'newsmirror.yaml'), 'utf8'), /- id: web\n\s+name: 网页存档\n\s+feed: none/);
  assert.match(fs.readFileSync(path.join(root, 'lists/网页存档.md'), 'utf8'), /\[第1篇文章的标题\]\(\/articles\/web\/1048574\.md\)/);
  assert.match(fs.readFileSync(path.join(root, 'README.md'), 'utf8'), /\[网页存档\]\(lists\/网页存档\.md\)/);

  const again = await runCli(['add', `${server.url}/story/1#comments`, '--archive', root]);
  assert.equal(again.code, 0);
  assert.equal(again.stdout.trim(), 'articles/web/1048574.md');

  const missing = await runCli(['add', `${server.url}/story/404`, '--archive', root]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /HTTP 404/);
  const json = await runCli(['add', `${server.url}/data.json`, '--archive', root]);
  assert.equal(json.code, 1);
  assert.match(json.stderr, /not an HTML page \(application\/json\)/);
  const explicit = await runCli(['add', `${server.url}/story/1`, '--archive', root, '--source', 'nope']);
  assert.equal(explicit.code, 2);
  assert.deepEqual(listFiles(path.join(root, 'articles/web')), ['1048574.md']);
  // The run skips the feed-less web source and does not fetch anything for it.
  const run = await runCli(['run', '--archive', root, '--json']);
  assert.deepEqual((JSON.parse(run.stdout) as { sources: { id: string }[] }).sources.map((s) => s.id), ['s']);
});
