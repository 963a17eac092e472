/**
 * One article page, fetched and extracted: shared by `fullText: page` and `newsmirror add`.
 */
import { extractArticle, type Extracted } from '../extract/extract.js';
import type { Fetcher } from '../net/index.js';

export interface ArticlePage extends Extracted {
  /** Final URL after redirects. */
  url: string;
}

export class ArticlePageError extends Error {}

const HTML_TYPE = /^\s*(text\/html|application\/xhtml\+xml)\b/i;

export async function fetchArticle(fetcher: Fetcher, url: string, minText: number, signal?: AbortSignal): Promise<ArticlePage> {
  const outcome = await fetcher.fetch(url, { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1', ...(signal ? { signal } : {}) });
  if (outcome.kind !== 'ok') throw new ArticlePageError(`${url}: the server sent no page`);
  if (outcome.contentType !== undefined && !HTML_TYPE.test(outcome.contentType)) {
    throw new ArticlePageError(`${url}: not an HTML page (${outcome.contentType.split(';')[0]?.trim()})`);
  }
  const extracted = extractArticle(outcome.text, outcome.url, { minText });
  if (!extracted) throw new ArticlePageError(`${url}: no article found (less than ${minText} characters of text)`);
  return { ...extracted, url: outcome.url };
}
