import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { test } from 'node:test';
import zlib from 'node:zlib';
import { FetchError, Fetcher } from '../../src/net/index.js';
import { startServer, type Handler } from './server.js';

const MB = 1024 * 1024;

function isFetchError(err: unknown): FetchError {
  assert.ok(err instanceof FetchError, `expected FetchError, got ${String(err)}`);
  return err;
}

/** Streams `total` bytes with backpressure; resolves with whether the client hung up first. */
function streamBytes(res: ServerResponse, total: number): Promise<{ clientClosed: boolean; sent: number }> {
  return new Promise((resolve) => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    res.on('close', () => resolve({ clientClosed: !res.writableFinished, sent }));
    const pump = (): void => {
      while (sent < total && !res.destroyed) {
        sent += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      if (sent >= total) res.end();
    };
    pump();
  });
}

test('a 30 MB body hits the default cap and the request is aborted', async () => {
  let serverSide: Promise<{ clientClosed: boolean; sent: number }> | undefined;
  // No content-length, so only the streaming check can catch it.
  const srv = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    serverSide = streamBytes(res, 30 * MB);
  });
  const fetcher = new Fetcher({ retryBaseMs: 5 });
  try {
    const err = isFetchError(await fetcher.fetch(`${srv.url}/huge`).catch((e: unknown) => e));
    assert.equal(err.kind, 'too-large');
    assert.equal(err.attempts, 1, 'too-large is not retried');
    assert.equal(err.message, `${srv.url}/huge: body larger than 20971520 bytes`);
    const seen = await serverSide;
    assert.equal(seen?.clientClosed, true, 'server should see the socket closed before it finished');
    assert.ok((seen?.sent ?? Infinity) < 30 * MB);
  } finally {
    await fetcher.close();
    await srv.close();
  }
});

test('a Content-Length over the cap is rejected before reading the body', async () => {
  let closed: Promise<boolean> | undefined;
  const srv = await startServer((_req, res) => {
    res.writeHead(200, { 'content-length': String(30 * MB) });
    res.write(Buffer.alloc(1024));
    closed = new Promise((resolve) => res.on('close', () => resolve(!res.writableFinished)));
  });
  const fetcher = new Fetcher({ timeoutMs: 5000 });
  try {
    const started = Date.now();
    const err = isFetchError(await fetcher.fetch(`${srv.url}/declared`).catch((e: unknown) => e));
    assert.equal(err.kind, 'too-large');
    assert.ok(Date.now() - started < 1000, 'should not wait for the body');
    assert.equal(await closed, true);
  } finally {
    await fetcher.close();
    await srv.close();
  }
});

test('a gzip bomb is caught on the decompressed size', async () => {
  const bomb = zlib.gzipSync(Buffer.alloc(64 * MB), { level: 9 });
  assert.ok(bomb.length < 1 * MB, 'compressed size is well under the cap');
  const srv = await startServer((_req, res) => {
    res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
    res.end(bomb);
  });
  const fetcher = new Fetcher();
  try {
    const err = isFetchError(await fetcher.fetch(`${srv.url}/bomb`).catch((e: unknown) => e));
    assert.equal(err.kind, 'too-large');
    assert.match(err.message, /body larger than 20971520 bytes$/);
    const small = new Fetcher({ maxBodyBytes: 1000 });
    try {
      await assert.rejects(small.fetch(`${srv.url}/bomb`), { kind: 'too-large', message: `${srv.url}/bomb: body larger than 1000 bytes` });
    } finally {
      await small.close();
    }
  } finally {
    await fetcher.close();
    await srv.close();
  }
});

test('per-host limit: 6 parallel fetches never exceed 2 in flight', async () => {
  let inFlight = 0;
  let peak = 0;
  const handler: Handler = (_req, res) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    setTimeout(() => {
      inFlight--;
      res.end('ok');
    }, 80);
  };
  const srv = await startServer(handler);
  const fetcher = new Fetcher({ perHost: 2 });
  try {
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => fetcher.fetch(`${srv.url}/item/${i}`)));
    assert.ok(results.every((r) => r.kind === 'ok'));
    assert.equal(peak, 2);
    // Three waves of two: proves requests queued rather than ran serially or all at once.
    assert.ok(Date.now() - started >= 3 * 80 - 10);
  } finally {
    await fetcher.close();
    await srv.close();
  }
});

test('a request waiting to retry does not hold its host slot', async () => {
  let flakyHits = 0;
  const srv = await startServer((req, res) => {
    if (req.url === '/flaky' && ++flakyHits === 1) {
      res.writeHead(503, { 'retry-after': '1' });
      res.end();
      return;
    }
    res.end(req.url);
  });
  const fetcher = new Fetcher({ perHost: 1 });
  try {
    let retrying!: () => void;
    const retryStarted = new Promise<void>((resolve) => (retrying = resolve));
    const order: string[] = [];
    const flaky = fetcher.fetch(`${srv.url}/flaky`, { onRetry: () => retrying() }).then(() => order.push('flaky'));
    await retryStarted;
    await fetcher.fetch(`${srv.url}/other`).then(() => order.push('other'));
    await flaky;
    assert.deepEqual(order, ['other', 'flaky']);
  } finally {
    await fetcher.close();
    await srv.close();
  }
});
