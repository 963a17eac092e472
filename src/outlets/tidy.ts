/**
 * Helpers for outlet rules' `transform` hooks. They go by text and structure rather than by class names, so
 * they work whether or not the engine has cleaned the body yet, and catch what a drop selector cannot name:
 * "相关报道" lists that are plain <ul>s, a "3小时前" inside a span, a noscript copy of a lazy image.
 */

/** Headings that introduce a list of links to the outlet's other stories. */
const RELATED_HEADING =
  /^(?:相关报道|相關報道|相关新闻|相關新聞|相关文章|相關文章|相关阅读|相關閱讀|延伸阅读|延伸閱讀|更多报道|更多報道|相关链接|相關鏈接|related(?:\s+(?:coverage|stories|articles|news))?)\s*[:：]?$/iu;

/**
 * A time relative to when the page was rendered ("3小时前", "更新于 2 天前", "5 hours ago"): true then,
 * wrong forever after in an archive.
 */
const RELATIVE_TIME =
  /^[\s·•|\-–—]*(?:(?:更新于|更新於|发布于|發佈於|updated)\s*)?\d+\s*(?:秒钟?|秒鐘|分钟|分鐘|小时|小時|天|日|周|週|星期|个月|個月|年)前[\s·•|\-–—]*$|^[\s·•|\-–—]*(?:updated\s+)?\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago[\s·•|\-–—]*$/iu;

/** Elements that mean something with no text in them. */
const EMBEDDED = 'img, picture, video, audio, iframe, svg, table, hr';

function squash(text: string | null | undefined): string {
  return (text ?? '').replace(/[\s\u00a0]+/gu, ' ').trim();
}

function isBlank(el: Element): boolean {
  return squash(el.textContent) === '' && el.querySelector(EMBEDDED) === null && !['img', 'br', 'hr'].includes(el.localName);
}

/** Removes an element, then any ancestor (below root) that it leaves without text or media. */
export function removeWithEmptyAncestors(el: Element, root: Element): void {
  let parent = el.parentElement;
  el.remove();
  while (parent !== null && parent !== root && isBlank(parent)) {
    const next = parent.parentElement;
    parent.remove();
    parent = next;
  }
}

export function isRelatedHeading(text: string): boolean {
  return RELATED_HEADING.test(squash(text));
}

export function isRelativeTime(text: string): boolean {
  return RELATIVE_TIME.test(text);
}

/**
 * A list whose every item is nothing but links to the outlet's own pages: the "related stories" box that
 * outlets put in the middle of the text. Lists with any prose in them are content and stay.
 */
function isLinkList(list: Element, ownLink: (href: string) => boolean): boolean {
  const items = Array.from(list.children);
  if (items.length === 0 || items.some((li) => li.localName !== 'li')) return false;
  return items.every((li) => {
    const links = Array.from(li.querySelectorAll('a[href]'));
    if (links.length === 0 || !links.every((a) => ownLink(a.getAttribute('href') ?? ''))) return false;
    const linkText = links.map((a) => squash(a.textContent)).join('');
    return squash(li.textContent).replace(/\s/gu, '') === linkText.replace(/\s/gu, '');
  });
}

/**
 * Removes "related stories" blocks: lists made only of links to the outlet's own pages, the heading right
 * before such a list ("相关报道"), and a heading paragraph whose links are the whole rest of its text.
 */
export function dropRelatedLinks(body: Element, ownLink: (href: string) => boolean): void {
  for (const list of Array.from(body.querySelectorAll('ul, ol'))) {
    if (!body.contains(list) || !isLinkList(list, ownLink)) continue;
    const before = list.previousElementSibling;
    if (before !== null && isRelatedHeading(before.textContent ?? '')) removeWithEmptyAncestors(before, body);
    removeWithEmptyAncestors(list, body);
  }
  for (const el of Array.from(body.querySelectorAll('p, div, h2, h3, h4, h5, h6'))) {
    if (!body.contains(el)) continue;
    const text = squash(el.textContent);
    const links = Array.from(el.querySelectorAll('a[href]'));
    if (links.length === 0) {
      // A heading left over from a block whose list was a drop selector's job.
      if (isRelatedHeading(text) && el.querySelector('p, div, ul, ol') === null) removeWithEmptyAncestors(el, body);
      continue;
    }
    let rest = text;
    for (const a of links) rest = rest.replace(squash(a.textContent), '');
    if (isRelatedHeading(rest) && links.every((a) => ownLink(a.getAttribute('href') ?? ''))) removeWithEmptyAncestors(el, body);
  }
}

