/**
 * One article page, fetched and extracted: shared by `fullText: page` and `newsmirror add`.
 */
import { extractArticle } from '../extract/extract.js';
import type { Fetcher } from '../net/index.js';

export interface ArticlePage {
  /** Final URL after redirects. */
  url: string;
  html: string;
  text: string;
  /** og:title, else <title>, else the first h1. */
  title: string | undefined;
  /** article:published_time or the first time[datetime], epoch ms. */
  published: number | undefined;
}

export class ArticlePageError extends Error {}

const HTML_TYPE = /^\s*(text\/html|application\/xhtml\+xml)\b/i;

function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([\da-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&amp;/g, '&');
}

function meta(html: string, property: string): string | undefined {
  const tag = new RegExp(`<meta\\b[^>]*(?:property|name)=["']${property}["'][^>]*>`, 'i').exec(html)?.[0];
  const content = tag ? /\bcontent=(["'])([\s\S]*?)\1/i.exec(tag)?.[2] : undefined;
  return content === undefined ? undefined : decodeEntities(content).trim() || undefined;
}

function pageTitle(html: string): string | undefined {
  const fromTag = (pattern: RegExp): string | undefined => {
    const inner = pattern.exec(html)?.[1];
    return inner === undefined ? undefined : decodeEntities(inner.replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim() || undefined;
  };
  return meta(html, 'og:title') ?? fromTag(/<title\b[^>]*>([\s\S]*?)<\/title>/i) ?? fromTag(/<h1\b[^>]*>([\s\S]*?)<\/h1>/i);
}

function pagePublished(html: string): number | undefined {
  const text = meta(html, 'article:published_time') ?? /<time\b[^>]*\bdatetime=["']([^"']+)["']/i.exec(html)?.[1];
  const ms = text === undefined ? NaN : Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

export async function fetchArticle(fetcher: Fetcher, url: string, minText: number, signal?: AbortSignal): Promise<ArticlePage> {
  const outcome = await fetcher.fetch(url, { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1', ...(signal ? { signal } : {}) });
  if (outcome.kind !== 'ok') throw new ArticlePageError(`${url}: the server sent no page`);
  if (outcome.contentType !== undefined && !HTML_TYPE.test(outcome.contentType)) {
    throw new ArticlePageError(`${url}: not an HTML page (${outcome.contentType.split(';')[0]?.trim()})`);
  }
  const extracted = extractArticle(outcome.text, outcome.url, { minText });
  if (!extracted) throw new ArticlePageError(`${url}: no article found (less than ${minText} characters of text)`);
  return { url: outcome.url, html: extracted.html, text: extracted.text, title: pageTitle(outcome.text), published: pagePublished(outcome.text) };
}
