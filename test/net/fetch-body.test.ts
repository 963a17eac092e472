import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import { FetchError, Fetcher } from '../../src/net/index.js';
import { startServer, type TestServer } from './server.js';

const feed = '<?xml version="1.0" encoding="utf-8"?><rss><channel><title>新闻 news</title></channel></rss>';
// Incompressible-ish and multi-chunk, so the deflate sniffing must hand over a live stream.
const big = Buffer.from(Array.from({ length: 200_000 }, (_, i) => ((i * 7919) % 10007).toString(36)).join(' '));
const received: Record<string, string | undefined> = {};
let srv: TestServer;
let fetcher: Fetcher;

before(async () => {
  srv = await startServer((req, res) => {
    received['accept-encoding'] = req.headers['accept-encoding'];
    received['user-agent'] = req.headers['user-agent'];
    received.accept = req.headers.accept;
    const path = req.url ?? '/';
    const send = (body: Buffer, headers: Record<string, string>): void => {
      res.writeHead(200, { 'content-length': String(body.length), ...headers });
      res.end(body);
    };
    const xml = { 'content-type': 'application/rss+xml; charset=utf-8' };
    switch (path) {
      case '/plain':
        return send(Buffer.from(feed), xml);
      case '/gzip':
        return send(zlib.gzipSync(feed), { ...xml, 'content-encoding': 'gzip' });
      case '/br':
        return send(zlib.brotliCompressSync(feed), { ...xml, 'content-encoding': 'br' });
      case '/deflate-zlib':
        return send(zlib.deflateSync(feed), { ...xml, 'content-encoding': 'deflate' });
      case '/deflate-raw':
        return send(zlib.deflateRawSync(feed), { ...xml, 'content-encoding': 'deflate' });
      case '/deflate-big':
        return send(zlib.deflateRawSync(big), { 'content-encoding': 'deflate' });
      case '/deflate-empty':
        return send(Buffer.alloc(0), { 'content-encoding': 'deflate' });
      case '/bad-gzip':
        return send(Buffer.from('definitely not gzip'), { ...xml, 'content-encoding': 'gzip' });
      case '/gbk-decl':
        return send(iconv.encode('<?xml version="1.0" encoding="GBK"?><rss><title>中文新闻</title></rss>', 'gbk'), { 'content-type': 'application/xml' });
      case '/gbk-header':
        return send(iconv.encode('<rss><title>中文新闻</title></rss>', 'gbk'), { 'content-type': 'text/xml; charset="GB2312"' });
      case '/big5':
        return send(iconv.encode('<html><body>臺灣新聞</body></html>', 'big5'), { 'content-type': 'text/html; charset=big5' });
      case '/utf16':
        return send(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(feed, 'utf-16le')]), { 'content-type': 'application/xml' });
      case '/etag':
        if (req.headers['if-none-match'] === '"v1"' && req.headers['if-modified-since'] === 'Tue, 01 Jul 2025 00:00:00 GMT') {
          res.writeHead(304, { etag: '"v1"' });
          return res.end();
        }
        return send(Buffer.from(feed), { ...xml, etag: '"v1"', 'last-modified': 'Tue, 01 Jul 2025 00:00:00 GMT' });
      default:
        res.writeHead(404);
        res.end();
    }
  });
  fetcher = new Fetcher({ retries: 0 });
});

after(async () => {
  await fetcher.close();
  await srv.close();
});

test('200 plain: body, text, charset, content type, request headers', async () => {
  const out = await fetcher.fetch(`${srv.url}/plain`, { accept: 'application/rss+xml' });
  assert.equal(out.kind, 'ok');
  if (out.kind !== 'ok') return;
  assert.equal(out.url, `${srv.url}/plain`);
  assert.equal(out.text, feed);
  assert.deepEqual(out.bytes, Buffer.from(feed));
  assert.equal(out.charset, 'utf-8');
  assert.equal(out.contentType, 'application/rss+xml; charset=utf-8');
  assert.deepEqual(out.validators, {});
  assert.equal(received['accept-encoding'], 'gzip, deflate, br');
  assert.equal(received['user-agent'], 'newsmirror/0.1 (+https://github.com/newsmirror)');
  assert.equal(received.accept, 'application/rss+xml');
});

