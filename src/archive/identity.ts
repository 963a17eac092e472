/**
 * When two items are the same article (DESIGN 2.3). Pure.
 */

/**
 * Query parameters that only say where a click came from. Kept to names that mean nothing else: a broader list
 * (`from`, `ref`) would make two different articles one, and the second would never be archived.
 * `maca` is DW's feed tracking parameter.
 */
const TRACKING = /^(utm_[a-z]+|fbclid|gclid|dclid|mc_cid|mc_eid|igshid|maca)$/i;

/**
 * A key under which equal URLs compare equal: scheme and host lower-case, default port and fragment dropped,
 * tracking parameters removed. Text that is not a URL is its own key.
 */
export function urlKey(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return raw.trim();
  }
  url.hash = '';
  if (url.search) {
    const kept = [...url.searchParams].filter(([name]) => !TRACKING.test(name));
    url.search = kept.length ? new URLSearchParams(kept).toString() : '';
  }
  // URL already lower-cases scheme and host and drops default ports; escapes differ only in hex case
  // (`%e4` from a WordPress feed, `%E4` from a raw Unicode link), so they are upper-cased.
  return url.href.replace(/%[0-9a-f]{2}/gi, (escape) => escape.toUpperCase());
}

/** A guid is compared as given, less surrounding white space; an empty guid identifies nothing. */
export function guidKey(guid: string | undefined): string | undefined {
  const key = guid?.trim();
  return key ? key : undefined;
}
