/**
 * Cleaning of an extracted body: removes what is not article (scripts, outlet drop selectors, empty wrappers)
 * and the attributes only the outlet's own CSS and JavaScript needed.
 */
import { absolutiseUrls, promoteLazyImages } from './urls.js';

/** Never article content, whatever the outlet. */
const ALWAYS_DROP = 'script, style, noscript, template, link, meta, object, embed, form, button, input, select, textarea';

/** Embedded players worth keeping; any other iframe is an ad, a tracker or a social widget. */
const MEDIA_IFRAME = /^(?:https?:)?\/\/(?:www\.)?(?:youtube(?:-nocookie)?\.com\/embed\/|player\.vimeo\.com\/|w\.soundcloud\.com\/player|(?:www\.)?bbc\.co(?:m|\.uk)\/(?:\w+\/)*(?:av-embeds|media)\/|(?:www\.)?dw\.com\/embed\/)/iu;

const KEPT_ATTRIBUTES = new Set(['href', 'src', 'srcset', 'alt', 'title', 'width', 'height', 'datetime', 'colspan', 'rowspan']);

/** Elements that mean something with no text inside. */
const EMBEDDED = 'img, picture, video, audio, iframe, svg, br, hr, table';
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
 * Lazy-loading pages often put the only real <img> inside <noscript> next to a script-filled placeholder; such
 * an image replaces its noscript instead of being dropped with it.
 */
function unwrapNoscriptImages(root: ParentNode): void {
  for (const ns of root.querySelectorAll('noscript')) {
    const doc = ns.ownerDocument;
    const html = ns.innerHTML.trim();
    if (!/^<img\b[^>]*>$/iu.test(html)) continue;
    const holder = doc.createElement('div');
    holder.innerHTML = html;
    const img = holder.firstElementChild;
    const parent = ns.parentElement;
    if (img === null || parent === null) continue;
    // A sibling <img> with a real source already shows the picture; the noscript copy would duplicate it.
    const shown = Array.from(parent.querySelectorAll('img')).some((i) => {
      const src = i.getAttribute('src') ?? '';
      return src !== '' && !src.startsWith('data:');
    });
    if (shown) continue;
    ns.replaceWith(img);
  }
}

function removeComments(root: ParentNode): void {
  const stack: Node[] = [root as Node];
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
    if ((el.textContent ?? '').trim() !== '') continue;
    if (el.querySelector(EMBEDDED) !== null) continue;
    el.remove();
  }
}

function trimBlockWhitespace(root: Element): void {
  const stack: Element[] = [root];
  while (stack.length > 0) {
    const el = stack.pop() as Element;
    if (el.localName === 'pre') continue;
    for (let child = el.firstChild; child; ) {
      const next = child.nextSibling;
      if (child.nodeType === 3 && (child.nodeValue ?? '').trim() === '' && isBlockBoundary(child.previousSibling) && isBlockBoundary(next)) {
        child.remove();
      } else if (child.nodeType === 1) {
        stack.push(child as Element);
      }
      child = next;
    }
  }
}

function isBlockBoundary(node: Node | null): boolean {
  return node === null || (node.nodeType === 1 && BLOCK.has((node as Element).localName));
}
