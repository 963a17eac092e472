/**
 * Cleaning of an extracted body: removes what is not article (scripts, outlet drop selectors, empty wrappers)
 * and the attributes only the outlet's own CSS and JavaScript needed.
 */
import { absolutiseUrls, promoteLazyImages } from './urls.js';

/** Never article content, whatever the outlet. */
const ALWAYS_DROP = 'script, style, noscript, template, link, meta, object, embed, form, button, input, select, textarea';

/** Embedded players worth keeping; any other iframe is an ad, a tracker or a social widget. */
const MEDIA_IFRAME = /^(?:https?:)?\/\/(?:www\.)?(?:youtube(?:-nocookie)?\.com\/embed\/|player\.vimeo\.com\/|w\.soundcloud\.com\/player|(?:www\.)?bbc\.co(?:m|\.uk)\/(?:\w+\/)*(?:av-embeds|media)\/|(?:www\.)?dw\.com\/embed\/)/iu;

/**
 * Besides links, images and table spans: `type` and `sizes` let a <picture> choose its source, `start` numbers
 * a list, `allowfullscreen` lets a kept video player go full screen.
 */
const KEPT_ATTRIBUTES = new Set([
  'href', 'src', 'srcset', 'sizes', 'type', 'alt', 'title', 'width', 'height', 'datetime', 'colspan', 'rowspan', 'start',
  'allowfullscreen',
]);

/** Elements that mean something with no text inside: a wrapper holding one is not empty. */
const EMBEDDED = 'img, picture, video, audio, iframe, svg, br, hr, table';
/** Never removed for being empty: media, and table parts whose removal would shift the other cells. */
const VOID_OR_MEDIA = new Set(['img', 'br', 'hr', 'source', 'video', 'audio', 'iframe', 'picture', 'wbr', 'td', 'th', 'tr', 'table', 'tbody', 'thead', 'tfoot', 'col', 'colgroup']);

/** Whitespace between these carries no meaning, so it is dropped to make the output stable and compact. */
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer', 'h1', 'h2',
  'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'ol', 'p', 'picture', 'pre', 'section', 'table', 'tbody',
  'thead', 'tfoot', 'tr', 'td', 'th', 'ul', 'img', 'iframe', 'video', 'audio', 'source', 'time', 'caption',
]);

/**
 * Removes non-article nodes in place. Runs on the live page before the body is chosen, so the text threshold
 * is measured on what the reader will get.
 */
export function pruneNoise(root: ParentNode, drop: readonly string[]): void {
  unwrapNoscriptImages(root);
  removeAll(root, ALWAYS_DROP);
  for (const frame of root.querySelectorAll('iframe')) {
    const src = frame.getAttribute('src') ?? frame.getAttribute('data-src') ?? '';
    if (!MEDIA_IFRAME.test(src)) frame.remove();
  }
  for (const selector of drop) removeAll(root, selector);
  removeComments(root);
}

/** Final shape of a chosen body: real image URLs, absolute links, only meaningful attributes, no empty shells. */
export function finishBody(body: Element, pageUrl: string): void {
  promoteLazyImages(body);
  absolutiseUrls(body, pageUrl);
  stripAttributes(body);
  removeEmpty(body);
  trimBlockWhitespace(body);
}

function removeAll(root: ParentNode, selector: string): void {
  for (const el of root.querySelectorAll(selector)) el.remove();
}

/**
 * Lazy-loading pages often put the only real picture inside <noscript> next to a script-filled placeholder;
 * such a picture replaces its noscript instead of being dropped with it.
 */
function unwrapNoscriptImages(root: ParentNode): void {
  for (const ns of root.querySelectorAll('noscript')) {
    const parent = ns.parentElement;
    if (parent === null || ns.querySelector('img') === null) continue;
    // Text inside means a "your browser cannot play this" notice, not a picture fallback.
    if ((ns.textContent ?? '').trim() !== '') continue;
    // A picture the page already shows would be duplicated by its noscript copy.
    const shown = Array.from(parent.querySelectorAll('img')).some((img) => img.closest('noscript') === null && hasRealSource(img));
    if (shown) continue;
    ns.replaceWith(...Array.from(ns.childNodes));
  }
}

function hasRealSource(img: Element): boolean {
  const src = img.getAttribute('src') ?? '';
  return src !== '' && !src.startsWith('data:');
}

function removeComments(root: ParentNode): void {
  // linkedom does not chain a document's doctype to its <html> as siblings: start from the element.
  const start = (root as Node).nodeType === 9 ? (root as Document).documentElement : (root as Node);
  const stack: Node[] = [start];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    for (let child = node.firstChild; child; ) {
      const next = child.nextSibling;
      if (child.nodeType === 8) child.remove();
      else if (child.nodeType === 1) stack.push(child);
      child = next;
    }
  }
}

function stripAttributes(root: Element): void {
  for (const el of [root, ...root.querySelectorAll('*')]) {
    for (const name of el.getAttributeNames()) {
      if (!KEPT_ATTRIBUTES.has(name.toLowerCase())) el.removeAttribute(name);
    }
  }
}

/** Wrappers left empty once ads and widgets are gone would only add blank space. */
function removeEmpty(root: Element): void {
  const all = Array.from(root.querySelectorAll('*')).reverse();
  for (const el of all) {
    if (VOID_OR_MEDIA.has(el.localName)) continue;
    const text = el.textContent ?? '';
    if (text.trim() !== '') continue;
    if (el.querySelector(EMBEDDED) !== null) continue;
    // An inline element holding only a space between two runs of text is what separates two words.
    const separates = text !== '' && !BLOCK.has(el.localName) && isInline(el.previousSibling) && isInline(el.nextSibling);
    if (separates) el.replaceWith(el.ownerDocument.createTextNode(' '));
    else el.remove();
  }
}

function isInline(node: Node | null): boolean {
  if (node === null) return false;
  if (node.nodeType === 3) return !isBlank(node);
  return node.nodeType === 1 && !isBlockBoundary(node);
}

function trimBlockWhitespace(root: Element): void {
  const stack: Element[] = [root];
  while (stack.length > 0) {
    const el = stack.pop() as Element;
    if (el.localName === 'pre') continue;
    for (let child = el.firstChild; child; ) {
      const next = child.nextSibling;
      if (isBlank(child) && isBlockBoundary(sibling(child, 'previousSibling')) && isBlockBoundary(sibling(child, 'nextSibling'))) {
        child.remove();
      } else if (child.nodeType === 1) {
        stack.push(child as Element);
      }
      child = next;
    }
  }
}

function isBlank(node: Node): boolean {
  return node.nodeType === 3 && (node.nodeValue ?? '').trim() === '';
}

/** The nearest sibling that is not itself blank: runs of blank text nodes are one gap. */
function sibling(node: Node, direction: 'previousSibling' | 'nextSibling'): Node | null {
  let n = node[direction];
  while (n !== null && isBlank(n)) n = n[direction];
  return n;
}

/** Flow content that makes even an inline parent (a link around a figure) lay out as a block. */
const BLOCK_INSIDE = 'div, p, figure, section, article, ul, ol, table, blockquote, h1, h2, h3, h4, h5, h6';

function isBlockBoundary(node: Node | null): boolean {
  if (node === null) return true;
  if (node.nodeType !== 1) return false;
  const el = node as Element;
  return BLOCK.has(el.localName) || el.querySelector(BLOCK_INSIDE) !== null;
}
