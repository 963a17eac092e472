/**
 * include / exclude filters through the built CLI: filtered items are counted, not archived, and an edit to the
 * filters takes effect on the next run even when the feed is served unchanged.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { config, rss } from '../helpers/feeds.js';
import { body, startServer } from '../helpers/server.js';
import { tempDir } from '../helpers/tmp.js';

interface Report {
  sources: { id: string; new: number; filtered: number; written: { title: string }[] }[];
}

test('include by category keeps marked items; editing the filter re-reads an unchanged feed', async (t) => {
  const server = await startServer(t);
  const items = [
    { title: '标记的文章', link: `${server.url}/a/1`, pubDate: Date.UTC(2025, 0, 1), body: '<p>1</p>', categories: ['Level 2 Article', '★404文库'] },
    { title: '普通文章', link: `${server.url}/a/2`, pubDate: Date.UTC(2025, 0, 2), body: '<p>2</p>', categories: ['网络民议'] },
    { title: '广告：赞助', link: `${server.url}/a/3`, pubDate: Date.UTC(2025, 0, 3), body: '<p>3</p>', categories: ['★推广'] },
  ];
  server.route('/cdt.xml', body(rss(items)));
  const root = tempDir(t);
  const write = (rules: string): void =>
    fs.writeFileSync(path.join(root, 'newsmirror.yaml'), config([{ id: 'cdt', name: '中国数字时代', feed: `${server.url}/cdt.xml`, extra: rules }]));

  write('    include: { category: "★" }\n    exclude: { title: "^广告" }\n');
  const first = await runCli(['run', '--archive', root, '--json']);
  assert.equal(first.code, 0, first.stderr);
  const report = JSON.parse(first.stdout) as Report;
  assert.deepEqual(report.sources[0]?.written.map((w) => w.title), ['标记的文章']);
  assert.equal(report.sources[0]?.filtered, 2);

  write('    exclude: { title: "^广告" }\n');
  const second = await runCli(['run', '--archive', root, '--json']);
  assert.equal(second.code, 0, second.stderr);
  assert.deepEqual((JSON.parse(second.stdout) as Report).sources[0]?.written.map((w) => w.title), ['普通文章']);

  write('    include: { category: "(" }\n');
  const bad = await runCli(['run', '--archive', root]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /newsmirror\.yaml:\d+: sources\[0\]\.include\.category: not a regular expression/);
});

test('imageProxy (global default, per-source override, none) rewrites image URLs of the bodies it archives', async (t) => {
  const server = await startServer(t);
  const feedBody = '<p>图</p><img src="/img/a.jpg" srcset="//cdn.test/b.jpg 2x"><img src="data:image/gif;base64,R0lGOD">';
  const feed = rss([{ title: '图片', link: `${server.url}/story/1`, pubDate: Date.UTC(2025, 0, 1), body: feedBody }]);
  server.route('/a.xml', body(feed));
  server.route('/b.xml', body(feed));
  const root = tempDir(t);
  fs.writeFileSync(
    path.join(root, 'newsmirror.yaml'),
    config(
      [
        { id: 'a', name: 'A', feed: `${server.url}/a.xml` },
        { id: 'b', name: 'B', feed: `${server.url}/b.xml`, extra: '    imageProxy: none\n' },
      ],
      'imageProxy: "https://images.weserv.nl/?url={url}"\n',
    ),
  );
  const result = await runCli(['run', '--archive', root]);
  assert.equal(result.code, 0, result.stderr);
  const bodyOf = (id: string): string => fs.readFileSync(path.join(root, `articles/${id}/1048574.md`), 'utf8').split('\n')[4] ?? '';
  // The protocol-relative srcset URL takes the page's scheme (http on this loopback server).
  const proxied = (url: string): string => `https://images.weserv.nl/?url=${encodeURIComponent(url)}`;
  assert.equal(
    bodyOf('a'),
    `<p>图</p><img src="${proxied(`${server.url}/img/a.jpg`)}" srcset="${proxied('http://cdn.test/b.jpg')} 2x"><img src="data:image/gif;base64,R0lGOD">`,
  );
  assert.equal(bodyOf('b'), feedBody, 'none keeps the body as published');

  const yaml = path.join(root, 'newsmirror.yaml');
  fs.writeFileSync(yaml, fs.readFileSync(yaml, 'utf8').replace('{url}', ''));
  const bad = await runCli(['run', '--archive', root]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /imageProxy: must be "none" or a URL template containing \{url\}/);
});
