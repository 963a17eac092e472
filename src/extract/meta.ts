/**
 * What a page says about itself, for archiving a page that came with no feed item (`newsmirror add`):
 * its title and publication time.
 */

export interface PageMeta {
  /** og:title, else <title>, else the first h1. */
  title?: string;
  /** article:published_time, else the first time[datetime], as epoch ms. */
  published?: number;
}

function content(doc: Document, property: string): string | undefined {
  const value = doc.querySelector(`meta[property="${property}"], meta[name="${property}"]`)?.getAttribute('content')?.trim();
  return value ? value : undefined;
}

function text(element: Element | null): string | undefined {
  const value = element?.textContent?.replace(/\s+/g, ' ').trim();
  return value ? value : undefined;
}

/** Read before anything is removed from the document. */
export function readPageMeta(doc: Document): PageMeta {
  const title = content(doc, 'og:title') ?? text(doc.querySelector('title')) ?? text(doc.querySelector('h1'));
  const when = content(doc, 'article:published_time') ?? doc.querySelector('time[datetime]')?.getAttribute('datetime') ?? undefined;
  const published = when === undefined ? NaN : Date.parse(when);
  return { ...(title ? { title } : {}), ...(Number.isFinite(published) ? { published } : {}) };
}
