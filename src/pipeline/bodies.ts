/**
 * The last changes a body gets before it is written, each only where the source's config asks for it
 * (DESIGN 2.1: otherwise a feed body is kept exactly as published): outlet-rule cleaning, image proxying.
 */
import type { Candidate } from '../archive/store.js';
import type { Config, SourceConfig } from '../config/schema.js';

export async function finishBodies(candidates: Candidate[], source: SourceConfig, config: Config): Promise<Candidate[]> {
  const proxy = source.imageProxy ?? config.imageProxy;
  if (candidates.length === 0 || (proxy === 'none' && !source.clean)) return candidates;
  // Loaded only by sources that use them: htmlparser2, linkedom and their entity tables are not small.
  const { rewriteImages } = await import('../content/image-proxy.js');
  const { cleanFeedBody } = source.clean ? await import('../extract/clean-feed.js') : { cleanFeedBody: undefined };
  return candidates.map((c) => {
    let body = cleanFeedBody ? cleanFeedBody(c.body, c.url) : c.body;
    if (proxy !== 'none') body = rewriteImages(body, proxy, c.url);
    return body === c.body ? c : { ...c, body };
  });
}
