/**
 * Article extraction from a fetched page: the outlet's rule when one matches and finds enough text, else
 * Mozilla Readability. Output follows the archive's layout: optional <address>, <time>, <figure>, then the
 * body in a <section>.
 */
import { ruleFor } from '../outlets/index.js';
import type { OutletRule } from '../outlets/types.js';
import { finishBody, pruneNoise } from './clean.js';
import { parsePage } from './dom.js';
import { readHeader, renderHeader } from './header.js';
import { readPageMeta, type PageMeta } from './meta.js';
import { readabilityHtml } from './readability.js';
import { countText, plainText } from './text.js';

export interface Extracted extends PageMeta {
  html: string;
  text: string;
  via: 'rule' | 'readability';
  /** Outlet id of the rule that extracted the body. */
  rule?: string;
}

export interface ExtractOptions {
  /** Fewer non-whitespace characters than this means no article was found. Default 200. */
  minText?: number;
}

export const DEFAULT_MIN_TEXT = 200;

/** Extracts the article body of a page; undefined when nothing with at least minText characters of text is found. */
export function extractArticle(html: string, url: string, options: ExtractOptions = {}): Extracted | undefined {
  const minText = options.minText ?? DEFAULT_MIN_TEXT;
  const rule = ruleFor(url);
  if (rule !== undefined) {
    const found = byRule(html, url, rule, minText);
    if (found !== undefined) return found;
  }
  return byReadability(html, url, minText);
}

/** The URL relative links resolve against: the page's `<base href>` when it has one (RFA's Plone pages do). */
function baseUrl(doc: Document, pageUrl: string): string {
  const href = doc.querySelector('base[href]')?.getAttribute('href');
  if (!href) return pageUrl;
  try {
    return new URL(href, pageUrl).href;
  } catch {
    return pageUrl;
  }
}

export function byRule(html: string, pageUrl: string, rule: OutletRule, minText: number): Extracted | undefined {
  const doc = parsePage(html);
  const url = baseUrl(doc, pageUrl);
  const meta = readPageMeta(doc);
  const header = readHeader(doc, rule, url);
  pruneNoise(doc, rule.drop);
  for (const selector of rule.keep) {
    for (const candidate of doc.querySelectorAll(selector)) {
      // Cheap upper bound first: most candidates that fail do so here, before any copying.
      if (countText(candidate.textContent ?? '') < minText) continue;
      // Shown in the header, so copies inside the body would repeat them.
      for (const el of [header.bylineElement, header.dateElement]) if (el !== undefined && candidate.contains(el)) el.remove();
      const body = sectionOf(doc, candidate.innerHTML);
      // Before cleaning, so the hook still sees the outlet's classes and data attributes.
      rule.transform?.(body);
      finishBody(body, url);
      if (countText(plainText(body)) < minText) continue;
      // A lead image still inside the chosen body is shown there; one outside it or dropped goes in the header.
      const leadInBody = header.leadElement !== undefined && candidate.contains(header.leadElement);
      const parts = [...renderHeader(leadInBody ? { ...header, leadHtml: undefined } : header), body.outerHTML];
      const html = parts.join('\n');
      return { html, text: plainText(sectionOf(doc, html)), via: 'rule', rule: rule.id, ...meta };
    }
  }
  return undefined;
}

export function byReadability(html: string, pageUrl: string, minText: number): Extracted | undefined {
  const doc = parsePage(html);
  const url = baseUrl(doc, pageUrl);
  const meta = readPageMeta(doc);
  const content = readabilityHtml(doc);
  if (content === undefined) return undefined;
  const holder = sectionOf(doc, content);
  pruneNoise(holder, []);
  // Readability wraps its result in <div id="readability-page-1" class="page">; the archive wants only what is inside.
  const inner = holder.firstElementChild;
  const body = inner !== null && holder.children.length === 1 && inner.localName === 'div' ? sectionOf(doc, inner.innerHTML) : holder;
  finishBody(body, url);
  const text = plainText(body);
  if (countText(text) < minText) return undefined;
  return { html: body.outerHTML, text, via: 'readability', ...meta };
}

function sectionOf(doc: Document, innerHtml: string): Element {
  const section = doc.createElement('section');
  section.innerHTML = innerHtml;
  return section;
}
