import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FetchError, Fetcher } from '../../src/net/index.js';
import { startServer, type Handler } from './server.js';

type RetryCall = { attempt: number; delayMs: number; reason: string };

/** Runs `body` against a fresh server and fetcher, always cleaning both up. */
async function withServer(handler: Handler, options: ConstructorParameters<typeof Fetcher>[0], body: (base: string, fetcher: Fetcher) => Promise<void>): Promise<void> {
  const srv = await startServer(handler);
  const fetcher = new Fetcher({ retryBaseMs: 5, ...options });
  try {
    await body(srv.url, fetcher);
  } finally {
    await fetcher.close();
    await srv.close();
  }
}

function isFetchError(err: unknown): FetchError {
  assert.ok(err instanceof FetchError, `expected FetchError, got ${String(err)}`);
  return err;
}

test('500 then 200: the retry succeeds and onRetry is told why', async () => {
  let hits = 0;
  const handler: Handler = (_req, res) => {
    hits++;
    res.writeHead(hits === 1 ? 500 : 200);
    res.end(hits === 1 ? 'oops' : 'fine');
  };
  await withServer(handler, {}, async (base, fetcher) => {
    const calls: RetryCall[] = [];
    const out = await fetcher.fetch(`${base}/feed`, { onRetry: (info) => calls.push(info) });
    assert.ok(out.kind === 'ok');
    assert.equal(out.text, 'fine');
    assert.equal(hits, 2);
    assert.equal(calls.length, 1);
    assert.equal(calls[0]?.attempt, 1);
    assert.ok((calls[0]?.delayMs ?? -1) >= 0 && (calls[0]?.delayMs ?? 99) < 5);
    assert.equal(calls[0]?.reason, `${base}/feed: HTTP 500 Internal Server Error`);
  });
});

test('500 forever: gives up after retries + 1 attempts with a clear message', async () => {
  let hits = 0;
  const handler: Handler = (_req, res) => {
    hits++;
    res.writeHead(500);
    res.end();
  };
  await withServer(handler, { retries: 3 }, async (base, fetcher) => {
    const calls: RetryCall[] = [];
    const err = isFetchError(await fetcher.fetch(`${base}/feed.xml`, { onRetry: (i) => calls.push(i) }).catch((e: unknown) => e));
    assert.equal(err.kind, 'http');
    assert.equal(err.status, 500);
    assert.equal(err.attempts, 4);
    assert.equal(err.url, `${base}/feed.xml`);
    assert.equal(err.message, `${base}/feed.xml: HTTP 500 Internal Server Error after 4 attempts`);
    assert.equal(hits, 4);
    assert.deepEqual(calls.map((c) => c.attempt), [1, 2, 3]);
  });
});

test('404 is not retried', async () => {
  let hits = 0;
  const handler: Handler = (_req, res) => {
    hits++;
    res.writeHead(404);
    res.end('nope');
  };
  await withServer(handler, { retries: 3 }, async (base, fetcher) => {
    const err = isFetchError(await fetcher.fetch(`${base}/gone`).catch((e: unknown) => e));
    assert.equal(err.kind, 'http');
    assert.equal(err.status, 404);
    assert.equal(err.attempts, 1);
    assert.equal(err.message, `${base}/gone: HTTP 404 Not Found`);
    assert.equal(hits, 1);
  });
});

test('429 with Retry-After: 1 waits about a second, then succeeds', async () => {
  let hits = 0;
  const handler: Handler = (_req, res) => {
    hits++;
    if (hits === 1) {
      res.writeHead(429, { 'retry-after': '1' });
      res.end();
      return;
    }
    res.end('ok');
  };
  await withServer(handler, { retryBaseMs: 1 }, async (base, fetcher) => {
    const calls: RetryCall[] = [];
    const started = Date.now();
    const out = await fetcher.fetch(`${base}/feed`, { onRetry: (i) => calls.push(i) });
    const elapsed = Date.now() - started;
    assert.equal(out.kind, 'ok');
    assert.equal(calls[0]?.delayMs, 1000);
    assert.ok(elapsed >= 950, `only waited ${elapsed} ms`);
    assert.ok(elapsed < 3000, `waited ${elapsed} ms`);
  });
});

