import { open, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { FetchError, describeError, errorCode } from './errors.js';

/**
 * Reads a file:// URL under the same size cap as HTTP bodies. Local files get no
 * retries: a missing or unreadable file will not fix itself a second later.
 */
export async function readFileUrl(url: URL, maxBytes: number, signal?: AbortSignal): Promise<Buffer> {
  const href = url.href;
  let filePath: string;
  try {
    filePath = fileURLToPath(url);
  } catch (err) {
    throw new FetchError('io', href, `not a local file URL (${describeError(err)})`, { cause: err });
  }
  const fail = (kind: 'not-found' | 'io' | 'too-large' | 'aborted', detail: string, cause?: unknown): FetchError =>
    new FetchError(kind, href, detail, { subject: filePath, cause });

  if (signal?.aborted) throw fail('aborted', 'aborted');
  // Checked before opening: opening a FIFO blocks a thread until a writer comes, and a device such as
  // /dev/zero reports size 0 and never ends.
  try {
    const before = await stat(filePath);
    if (before.isDirectory()) throw fail('io', 'is a directory, not a file');
    if (!before.isFile()) throw fail('io', 'is not a regular file');
  } catch (err) {
    if (err instanceof FetchError) throw err;
    const code = errorCode(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw fail('not-found', 'no such file', err);
    throw fail('io', `cannot open (${describeError(err)})`, err);
  }
  let handle;
  try {
    handle = await open(filePath, 'r');
  } catch (err) {
    const code = errorCode(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw fail('not-found', 'no such file', err);
    throw fail('io', `cannot open (${describeError(err)})`, err);
  }
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw fail('io', 'is a directory, not a file');
    if (stats.size > maxBytes) throw fail('too-large', `file larger than ${maxBytes} bytes (${stats.size} bytes)`);
    const bytes = await handle.readFile(signal ? { signal } : {});
    // The file may have grown since the stat.
    if (bytes.length > maxBytes) throw fail('too-large', `file larger than ${maxBytes} bytes`);
    return bytes;
  } catch (err) {
    if (err instanceof FetchError) throw err;
    if (signal?.aborted) throw fail('aborted', 'aborted', err);
    throw fail('io', `cannot read (${describeError(err)})`, err);
  } finally {
    await handle.close();
  }
}
