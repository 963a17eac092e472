/**
 * The loopback feed server the bench starts: every feed body is rendered once, up front, and served from memory.
 *
 * `/a/<id>.xml` and `/b/<id>.xml` carry no validators (no ETag, no Last-Modified), so a nothing-new run can only
 * recognise an unchanged feed by hashing its body. `/etag/a/<id>.xml` serves feed A with a strong ETag and
 * answers a matching If-None-Match with 304.
 */
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { feedItems, renderFeed, type FeedName, type SourceSpec } from './workload.js';

export interface ServerCounts {
  requests: number;
  ok: number;
  notModified: number;
  other: number;
  bytes: number;
}

export interface FeedServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Feed URL of a source: `etag` for the variant that sends validators. */
  feedUrl(source: SourceSpec, feed: FeedName, etag?: boolean): string;
  /** Bytes of every feed body, by feed. */
  sizes: Record<FeedName, number>;
  /** Counts since the last reset. */
  counts(): ServerCounts;
  reset(): void;
  close(): Promise<void>;
}

interface Entry {
  bytes: Buffer;
  etag: string;
}

const emptyCounts = (): ServerCounts => ({ requests: 0, ok: 0, notModified: 0, other: 0, bytes: 0 });

export async function startFeedServer(sources: SourceSpec[]): Promise<FeedServer> {
  const feeds = new Map<string, Entry>();
  const sizes: Record<FeedName, number> = { a: 0, b: 0 };
  for (const feed of ['a', 'b'] as const) {
    for (const source of sources) {
      const bytes = Buffer.from(renderFeed(source, feedItems(source, feed)), 'utf8');
      const etag = `"${createHash('sha1').update(bytes).digest('hex')}"`;
      feeds.set(`/${feed}/${source.id}.xml`, { bytes, etag });
      sizes[feed] += bytes.length;
    }
  }

  let counts = emptyCounts();
  const server = http.createServer((req, res) => {
    counts.requests += 1;
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    const withEtag = pathname.startsWith('/etag/');
    const entry = feeds.get(withEtag ? pathname.slice('/etag'.length) : pathname);
    if (!entry || req.method !== 'GET') {
      counts.other += 1;
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (withEtag && req.headers['if-none-match'] === entry.etag) {
      counts.notModified += 1;
      res.writeHead(304, { etag: entry.etag }).end();
      return;
    }
    counts.ok += 1;
    counts.bytes += entry.bytes.length;
    res.writeHead(200, {
      'content-type': 'application/rss+xml; charset=utf-8',
      'content-length': entry.bytes.length,
      ...(withEtag ? { etag: entry.etag } : {}),
    });
    res.end(entry.bytes);
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    feedUrl: (source, feed, etag = false) => `${origin}${etag ? '/etag' : ''}/${feed}/${source.id}.xml`,
    sizes,
    counts: () => ({ ...counts }),
    reset: () => {
      counts = emptyCounts();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
