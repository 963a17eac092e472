/**
 * DESIGN 7 asks to measure Readability on both DOMs and pick with figures: the same pages, Readability's text on
 * linkedom (what newsmirror ships) and on jsdom, scored against the hand-written expected text, and timed.
 */
import { Readability } from '@mozilla/readability';
import { JSDOM } from 'jsdom';
import { parseHTML } from 'linkedom';
import { performance } from 'node:perf_hooks';
import type { PageFixture } from './fixtures.js';
import { score } from './score.js';

type Scored = PageFixture & { url: string; expectedText: string };

function readabilityText(doc: Document): string {
  return new Readability(doc, { charThreshold: 0 }).parse()?.textContent ?? '';
}

const onLinkedom = (page: Scored): string => readabilityText(parseHTML(page.html).document as unknown as Document);
const onJsdom = (page: Scored): string => readabilityText(new JSDOM(page.html, { url: page.url }).window.document);

function timed(pages: readonly Scored[], run: (page: Scored) => string, rounds: number): number {
  const start = performance.now();
  for (let i = 0; i < rounds; i++) for (const page of pages) run(page);
  return (pages.length * rounds) / ((performance.now() - start) / 1000);
}

export function compareDoms(pages: readonly PageFixture[], rounds: number): string[] {
  const scored = pages.filter((p): p is Scored => p.url !== undefined && p.expectedText !== undefined);
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
  const linkedomF1 = mean(scored.map((p) => score(onLinkedom(p), p.expectedText).f1));
  const jsdomF1 = mean(scored.map((p) => score(onJsdom(p), p.expectedText).f1));
  return [
    `Readability alone, same ${scored.length} pages (F1 of its text / pages per second over ${rounds} rounds):`,
    `  linkedom: F1 ${linkedomF1.toFixed(3)}, ${timed(scored, onLinkedom, rounds).toFixed(1)} pages/s`,
    `  jsdom:    F1 ${jsdomF1.toFixed(3)}, ${timed(scored, onJsdom, rounds).toFixed(1)} pages/s`,
  ];
}
