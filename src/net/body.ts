import { pipeline, type Readable } from 'node:stream';
import { createDecompressor } from './decompress.js';

export type CappedBody = { ok: true; bytes: Buffer } | { ok: false; tooLarge: true };

/**
 * Reads the body, decompressing per Content-Encoding, and stops as soon as the
 * decompressed size passes `maxBytes`: counting after decompression is what defeats
 * gzip bombs. Returning early destroys the stream chain, which aborts the request.
 */
export async function readCappedBody(body: Readable, contentEncoding: string | undefined, maxBytes: number): Promise<CappedBody> {
  const decompressor = await createDecompressor(contentEncoding, body);
  // The callback form returns the last stream and destroys every stage on error or early
  // exit, so errors from the socket and from zlib both surface in the loop below.
  const source: Readable = decompressor ? pipeline(body, decompressor, () => {}) : body;
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) {
      source.destroy();
      body.destroy();
      return { ok: false, tooLarge: true };
    }
    chunks.push(chunk);
  }
  return { ok: true, bytes: Buffer.concat(chunks, total) };
}
