import type { Readable, Transform } from 'node:stream';
import zlib from 'node:zlib';

export class UnsupportedEncodingError extends Error {
  constructor(readonly encoding: string) {
    super(`unsupported content-encoding "${encoding}"`);
    this.name = 'UnsupportedEncodingError';
  }
}

/** The codings actually applied, outermost last, with no-op tokens removed. */
function parseCodings(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((token) => token.trim().toLowerCase())
    .filter((token) => token !== '' && token !== 'identity');
}

/**
 * Reads `n` bytes without consuming them, or fewer if the stream ends first.
 * Needed because "deflate" on the wire is zlib-wrapped per the RFC but raw from
 * some servers, and only the first two bytes tell which.
 */
function peek(stream: Readable, n: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      stream.off('readable', tryRead);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.off('close', onClose);
    };
    const finish = (chunk: Buffer): void => {
      cleanup();
      if (chunk.length > 0) stream.unshift(chunk);
      resolve(chunk);
    };
    const tryRead = (): void => {
      const chunk: unknown = stream.read(n);
      if (chunk !== null) finish(Buffer.from(chunk as Uint8Array));
    };
    const onEnd = (): void => finish(Buffer.alloc(0));
    const onError = (err: unknown): void => {
      cleanup();
      reject(err);
    };
    // A destroy() without an error emits neither 'end' nor 'error'; don't wait forever.
    const onClose = (): void => onError(new Error('response body closed before any data arrived'));
    stream.on('readable', tryRead);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}

/** RFC 1950 header: CM = 8 (deflate) and the 16-bit header is a multiple of 31. */
function isZlibHeader(head: Buffer): boolean {
  const cmf = head[0];
  const flg = head[1];
  if (cmf === undefined || flg === undefined) return false;
  return (cmf & 0x0f) === 8 && ((cmf << 8) | flg) % 31 === 0;
}

/**
 * A decompressing stream for the response's Content-Encoding, or null when the body
 * is not encoded. Only one coding is supported: stacked codings never occur for the
 * single Accept-Encoding value we send, and supporting them would complicate the
 * raw-vs-zlib sniffing for little gain.
 */
export async function createDecompressor(contentEncoding: string | undefined, body: Readable): Promise<Transform | null> {
  const codings = parseCodings(contentEncoding);
  if (codings.length === 0) return null;
  if (codings.length > 1) throw new UnsupportedEncodingError(codings.join(', '));
  const coding = codings[0] as string;
  // Flush modes tolerate truncated-but-otherwise-valid bodies the way browsers do.
  const lenient = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip(lenient);
    case 'br':
      return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
    case 'deflate': {
      const head = await peek(body, 2);
      return isZlibHeader(head) ? zlib.createInflate(lenient) : zlib.createInflateRaw(lenient);
    }
    default:
      throw new UnsupportedEncodingError(coding);
  }
}
