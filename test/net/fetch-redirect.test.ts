import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FetchError, Fetcher } from '../../src/net/index.js';
import { startServer, type TestServer } from './server.js';

let srv: TestServer;
let fetcher: Fetcher;
let hits = 0;

before(async () => {
  // /chain/N redirects N more times, alternating codes and relative/absolute Locations.
  srv = await startServer((req, res) => {
    hits++;
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const chain = /^\/chain\/(\d+)$/.exec(url.pathname);
    if (chain) {
      const left = Number(chain[1]);
      if (left === 0) return void res.end(`arrived ${url.search}`);
      const codes = [301, 302, 303, 307, 308];
      const location = left % 2 === 0 ? `${left - 1}${url.search}` : `/chain/${left - 1}${url.search}`;
      res.writeHead(codes[left % codes.length] ?? 302, { location });
      return void res.end('moved');
    }
    if (url.pathname === '/to-file') {
      res.writeHead(302, { location: 'file:///etc/passwd' });
      return void res.end();
    }
    if (url.pathname === '/no-location') {
      res.writeHead(302);
      return void res.end();
    }
    res.writeHead(404);
    res.end();
  });
  fetcher = new Fetcher({ retries: 2, retryBaseMs: 1 });
});

after(async () => {
  await fetcher.close();
  await srv.close();
});

test('a chain of 3 redirects is followed and the final URL returned', async () => {
  const out = await fetcher.fetch(`${srv.url}/chain/3?x=1`);
  assert.ok(out.kind === 'ok');
  assert.equal(out.url, `${srv.url}/chain/0?x=1`);
  assert.equal(out.text, 'arrived ?x=1');
});

test('exactly maxRedirects (5) is still fine', async () => {
  const out = await fetcher.fetch(`${srv.url}/chain/5`);
  assert.equal(out.url, `${srv.url}/chain/0`);
});

test('a chain of 6 fails with kind redirects and no retry', async () => {
  hits = 0;
  const err = await fetcher.fetch(`${srv.url}/chain/6`).catch((e: unknown) => e);
  assert.ok(err instanceof FetchError);
  assert.equal(err.kind, 'redirects');
  assert.equal(err.attempts, 1);
  assert.equal(hits, 6, 'stops after the sixth redirect response');
  assert.match(err.message, new RegExp(`^${srv.url}/chain/6: too many redirects \\(more than 5\\)`));
});

test('a lower maxRedirects is honoured', async () => {
  const strict = new Fetcher({ maxRedirects: 1 });
  try {
    await assert.rejects(strict.fetch(`${srv.url}/chain/2`), { kind: 'redirects' });
    assert.equal((await strict.fetch(`${srv.url}/chain/1`)).kind, 'ok');
  } finally {
    await strict.close();
  }
});

test('redirects to file:// or without Location are refused', async () => {
  await assert.rejects(fetcher.fetch(`${srv.url}/to-file`), (err: unknown) => {
    assert.ok(err instanceof FetchError);
    assert.equal(err.kind, 'redirects');
    assert.match(err.message, /redirect to unsupported URL file:\/\/\/etc\/passwd/);
    return true;
  });
  await assert.rejects(fetcher.fetch(`${srv.url}/no-location`), /HTTP 302 redirect without a Location header/);
});