test('503 with a Retry-After beyond 5 minutes fails at once', async () => {
  let hits = 0;
  const handler: Handler = (_req, res) => {
    hits++;
    res.writeHead(503, { 'retry-after': '3600' });
    res.end();
  };
  await withServer(handler, { retries: 3 }, async (base, fetcher) => {
    const started = Date.now();
    const err = isFetchError(await fetcher.fetch(`${base}/busy`).catch((e: unknown) => e));
    assert.ok(Date.now() - started < 1000);
    assert.equal(hits, 1);
    assert.equal(err.attempts, 1);
    assert.equal(err.status, 503);
    assert.match(err.message, /HTTP 503 Service Unavailable; server asked to retry after 3600 s, more than the 300 s limit/);
  });
});

test('a server that never answers times out', async () => {
  let hits = 0;
  const handler: Handler = () => {
    hits++; // never respond
  };
  await withServer(handler, { timeoutMs: 300, retries: 1 }, async (base, fetcher) => {
    const started = Date.now();
    const err = isFetchError(await fetcher.fetch(`${base}/hang`).catch((e: unknown) => e));
    const elapsed = Date.now() - started;
    assert.equal(err.kind, 'timeout');
    assert.equal(err.attempts, 2, 'timeouts are retried');
    assert.equal(hits, 2);
    assert.equal(err.message, `${base}/hang: timed out after 300 ms (no response) after 2 attempts`);
    assert.ok(elapsed >= 590 && elapsed < 2000, `elapsed ${elapsed}`);
  });
});

test('the timeout also covers a body that trickles in', async () => {
  const handler: Handler = (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    const timer = setInterval(() => res.write('.'), 50);
    res.on('close', () => clearInterval(timer));
  };
  await withServer(handler, { timeoutMs: 300, retries: 0 }, async (base, fetcher) => {
    const err = isFetchError(await fetcher.fetch(`${base}/slow`).catch((e: unknown) => e));
    assert.equal(err.kind, 'timeout');
    assert.equal(err.message, `${base}/slow: timed out after 300 ms (response headers received, body incomplete)`);
  });
});

test('connection refused is a retried network error', async () => {
  const srv = await startServer(() => {});
  const url = `${srv.url}/feed`;
  await srv.close();
  const fetcher = new Fetcher({ retries: 2, retryBaseMs: 1 });
  try {
    const err = isFetchError(await fetcher.fetch(url).catch((e: unknown) => e));
    assert.equal(err.kind, 'network');
    assert.equal(err.attempts, 3);
    assert.match(err.message, new RegExp(`^${url.replace(/[.]/g, '\\.')}: network error: .*ECONNREFUSED.* after 3 attempts$`));
  } finally {
    await fetcher.close();
  }
});

test('the caller can abort, during a request or a retry wait', async () => {
  const handler: Handler = (req, res) => {
    if (req.url === '/busy') {
      res.writeHead(503, { 'retry-after': '10' });
      res.end();
    } // else hang
  };
  await withServer(handler, { retries: 3 }, async (base, fetcher) => {
    const during = isFetchError(await fetcher.fetch(`${base}/hang`, { signal: AbortSignal.timeout(100) }).catch((e: unknown) => e));
    assert.equal(during.kind, 'aborted');
    assert.equal(during.attempts, 1);
    const started = Date.now();
    const waiting = isFetchError(await fetcher.fetch(`${base}/busy`, { signal: AbortSignal.timeout(200) }).catch((e: unknown) => e));
    assert.equal(waiting.kind, 'aborted');
    assert.ok(Date.now() - started < 2000);
    assert.equal(waiting.attempts, 1);
  });
});
