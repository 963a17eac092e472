/**
 * What newsmirror knows about one outlet's article pages: a small data object per outlet, one file each
 * (src/outlets/<id>.ts), looked up by the page's host (src/outlets/index.ts).
 */

export interface OutletRule {
  /** Matches the outlet's own ids in the built-in outlet list (src/config/default-outlets.ts) where one exists. */
  id: string;
  /** A page belongs to this outlet when its host (lower-case, no port) matches one of these. */
  hosts: RegExp[];
  /** Optionally narrows by path too (bbc.com hosts many services; only /zhongwen is this outlet). */
  paths?: RegExp[];
  /** CSS selectors of the article body, tried in order; the first that matches (with enough text) wins. */
  keep: string[];
  /** CSS selectors removed from the kept body: ads, "related" blocks, share bars, frozen relative times. */
  drop: string[];
  /** Byline, date and lead image selectors, searched in the whole page and put before the body. */
  byline?: string;
  date?: string;
  leadImage?: string;
  /** Outlet-specific changes to the body element, run before the generic cleaning (so data-* attributes are still there). */
  transform?: (body: Element) => void;
}
