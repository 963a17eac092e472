/**
 * `newsmirror add <url>`: archive one article page now, like the archive-request bots of the field.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { writeFileAtomic } from '../archive/atomic.js';
import { LockedError } from '../archive/lock.js';
import { cacheDir } from '../archive/paths.js';
import { loadConfigCached } from '../config/cached.js';
import type { LoadedConfig } from '../config/load.js';
import type { SourceConfig } from '../config/schema.js';
import { addArticle, sourceForUrl } from '../pipeline/add-article.js';
import { NO_FEED } from '../pipeline/update.js';
import { ExitCode } from './exit-codes.js';
import type { Output } from './output.js';
import { UsageError } from './run.js';

export interface AddCommandOptions {
  url: string;
  source?: string;
  archive: string;
  config?: string;
  json: boolean;
}

/** The source for pages of no configured outlet: made on first use, filled only by `add`. */
const WEB_SOURCE = { id: 'web', name: '网页存档', feed: NO_FEED };

/** Appends the `web` source to the config file, keeping the operator's comments and layout. */
function addWebSource(file: string): void {
  const doc = parseDocument(fs.readFileSync(file, 'utf8'));
  const node = doc.createNode({ ...WEB_SOURCE });
  node.commentBefore = ' Pages archived with `newsmirror add` whose site has no source of its own.';
  doc.addIn(['sources'], node);
  writeFileAtomic(file, doc.toString());
}

async function chooseSource(loaded: LoadedConfig, url: URL, named: string | undefined, archive: string): Promise<{ loaded: LoadedConfig; source: SourceConfig }> {
  const source = await sourceForUrl(loaded.config, url, named);
  if (source) return { loaded, source };
  const web = loaded.config.sources.find((s) => s.id === WEB_SOURCE.id);
  if (web) return { loaded, source: web };
  addWebSource(loaded.file);
  const reloaded = await loadConfigCached(loaded.file, cacheDir(archive));
  const created = reloaded.config.sources.find((s) => s.id === WEB_SOURCE.id);
  if (!created) throw new Error(`${loaded.file}: could not add the "${WEB_SOURCE.id}" source`);
  return { loaded: reloaded, source: created };
}

export async function addCommand(options: AddCommandOptions, out: Output, signal?: AbortSignal): Promise<ExitCode> {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new UsageError(`"${options.url}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`"${options.url}" is not an http(s) URL`);
  const archive = path.resolve(options.archive);
  const first = await loadConfigCached(options.config ?? path.join(archive, 'newsmirror.yaml'), cacheDir(archive));
  const { loaded, source } = await chooseSource(first, url, options.source, archive);
  try {
    const result = await addArticle({ root: archive, config: loaded.config, url: url.href, source, ...(signal ? { signal } : {}) });
    const code = result.problems.length > 0 ? ExitCode.SomeFailed : ExitCode.Ok;
    if (options.json) out.stdout(JSON.stringify({ ...result, exitCode: code }, null, 2));
    else {
      out.stdout(result.file || `${url.href}: archived already (source ${result.source})`);
      if (result.status === 'known') out.stderr(`already archived in source ${result.source}`);
      for (const problem of result.problems) out.stderr(`error: ${problem}`);
    }
    return code;
  } catch (error) {
    if (error instanceof LockedError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (options.json) out.stdout(JSON.stringify({ status: 'failed', source: source.id, error: message, exitCode: ExitCode.SomeFailed }, null, 2));
    else out.stderr(`newsmirror: ${message}`);
    return ExitCode.SomeFailed;
  }
}
