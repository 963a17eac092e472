/**
 * Feed text → FeedItems, for RSS 2.0, RSS 1.0 (RDF), Atom 1.0 and JSON Feed, with feedsmith. Pure.
 */
import { XMLValidator } from 'fast-xml-parser';
import { parseFeed } from 'feedsmith';
import { protectCdataComments } from './cdata-comments.js';
import { parseFeedDate } from './dates.js';
import { FeedParseError, type FeedFormat, type FeedItem, type ParsedFeed } from './types.js';

type Parsed = ReturnType<typeof parseFeed>;

/** What every format's entry reduces to before links are resolved. */
interface RawEntry {
  title?: string;
  link?: string;
  guid?: string;
  date?: string;
  body?: string;
  categories: string[];
}

function textOf(value: string | { value?: string } | undefined): string | undefined {
  return typeof value === 'string' ? value : value?.value;
}

function first(...values: unknown[]): string | undefined {
  return values.find((v): v is string => typeof v === 'string' && v.trim() !== '');
}

function rawEntries(parsed: Parsed): { title?: string; site?: string; entries: RawEntry[] } {
  switch (parsed.format) {
    case 'rss':
      return {
        title: parsed.feed.title,
        site: parsed.feed.link,
        entries: (parsed.feed.items ?? []).map((item) => ({
          title: first(item.title, item.dc?.titles?.[0]),
          link: first(item.link, item.guid?.isPermaLink !== false ? item.guid?.value : undefined),
          guid: item.guid?.value,
          date: first(item.pubDate, item.dc?.dates?.[0], item.dcterms?.modified?.[0]),
          body: first(item.content?.encoded, item.description),
          categories: [...(item.categories ?? []).map((c) => c.name ?? ''), ...(item.dc?.subjects ?? [])],
        })),
      };
    case 'rdf':
      return {
        title: parsed.feed.title,
        site: parsed.feed.link,
        entries: (parsed.feed.items ?? []).map((item) => ({
          title: first(item.title, item.dc?.titles?.[0]),
          link: first(item.link, item.rdf?.about),
          guid: item.rdf?.about,
          date: first(item.dc?.dates?.[0]),
          body: first(item.content?.encoded, item.description),
          categories: item.dc?.subjects ?? [],
        })),
      };
    case 'atom':
      return {
        title: textOf(parsed.feed.title),
        site: (parsed.feed.links ?? []).find((l) => !l.rel || l.rel === 'alternate')?.href,
        entries: (parsed.feed.entries ?? []).map((entry) => {
          const links = entry.links ?? [];
          const alternate = links.find((l) => !l.rel || l.rel === 'alternate') ?? links[0];
          return {
            title: textOf(entry.title),
            link: alternate?.href,
            guid: entry.id,
            date: first(entry.published, entry.updated, entry.dc?.dates?.[0]),
            body: first(entry.content?.value, textOf(entry.summary)),
            categories: (entry.categories ?? []).map((c) => c.label ?? c.term ?? ''),
          };
        }),
      };
    case 'json':
      return {
        title: parsed.feed.title,
        site: parsed.feed.home_page_url,
        entries: (parsed.feed.items ?? []).map((item) => ({
          title: item.title,
          link: first(item.url, item.external_url),
          guid: item.id,
          date: first(item.date_published, item.date_modified),
          body: first(item.content_html, item.content_text, item.summary),
          categories: item.tags ?? [],
        })),
      };
  }
}

function absolute(link: string, base: string): string | undefined {
  try {
    return new URL(link.trim(), base).href;
  } catch {
    return undefined;
  }
}

/** Structural breakage (unclosed or mismatched tags) means a truncated or corrupt feed: archiving from it could
 * store a half body forever. Character-level sloppiness (a bare `&`) is common and harmless: tolerated. */
