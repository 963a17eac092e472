/**
 * URL fixes for extracted bodies: archived pages must not depend on the page they came from, so relative
 * URLs become absolute and lazy-loaded images get a real src.
 */
import { mapSrcsetUrls } from '../content/srcset.js';

/** Lazy-loading libraries keep the real image here until it scrolls into view. */
const LAZY_SRC = ['data-src', 'data-original', 'data-lazy-src'];
const LAZY_SRCSET = ['data-srcset', 'data-lazy-srcset'];

export function promoteLazyImages(root: Element): void {
  for (const el of root.querySelectorAll('img, source, iframe')) {
    const src = el.getAttribute('src');
    if (src === null || src.trim() === '' || src.startsWith('data:') || src === 'about:blank' || isPlaceholder(src)) {
      const real = firstAttribute(el, LAZY_SRC);
      if (real !== undefined) el.setAttribute('src', real);
    }
    if (!el.hasAttribute('srcset')) {
      const set = firstAttribute(el, LAZY_SRCSET);
      if (set !== undefined) el.setAttribute('srcset', set);
    }
    // Some pages lazy-load through srcset alone and leave a blank pixel in src for old browsers: those
    // would show nothing, so src takes the srcset's last (by convention largest) candidate.
    const now = el.getAttribute('src');
    const set = el.getAttribute('srcset');
    if (el.localName === 'img' && set !== null && (now === null || now.startsWith('data:') || isPlaceholder(now))) {
      const last = srcsetUrls(set).at(-1);
      if (last !== undefined) el.setAttribute('src', last);
    }
  }
}

function srcsetUrls(value: string): string[] {
  const urls: string[] = [];
  mapSrcsetUrls(value, (url) => {
    urls.push(url);
    return url;
  });
  return urls;
}

/** Grey pixels and spinners some outlets put in src while the real image waits in a data attribute. */
function isPlaceholder(src: string): boolean {
  return /(?:^|\/)(?:grey-placeholder|placeholder|blank|spacer|pixel|transparent)\.(?:png|gif|svg)(?:$|\?)/iu.test(src);
}

function firstAttribute(el: Element, names: readonly string[]): string | undefined {
  for (const name of names) {
    const v = el.getAttribute(name);
    if (v !== null && v.trim() !== '' && !v.startsWith('data:')) return v.trim();
  }
  return undefined;
}

export function absoluteUrl(value: string, base: string): string {
  const v = value.trim();
  // Same-page anchors and non-URL schemes mean nothing outside the page or are already absolute.
  if (v === '' || v.startsWith('#') || /^(?:data|mailto|tel):/iu.test(v)) return v;
  try {
    return new URL(v, base).href;
  } catch {
    return v;
  }
}

export function absolutiseUrls(root: Element, base: string): void {
  for (const el of root.querySelectorAll('[href], [src], [srcset], [poster]')) {
    for (const name of ['href', 'src', 'poster']) {
      const v = el.getAttribute(name);
      if (v === null) continue;
      if (/^\s*javascript:/iu.test(v)) el.removeAttribute(name);
      else el.setAttribute(name, absoluteUrl(v, base));
    }
    const set = el.getAttribute('srcset');
    if (set !== null) el.setAttribute('srcset', mapSrcsetUrls(set, (u) => absoluteUrl(u, base)));
  }
}
