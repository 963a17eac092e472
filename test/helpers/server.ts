/** A loopback HTTP server for tests: routes are plain functions of the request. */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface TestServer {
  url: string;
  /** Requests seen, by path. */
  hits: Map<string, number>;
  route(path: string, handler: Handler): void;
  close(): Promise<void>;
}

export async function startServer(t?: TestContext): Promise<TestServer> {
  const routes = new Map<string, Handler>();
  const hits = new Map<string, number>();
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(pathname, (hits.get(pathname) ?? 0) + 1);
    const handler = routes.get(pathname);
    if (handler) handler(req, res);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  t?.after(close);
  return { url: `http://127.0.0.1:${port}`, hits, route: (path, handler) => routes.set(path, handler), close };
}

/** A handler that serves a fixed body. */
export function body(text: string | Buffer, headers: http.OutgoingHttpHeaders = { 'content-type': 'application/rss+xml; charset=utf-8' }, status = 200): Handler {
  return (_req, res) => res.writeHead(status, headers).end(text);
}