/** Removes text that is only a frozen relative time, and the elements it leaves empty. */
export function dropRelativeTimes(body: Element): void {
  const doc = body.ownerDocument;
  const walker = doc.createTreeWalker(body, 4 /* NodeFilter.SHOW_TEXT */);
  const hits: Text[] = [];
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    if (isRelativeTime(node.nodeValue ?? '')) hits.push(node as Text);
  }
  for (const text of hits) {
    const parent = text.parentElement;
    text.remove();
    if (parent !== null && parent !== body && isBlank(parent)) removeWithEmptyAncestors(parent, body);
  }
}

/** True for links to the given hosts (and their subdomains); relative links are the page's own site. */
export function linksTo(hosts: readonly string[]): (href: string) => boolean {
  return (href) => {
    let host: string;
    try {
      host = new URL(href, 'relative://link.invalid/').hostname;
    } catch {
      return false;
    }
    return host === 'link.invalid' || hosts.some((h) => host === h || host.endsWith(`.${h}`));
  };
}

const LAZY_SRC = ['data-src', 'data-original', 'data-lazy-src'];

/**
 * Lazy-load plugins put a placeholder <img data-src> next to a <noscript> holding the same picture. Once the
 * noscript is unwrapped both would show: the lazy copy goes when a sibling image already has its URL as src.
 */
export function dropLazyDuplicates(body: Element): void {
  for (const img of Array.from(body.querySelectorAll('img'))) {
    const lazy = LAZY_SRC.map((name) => img.getAttribute(name)?.trim() ?? '').find((v) => v !== '' && !v.startsWith('data:'));
    const parent = img.parentElement;
    if (lazy === undefined || parent === null) continue;
    const twin = Array.from(parent.querySelectorAll('img')).some((other) => other !== img && other.getAttribute('src')?.trim() === lazy);
    if (twin) img.remove();
  }
}

/** Layout-only <div>s inside figures (image wrappers, aspect-ratio boxes) replaced by what they hold. */
export function unwrapFigureDivs(body: Element): void {
  for (const div of Array.from(body.querySelectorAll('figure div')).reverse()) {
    div.replaceWith(...Array.from(div.childNodes));
  }
}

/** Paragraphs holding nothing but line breaks: editors' spacing, not content. */
export function dropBlankParagraphs(body: Element): void {
  for (const p of Array.from(body.querySelectorAll('p'))) {
    if (squash(p.textContent) !== '') continue;
    if (Array.from(p.querySelectorAll('*')).every((el) => el.localName === 'br')) p.remove();
  }
}

/**
 * Makes lazy images real whatever their placeholder: plugins put a 1×1 GIF of their own in src (WordPress
 * Lazy Load's `1x1.trans.gif`) that no generic placeholder test knows.
 */
export function promoteLazySources(body: Element): void {
  for (const img of Array.from(body.querySelectorAll('img'))) {
    const lazy = LAZY_SRC.map((name) => img.getAttribute(name)?.trim() ?? '').find((v) => v !== '' && !v.startsWith('data:'));
    if (lazy !== undefined && img.getAttribute('src') !== lazy) img.setAttribute('src', lazy);
    const set = ['data-srcset', 'data-lazy-srcset'].map((name) => img.getAttribute(name)?.trim() ?? '').find((v) => v !== '');
    if (set !== undefined && img.getAttribute('srcset') !== set) img.setAttribute('srcset', set);
  }
}
