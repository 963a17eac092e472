import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface TestServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:12345 */
  url: string;
  server: http.Server;
  close(): Promise<void>;
}

/** A loopback HTTP server on a free port; close() also drops hanging keep-alive sockets. */
export async function startServer(handler: Handler): Promise<TestServer> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
