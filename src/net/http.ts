import { STATUS_CODES, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { parseRetryAfter } from './backoff.js';
import { readCappedBody } from './body.js';
import { UnsupportedEncodingError } from './decompress.js';
import { AttemptError, describeError, errorCode } from './errors.js';
import { isRedirect } from './redirect.js';
import { ConnectTimeoutError, type Transport } from './transport.js';

export interface Validators {
  etag?: string;
  lastModified?: string;
}

export interface HopRequest {
  url: URL;
  transport: Transport;
  headers: Record<string, string>;
  /** Whether conditional headers were sent, which is the only case a 304 is expected. */
  conditional: boolean;
  timeoutMs: number;
  maxBodyBytes: number;
  signal?: AbortSignal;
}

export type HopResult =
  | { kind: 'body'; bytes: Buffer; contentType: string | undefined; validators: Validators }
  | { kind: 'not-modified' }
  | { kind: 'redirect'; status: number; location: string | undefined };

// Redirect and error bodies are thrown away; reading a little keeps the connection reusable.
const DISCARD_LIMIT = 64 * 1024;

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function statusLine(status: number, statusText: string | undefined): string {
  const text = statusText?.trim() || STATUS_CODES[status] || '';
  return text ? `HTTP ${status} ${text}` : `HTTP ${status}`;
}

/** Reads and drops a little of a body we do not want, so the connection stays reusable; more is cut off. */
function discard(body: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    body.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > DISCARD_LIMIT) body.destroy();
    });
    body.once('end', resolve);
    body.once('close', resolve);
    body.once('error', () => resolve());
  });
}

/** Turns whatever node:http, zlib or an abort threw into an AttemptError with a readable cause. */
function classify(err: unknown, req: HopRequest, state: { timedOut: boolean; gotHeaders: boolean }): AttemptError {
  if (err instanceof AttemptError) return err;
  const url = req.url.href;
  // Our own flags first: after an abort, node:http reports a generic abort error whatever the cause.
  if (req.signal?.aborted) return new AttemptError('aborted', url, 'aborted', { cause: err });
  if (state.timedOut) {
    const phase = state.gotHeaders ? 'response headers received, body incomplete' : 'no response';
    return new AttemptError('timeout', url, `timed out after ${req.timeoutMs} ms (${phase})`, { cause: err });
  }
  if (err instanceof UnsupportedEncodingError) return new AttemptError('http', url, err.message, { cause: err });
  if (err instanceof ConnectTimeoutError) return new AttemptError('timeout', url, err.message, { cause: err });
  const code = errorCode(err);
  // zlib errors are Z_*; brotli's are ERR__ followed by the decoder's error name.
  if (code?.startsWith('Z_') || code?.startsWith('ERR__')) {
    return new AttemptError('network', url, `could not decompress the body (${describeError(err)})`, { cause: err });
  }
  const prefix = code && !describeError(err).includes(code) ? `${code}: ` : '';
  return new AttemptError('network', url, `network error: ${prefix}${describeError(err)}`, { cause: err });
}

/**
 * Exactly one HTTP exchange with one URL: no redirects followed, no retries. The timer
 * covers headers and the whole body, so a server trickling bytes cannot stall a run.
 */
export async function requestOnce(req: HopRequest): Promise<HopResult> {
  const url = req.url.href;
  const controller = new AbortController();
  const state = { timedOut: false, gotHeaders: false };
  const timer = setTimeout(() => {
    state.timedOut = true;
    controller.abort();
  }, req.timeoutMs);
  const onCallerAbort = (): void => controller.abort();
  req.signal?.addEventListener('abort', onCallerAbort, { once: true });
  let body: IncomingMessage | undefined;
  try {
    req.signal?.throwIfAborted();
    const res = await req.transport.get(req.url, req.headers, controller.signal);
    state.gotHeaders = true;
    body = res;
    const status = res.statusCode ?? 0;

    if (isRedirect(status)) {
      await discard(body);
      return { kind: 'redirect', status, location: header(res.headers, 'location') };
    }
    if (status === 304 && req.conditional) {
      await discard(body);
      return { kind: 'not-modified' };
    }
    if (status < 200 || status >= 300) {
      await discard(body);
      let retryAfterMs: number | undefined;
      if (status === 429 || status === 503) retryAfterMs = parseRetryAfter(header(res.headers, 'retry-after'));
      const detail = statusLine(status, res.statusMessage) + (status === 304 ? ' (no validators were sent)' : '');
      throw new AttemptError('http', url, detail, { status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
    }

    // Cheap early exit; the streaming check below is what actually enforces the cap.
    const declared = Number(header(res.headers, 'content-length'));
    if (Number.isFinite(declared) && declared > req.maxBodyBytes) {
      throw new AttemptError('too-large', url, `body larger than ${req.maxBodyBytes} bytes`, { status });
    }
    const read = await readCappedBody(body, header(res.headers, 'content-encoding'), req.maxBodyBytes);
    if (!read.ok) throw new AttemptError('too-large', url, `body larger than ${req.maxBodyBytes} bytes`, { status });

    const validators: Validators = {};
    const etag = header(res.headers, 'etag');
    const lastModified = header(res.headers, 'last-modified');
    if (etag) validators.etag = etag;
    if (lastModified) validators.lastModified = lastModified;
    return { kind: 'body', bytes: read.bytes, contentType: header(res.headers, 'content-type'), validators };
  } catch (err) {
    const failure = classify(err, req, state);
    // Aborting kills the socket mid-body, so the server stops sending and the
    // connection is not returned to the pool half-read.
    controller.abort();
    body?.destroy();
    throw failure;
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener('abort', onCallerAbort);
  }
}
