/**
 * The outlets of the existing archive (DESIGN 4.1), as data. `init` writes them into a new config.
 * Outlet URLs change over the years: edit them here or in the archive's config.
 */
import type { NumberingScheme } from '../archive/numbering.js';

export interface DefaultOutlet {
  id: string;
  name: string;
  /** What the outlet is, for the comment `init` writes above it. */
  description: string;
  /** A feed that carries full text. */
  feed: string;
  /** The outlet's own feed, when it has one (summaries only: pair with full-text extraction). */
  ownFeed?: string;
  numbering?: NumberingScheme;
}

export const DEFAULT_OUTLETS: readonly DefaultOutlet[] = [
  { id: 'nyt', name: '纽约时报', description: 'The New York Times Chinese (cn.nytimes.com), full text via feedx', feed: 'https://feedx.net/rss/nytimes.xml', ownFeed: 'https://cn.nytimes.com/rss/' },
  { id: 'bbc', name: 'BBC', description: 'BBC News 中文 (bbc.com/zhongwen), full text via feedx', feed: 'https://feedx.net/rss/bbc.xml', ownFeed: 'https://feeds.bbci.co.uk/zhongwen/simp/rss.xml' },
  { id: 'dw', name: '德国之声', description: 'Deutsche Welle Chinese (dw.com/zh), full text via feedx', feed: 'https://feedx.net/rss/dw.xml', ownFeed: 'https://rss.dw.com/rdf/rss-chi-all' },
  { id: 'rfi', name: '法广', description: 'Radio France Internationale Chinese (rfi.fr/cn), full text via feedx', feed: 'https://feedx.net/rss/rfi.xml', ownFeed: 'https://www.rfi.fr/cn/rss' },
  { id: 'voa', name: '美国之音', description: 'Voice of America Chinese (voachinese.com), full text via feedx', feed: 'https://feedx.net/rss/mgzy1.xml' },
  { id: 'ft', name: '金融时报', description: 'Financial Times Chinese (ftchinese.com), full text via feedx', feed: 'https://feedx.net/rss/ft.xml', ownFeed: 'https://www.ftchinese.com/rss/news' },
  { id: 'reuters', name: '路透', description: 'Reuters Chinese, full text via feedx', feed: 'https://feedx.net/rss/reuters.xml' },
  { id: 'rfa', name: '自由亚洲电台', description: 'Radio Free Asia Mandarin (rfa.org/mandarin), own RSS with content:encoded', feed: 'https://www.rfa.org/mandarin/yataibaodao/rss2.xml' },
  { id: 'cdt', name: '中国数字时代', description: 'China Digital Times (chinadigitaltimes.net/chinese), own WordPress feed with content:encoded', feed: 'https://chinadigitaltimes.net/chinese/feed/', numbering: 'wp-post-xor' },
];
