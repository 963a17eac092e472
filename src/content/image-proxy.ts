/**
 * imageProxy (DESIGN 5, issue 3 item 4): image URLs in article HTML are rewritten through a template such as
 * `https://images.weserv.nl/?url={url}`, so readers who cannot reach an outlet's image servers still see images.
 *
 * Only attribute values change. Tags are found with a tokenizer and the new values are spliced into the original
 * string, so the rest of the body stays byte-for-byte as archived (re-serialising would reorder attributes,
 * change quotes and entities, and churn every archived file's diff).
 * Pure: strings in, string out.
 */
import { mapSrcsetUrls } from './srcset.js';
import { scanStartTags, type AttributeQuote } from './start-tags.js';

type UrlList = 'single' | 'srcset';

/**
 * Attributes that hold image URLs, per element. `data-src`, `data-original` and `data-srcset` are where lazy
 * loaders park the real URL. `<source src>` is left alone: it is audio/video media, not an image; `srcset` on
 * `<source>` only means something inside `<picture>`, so no ancestor check is needed.
 */
const IMAGE_ATTRIBUTES: ReadonlyMap<string, ReadonlyMap<string, UrlList>> = new Map([
  [
    'img',
    new Map<string, UrlList>([
      ['src', 'single'],
      ['srcset', 'srcset'],
      ['data-src', 'single'],
      ['data-original', 'single'],
      ['data-srcset', 'srcset'],
    ]),
  ],
  [
    'source',
    new Map<string, UrlList>([
      ['srcset', 'srcset'],
      ['data-srcset', 'srcset'],
    ]),
  ],
  ['video', new Map<string, UrlList>([['poster', 'single']])],
]);

const PLACEHOLDER = '{url}';

function isDisabled(template: string): boolean {
  const t = template.trim();
  return t === '' || t.toLowerCase() === 'none';
}

/** True for templates `rewriteImages` accepts: `none` / empty (disabled) or anything containing `{url}`. */
export function isImageProxyTemplate(template: string): boolean {
  return isDisabled(template) || template.includes(PLACEHOLDER);
}

/**
 * The forms of a proxy prefix that address the same proxy: case-folded, scheme dropped (http and https of one
 * proxy), and `host?query` read as `host/?query` (weserv URLs circulate both ways).
 */
function comparable(url: string): string {
  return url
    .toLowerCase()
    .replace(/^https?:/, '')
    .replace(/^(\/\/[^/?#]*)\?/, '$1/?');
}

function isHtmlSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d;
}

/** HTML strips ASCII whitespace, not JavaScript's wider `\s`, around a URL attribute. */
function stripHtmlSpace(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isHtmlSpace(value.charCodeAt(start))) start++;
  while (end > start && isHtmlSpace(value.charCodeAt(end - 1))) end--;
  return value.slice(start, end);
}

class ImageProxy {
  private readonly prefix: string;

  constructor(
    private readonly template: string,
    private readonly base: URL | undefined,
  ) {
    this.prefix = comparable(template.slice(0, template.indexOf(PLACEHOLDER)));
  }

  private isProxied(url: string): boolean {
    // Only the head can match; slicing first keeps long URLs from being case-folded whole.
    return comparable(url.slice(0, this.prefix.length + 16)).startsWith(this.prefix);
  }

  /** The absolute http(s) URL a browser would fetch, or undefined when there is nothing a proxy could fetch. */
  private absolute(url: string): string | undefined {
    let parsed: URL;
    try {
      if (this.base !== undefined) parsed = new URL(url, this.base);
      // A browser would use the page's scheme; without a page, https is the safe guess for `//host/x.jpg`.
      else if (/^[\\/]{2}/.test(url)) parsed = new URL(`https:${url}`);
      // A relative URL without a page to resolve against cannot be fetched by a proxy: keep it.
      else parsed = new URL(url);
    } catch {
      return undefined;
    }
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  }

  /** The proxied form of one URL, or the URL itself when it must stay (empty, data:, already proxied, unresolvable). */
  rewriteUrl(value: string): string {
    const url = stripHtmlSpace(value);
    if (url === '' || /^data:/i.test(url) || this.isProxied(url)) return value;
    const absolute = this.absolute(url);
    if (absolute === undefined || this.isProxied(absolute)) return value;
    return this.template.replaceAll(PLACEHOLDER, encodeURIComponent(absolute));
  }
}

function needsQuotes(raw: string): boolean {
  return raw === '' || /[\t\n\f\r "'<=>`]/.test(raw);
}

/** The text that replaces the raw value between its quotes, keeping the quote style it had. */
function serialiseValue(value: string, quote: AttributeQuote): string {
  const escaped = value.replaceAll('&', '&amp;');
  if (quote === 'single') return escaped.replaceAll("'", '&#39;');
  if (quote === 'double') return escaped.replaceAll('"', '&quot;');
  // Unquoted: quotes are added only when the bare value would be cut short or misread.
  return needsQuotes(escaped) ? `"${escaped.replaceAll('"', '&quot;')}"` : escaped;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * Rewrites `<img src|srcset|data-src|data-original|data-srcset>`, `<source srcset|data-srcset>` and
 * `<video poster>` through `template`, where `{url}` becomes the URL-encoded absolute original URL.
 * Relative and protocol-relative URLs are resolved against `pageUrl` first. Untouched: `data:` and other
 * non-http URLs, empty values, already-proxied URLs, relative URLs when there is no (valid) `pageUrl`,
 * duplicate attributes after the first, and anything in comments, CDATA or raw-text elements such as `<script>`.
 * A `none` or empty template returns `html` as it is.
 */
export function rewriteImages(html: string, template: string, pageUrl?: string): string {
  if (isDisabled(template)) return html;
  if (!template.includes(PLACEHOLDER)) {
    throw new TypeError(`imageProxy template must contain ${PLACEHOLDER} or be "none": ${JSON.stringify(template)}`);
  }
  let base: URL | undefined;
  try {
    base = pageUrl === undefined ? undefined : new URL(pageUrl);
  } catch {
    base = undefined;
  }
  const proxy = new ImageProxy(template, base);
  const rewriteUrl = (url: string): string => proxy.rewriteUrl(url);

  const edits: Edit[] = [];
  scanStartTags(
    html,
    (tagName) => IMAGE_ATTRIBUTES.has(tagName),
    (tag) => {
      const lists = IMAGE_ATTRIBUTES.get(tag.name);
      if (lists === undefined) return;
      const seen = new Set<string>();
      for (const attr of tag.attributes) {
        // Browsers keep the first of duplicate attributes and drop the rest, so only the first is live.
        if (seen.has(attr.name)) continue;
        seen.add(attr.name);
        const list = lists.get(attr.name);
        if (list === undefined || attr.quote === 'none') continue;
        const next = list === 'srcset' ? mapSrcsetUrls(attr.value, rewriteUrl) : rewriteUrl(attr.value);
        if (next !== attr.value) {
          edits.push({ start: attr.valueStart, end: attr.valueEnd, text: serialiseValue(next, attr.quote) });
        }
      }
    },
  );

  if (edits.length === 0) return html;
  const parts: string[] = [];
  let copied = 0;
  for (const edit of edits) {
    parts.push(html.slice(copied, edit.start), edit.text);
    copied = edit.end;
  }
  parts.push(html.slice(copied));
  return parts.join('');
}
