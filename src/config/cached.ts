/**
 * Loads the config through a cache of the validated result, keyed on the file's text and the schema. YAML and
 * zod are loaded only on a miss: together they were a quarter of a run with nothing new (about 45 ms of
 * compiling and first-call work, measured), and the config changes far less often than runs happen.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../archive/atomic.js';
import { ConfigError } from './errors.js';
import { SCHEMA_FINGERPRINT } from './fingerprint.js';
import type { LoadedConfig } from './load.js';
import type { Config } from './schema.js';

interface CacheFile {
  key: string;
  config: Config;
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(code === 'ENOENT' ? `${file}: no such config file (create one with the keys in the README's configuration reference)` : `${file}: ${(error as Error).message}`);
  }
}

export async function loadConfigCached(file: string, cacheDir: string): Promise<LoadedConfig> {
  const text = readText(file);
  const dir = path.dirname(path.resolve(file));
  const key = createHash('sha256').update(SCHEMA_FINGERPRINT).update('\0').update(path.resolve(file)).update('\0').update(text).digest('base64url');
  const cacheFile = path.join(cacheDir, 'config.json');
  try {
    const cached = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as CacheFile;
    if (cached.key === key) return { file, dir, config: cached.config };
  } catch {
    // No cache or an unreadable one: validate below.
  }
  const { parseConfig } = await import('./load.js');
  const config = parseConfig(text, file);
  try {
    writeFileAtomic(cacheFile, JSON.stringify({ key, config } satisfies CacheFile));
  } catch {
    // A read-only archive still runs; it only pays for validation every time.
  }
  return { file, dir, config };
}
