/**
 * Byline, date and lead image of a page, rendered the way the archive stores them ahead of the body:
 * `<address>`, `<time datetime>`, `<figure>`.
 */
import type { OutletRule } from '../outlets/types.js';
import { finishBody, pruneNoise } from './clean.js';
import { plainText } from './text.js';

export interface PageHeader {
  byline?: string;
  date?: { text: string; datetime?: string };
  /** Where byline and date were found: inside the chosen body they are removed, being shown in the header. */
  bylineElement?: Element;
  dateElement?: Element;
  /** The lead image's element in the page, to tell whether the chosen body already shows it. */
  leadElement?: Element;
  leadHtml?: string;
}

function squash(text: string | null | undefined): string {
  return (text ?? '').replace(/[\s\u00a0]+/gu, ' ').trim();
}

/** Read before any pruning: bylines and dates often sit in blocks that the drop selectors remove. */
export function readHeader(doc: Document, rule: OutletRule, pageUrl: string): PageHeader {
  const header: PageHeader = {};
  if (rule.byline !== undefined) {
    for (const el of doc.querySelectorAll(rule.byline)) {
      // Bylines are often lists (name, then role); one line per item reads as "name role".
      const text = squash(el.getAttribute('content') ?? plainText(el));
      if (text !== '') {
        header.byline = text;
        header.bylineElement = el;
        break;
      }
    }
  }
  if (rule.date !== undefined) {
    for (const el of doc.querySelectorAll(rule.date)) {
      const datetime = el.getAttribute('datetime') ?? el.getAttribute('content') ?? el.querySelector('time[datetime]')?.getAttribute('datetime') ?? undefined;
      const shown = squash(el.textContent);
      // "3小时前" was true only when the page was rendered; the machine-readable date stays true.
      const text = (isRelativeTime(shown) ? undefined : shown) || (datetime ?? '');
      if (text !== '') {
        header.date = datetime === undefined ? { text } : { text, datetime: datetime.trim() };
        header.dateElement = el;
        break;
      }
    }
  }
  if (rule.leadImage !== undefined) {
    const el = doc.querySelector(rule.leadImage);
    const figure = el === null ? undefined : leadFigure(el, rule, pageUrl);
    if (el !== null && figure !== undefined) {
      header.leadElement = el;
      header.leadHtml = figure;
    }
  }
  return header;
}

const RELATIVE_TIME = /^(?:\d+\s*(?:秒|分钟|分鐘|小时|小時|天|日|周|週|星期|个月|個月)\s*前|刚刚|剛剛|昨天|\d+\s*(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago)$/iu;

export function isRelativeTime(text: string): boolean {
  return RELATIVE_TIME.test(text.trim());
}

/** Lead images come as a bare <img>, a <figure>, or a wrapper holding both image and caption. */
function leadFigure(el: Element, rule: OutletRule, pageUrl: string): string | undefined {
  const doc = el.ownerDocument;
  const img = el.localName === 'img' ? el : el.querySelector('img');
  if (img === null) return undefined;
  // Older layouts caption a picture with a plain paragraph next to it instead of <figcaption>.
  const caption = el.querySelector('figcaption') ?? img.closest('figure')?.querySelector('figcaption') ?? (el === img ? null : el.querySelector('.caption, p'));
  const figure = doc.createElement('figure');
  figure.appendChild(img.cloneNode(true));
  if (caption !== null) {
    const cap = doc.createElement('figcaption');
    cap.innerHTML = caption.innerHTML;
    figure.appendChild(cap);
  }
  // Read before the page is pruned, so the copy is pruned here.
  pruneNoise(figure, rule.drop);
  finishBody(figure, pageUrl);
  const src = figure.querySelector('img')?.getAttribute('src') ?? '';
  return src === '' || src.startsWith('data:') ? undefined : figure.outerHTML;
}

function escapeText(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/gu, '&quot;');
}

/** Header lines in archive order. */
export function renderHeader(header: PageHeader): string[] {
  const lines: string[] = [];
  if (header.byline !== undefined) lines.push(`<address>${escapeText(header.byline)}</address>`);
  if (header.date !== undefined) {
    const attr = header.date.datetime === undefined ? '' : ` datetime="${escapeAttribute(header.date.datetime)}"`;
    lines.push(`<time${attr}>${escapeText(header.date.text)}</time>`);
  }
  if (header.leadHtml !== undefined) {
    lines.push(header.leadHtml);
  }
  return lines;
}
