export type FeedFormat = 'rss' | 'rdf' | 'atom' | 'json';

/** One feed entry, reduced to what the archive needs. */
export interface FeedItem {
  title: string;
  /** Absolute link: the WHATWG serialization of the item link resolved against the feed URL. */
  link: string;
  guid?: string;
  /** Epoch milliseconds, when the feed gave a date we could read. */
  pubDate?: number;
  /** Body HTML exactly as published (content:encoded, else description, else content, else summary). */
  body: string;
  categories: string[];
  /** Position in the feed, 0 first: breaks pubDate ties. */
  order: number;
}

export interface ParsedFeed {
  format: FeedFormat;
  title?: string;
  items: FeedItem[];
  /** Entries left out because they had no usable link. */
  skippedNoLink: number;
}

export class FeedParseError extends Error {}