function assertWellFormed(xml: string): void {
  const result = XMLValidator.validate(xml);
  if (result === true) return;
  const { code, msg, line, col } = result.err;
  if (code === 'InvalidChar' || code === 'InvalidAttr' || code === 'InvalidEntity') return;
  const open = /^Invalid '\[(.*)\]' found\.$/s.exec(msg.replace(/\s+/g, ' '));
  const reason = open?.[1]
    ? `the document ends before ${open[1].trim().replace(/"([^"]+)"/g, '<$1>')} ${open[1].includes(',') ? 'are' : 'is'} closed`
    : msg.replace(/\s+/g, ' ');
  throw new FeedParseError(`malformed XML at line ${line}, column ${col}: ${reason}`);
}

function parseDocument(text: string): ({ parsed: Parsed } | { empty: FeedFormat }) & { restore: (s: string) => string } {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    try {
      return { parsed: parseFeed(JSON.parse(trimmed) as unknown), restore: (s) => s };
    } catch (error) {
      throw new FeedParseError(`not a JSON Feed: ${(error as Error).message}`);
    }
  }
  if (!trimmed.startsWith('<')) throw new FeedParseError('not a feed: the document is neither XML nor JSON');
  const { text: xml, restore } = protectCdataComments(text);
  let parsed: Parsed;
  try {
    parsed = parseFeed(xml);
  } catch (error) {
    const reason = (error as Error).message;
    // feedsmith says only "Invalid feed format" both for a document cut off inside an element (the validator
    // says where and why) and for a well-formed feed with nothing in it (no items: not an error).
    if (!/unrecognized feed format/i.test(reason)) {
      assertWellFormed(xml);
      const root = /<(?![?!])([A-Za-z][\w:.-]*)/.exec(trimmed)?.[1]?.toLowerCase() ?? '';
      const empty = ({ rss: 'rss', 'rdf:rdf': 'rdf', feed: 'atom' } as const)[root as 'rss' | 'rdf:rdf' | 'feed'];
      if (empty) return { empty, restore };
      throw new FeedParseError(reason);
    }
    const root = /<(?![?!])([A-Za-z][\w:.-]*)/.exec(trimmed)?.[1];
    throw new FeedParseError(`not a feed: root element <${root ?? '?'}> is not RSS, RDF or Atom`);
  }
  assertWellFormed(xml);
  return { parsed, restore };
}

/**
 * Relative links resolve against the feed URL (DESIGN 2.1). A feed read from disk has no web address of its own:
 * there the site link the feed declares is the base, so that links still point at the outlet.
 */
function linkBase(feedUrl: string, site: string | undefined): string {
  if (/^https?:/i.test(feedUrl) || !site) return feedUrl;
  try {
    return new URL(site.trim()).href;
  } catch {
    return feedUrl;
  }
}

export function parseFeedText(text: string, feedUrl: string): ParsedFeed {
  const document = parseDocument(text);
  if ('empty' in document) return { format: document.empty, items: [], skippedNoLink: 0 };
  const { parsed, restore } = document;
  const { title, site, entries } = rawEntries(parsed);
  const base = linkBase(feedUrl, site);
  const items: FeedItem[] = [];
  let skippedNoLink = 0;
  entries.forEach((entry, order) => {
    const link = entry.link ? absolute(restore(entry.link), base) : undefined;
    if (!link) {
      skippedNoLink += 1;
      return;
    }
    const pubDate = parseFeedDate(entry.date);
    const guid = entry.guid === undefined ? undefined : restore(entry.guid).trim();
    items.push({
      title: restore(entry.title ?? ''),
      link,
      ...(guid ? { guid } : {}),
      ...(pubDate !== undefined ? { pubDate } : {}),
      body: restore(entry.body ?? ''),
      categories: entry.categories.map(restore).filter((c) => c.trim() !== ''),
      order,
    });
  });
  return { format: parsed.format satisfies FeedFormat, ...(title ? { title: restore(title) } : {}), items, skippedNoLink };
}