for (const path of ['/gzip', '/br', '/deflate-zlib', '/deflate-raw']) {
  test(`200 with content-encoding ${path.slice(1)} is decompressed`, async () => {
    const out = await fetcher.fetch(`${srv.url}${path}`);
    assert.equal(out.kind, 'ok');
    if (out.kind !== 'ok') return;
    assert.equal(out.text, feed);
    assert.deepEqual(out.bytes, Buffer.from(feed));
  });
}

test('deflate: a multi-chunk raw body and an empty body', async () => {
  const out = await fetcher.fetch(`${srv.url}/deflate-big`);
  assert.ok(out.kind === 'ok');
  assert.ok(out.bytes.length > 500_000);
  assert.ok(out.bytes.equals(big));
  const empty = await fetcher.fetch(`${srv.url}/deflate-empty`);
  assert.ok(empty.kind === 'ok');
  assert.equal(empty.bytes.length, 0);
  assert.equal(empty.text, '');
});

test('a corrupt compressed body is a clear error', async () => {
  await assert.rejects(fetcher.fetch(`${srv.url}/bad-gzip`), (err: unknown) => {
    assert.ok(err instanceof FetchError);
    assert.equal(err.kind, 'network');
    assert.match(err.message, /\/bad-gzip: could not decompress the body/);
    return true;
  });
});

test('GBK decoded from the XML declaration and from the Content-Type header', async () => {
  const byDecl = await fetcher.fetch(`${srv.url}/gbk-decl`);
  assert.ok(byDecl.kind === 'ok');
  assert.equal(byDecl.charset, 'gb18030');
  assert.match(byDecl.text, /<title>中文新闻<\/title>/);
  const byHeader = await fetcher.fetch(`${srv.url}/gbk-header`);
  assert.ok(byHeader.kind === 'ok');
  assert.equal(byHeader.charset, 'gb18030');
  assert.equal(byHeader.text, '<rss><title>中文新闻</title></rss>');
});

test('Big5 and UTF-16LE with BOM over HTTP', async () => {
  const big5 = await fetcher.fetch(`${srv.url}/big5`);
  assert.ok(big5.kind === 'ok');
  assert.equal(big5.charset, 'big5');
  assert.equal(big5.text, '<html><body>臺灣新聞</body></html>');
  const utf16 = await fetcher.fetch(`${srv.url}/utf16`);
  assert.ok(utf16.kind === 'ok');
  assert.equal(utf16.charset, 'utf-16le');
  assert.equal(utf16.text, feed);
});

test('conditional GET: validators returned, then 304 gives unchanged', async () => {
  const first = await fetcher.fetch(`${srv.url}/etag`);
  assert.ok(first.kind === 'ok');
  assert.deepEqual(first.validators, { etag: '"v1"', lastModified: 'Tue, 01 Jul 2025 00:00:00 GMT' });
  const second = await fetcher.fetch(`${srv.url}/etag`, { validators: first.validators });
  assert.deepEqual(second, { kind: 'unchanged', url: `${srv.url}/etag` });
  const stale = await fetcher.fetch(`${srv.url}/etag`, { validators: { etag: '"v0"' } });
  assert.equal(stale.kind, 'ok');
});

test('invalid and unsupported URLs are rejected without a request', async () => {
  await assert.rejects(fetcher.fetch('not a url'), { name: 'FetchError', message: 'not a url: invalid URL' });
  await assert.rejects(fetcher.fetch('ftp://example.com/feed'), /unsupported URL scheme ftp:/);
});
