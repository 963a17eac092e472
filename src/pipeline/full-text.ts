/**
 * Bodies for new items whose feed carries only a summary (DESIGN 5): the article page is fetched through the
 * same net layer (limits, retries, charset, per-host concurrency) and its body extracted. An item whose page
 * fails or yields too little text is not archived empty: it is reported, and stays new for the next run.
 */
import type { Candidate } from '../archive/store.js';
import { countText } from '../extract/text.js';
import type { Fetcher } from '../net/index.js';

export type FullTextMode = 'feed' | 'page' | 'auto';

export interface FullTextSettings {
  fullText: FullTextMode;
  /** Characters of text (white space not counted) a body needs to count as the article. */
  minText: number;
}

export interface Filled {
  ready: Candidate[];
  failed: { url: string; reason: string }[];
}

/**
 * Text characters of an HTML fragment, counted as extraction counts them (countText), after dropping markup
 * with a regex rather than a DOM: cheap enough to run on every new item for the `auto` decision.
 */
export function textLength(html: string): number {
  return countText(
    html
      .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
      .replace(/<[^>]*>/g, '')
      .replace(/&(?:#\d+|#x[\da-f]+|\w+);/gi, 'x'),
  );
}

function needsPage(candidate: Candidate, settings: FullTextSettings): boolean {
  if (settings.fullText === 'page') return true;
  return settings.fullText === 'auto' && textLength(candidate.body) < settings.minText;
}

/** Gives every candidate that needs one its page's body, keeping their order; the ones that fail are listed. */
export async function fillBodies(fetcher: Fetcher, candidates: Candidate[], settings: FullTextSettings, signal?: AbortSignal): Promise<Filled> {
  const wanted = candidates.filter((c) => needsPage(c, settings));
  if (wanted.length === 0) return { ready: candidates, failed: [] };
  // Loaded only by sources that read pages: linkedom and Readability are the heaviest modules here.
  const { fetchArticle } = await import('./article-page.js');
  const bodies = new Map<Candidate, string>();
  const failed: Filled['failed'] = [];
  await Promise.all(
    wanted.map(async (candidate) => {
      try {
        bodies.set(candidate, (await fetchArticle(fetcher, candidate.url, settings.minText, signal)).html);
      } catch (error) {
        failed.push({ url: candidate.url, reason: (error as Error).message });
      }
    }),
  );
  const ready = candidates.flatMap((c) => {
    if (!needsPage(c, settings)) return [c];
    const body = bodies.get(c);
    return body === undefined ? [] : [{ ...c, body }];
  });
  return { ready, failed };
}
