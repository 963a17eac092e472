import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import iconv from 'iconv-lite';
import { FetchError, Fetcher, resolveSourceLocation } from '../../src/net/index.js';

let dir: string;
const fetcher = new Fetcher();
const xml = '<?xml version="1.0" encoding="gb2312"?><rss><title>中文新闻</title></rss>';

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'newsmirror-net-'));
  await mkdir(path.join(dir, 'feeds'));
  await writeFile(path.join(dir, 'feeds', 'a.xml'), iconv.encode(xml, 'gbk'));
});

after(async () => {
  await fetcher.close();
  await rm(dir, { recursive: true, force: true });
});

test('resolveSourceLocation keeps URLs and turns paths into file URLs', () => {
  assert.equal(resolveSourceLocation('https://example.com/rss', '/base'), 'https://example.com/rss');
  assert.equal(resolveSourceLocation('HTTP://example.com/rss', '/base'), 'HTTP://example.com/rss');
  assert.equal(resolveSourceLocation('file:///srv/feed.xml', '/base'), 'file:///srv/feed.xml');
  assert.equal(resolveSourceLocation('feeds/a.xml', '/base/dir'), 'file:///base/dir/feeds/a.xml');
  assert.equal(resolveSourceLocation('../x y.xml', '/base/dir'), 'file:///base/x%20y.xml');
  assert.equal(resolveSourceLocation('/abs/feed.xml', '/base'), 'file:///abs/feed.xml');
});

test('a relative path read through resolveSourceLocation is decoded by its declaration', async () => {
  const url = resolveSourceLocation('feeds/a.xml', dir);
  const out = await fetcher.fetch(url);
  assert.ok(out.kind === 'ok');
  assert.equal(out.url, pathToFileURL(path.join(dir, 'feeds', 'a.xml')).href);
  assert.equal(out.text, xml);
  assert.equal(out.charset, 'gb18030');
  assert.equal(out.contentType, undefined);
  assert.deepEqual(out.validators, {});
});

test('a missing file is not-found, named by its path, and not retried', async () => {
  const missing = path.join(dir, 'nope.xml');
  const err = await fetcher.fetch(pathToFileURL(missing).href).catch((e: unknown) => e);
  assert.ok(err instanceof FetchError);
  assert.equal(err.kind, 'not-found');
  assert.equal(err.attempts, 1);
  assert.equal(err.message, `${missing}: no such file`);
  assert.equal(err.url, pathToFileURL(missing).href);
});

test('files honour maxBodyBytes, and directories are refused', async () => {
  const small = new Fetcher({ maxBodyBytes: 10 });
  try {
    await assert.rejects(small.fetch(resolveSourceLocation('feeds/a.xml', dir)), { kind: 'too-large' });
  } finally {
    await small.close();
  }
  await assert.rejects(fetcher.fetch(pathToFileURL(dir).href), { kind: 'io', message: `${dir}: is a directory, not a file` });
});

test('a FIFO or a device is refused at once instead of blocking or reading forever', async () => {
  const fifo = path.join(dir, 'feed.fifo');
  execFileSync('mkfifo', [fifo]);
  for (const target of [pathToFileURL(fifo).href, 'file:///dev/zero']) {
    await assert.rejects(fetcher.fetch(target), (error: unknown) => error instanceof FetchError && error.kind === 'io' && /not a regular file/.test(error.message));
  }
});
