/**
 * The pages the extraction tests and eval run on: hand-written outlet fixtures
 * (test/fixtures/pages/<outlet>/<name>.html with .url, .expected.html, .expected.txt), the Readability
 * fixtures (test/fixtures/readability/) and the real BBC pages of ../shared with expected text in
 * eval/expected/.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
export const PAGES_DIR = join(ROOT, 'test/fixtures/pages');
export const READABILITY_DIR = join(ROOT, 'test/fixtures/readability');
export const SHARED_PAGES_DIR = resolve(ROOT, '../shared/fixtures/pages');

export interface PageFixture {
  /** "<outlet>/<name>" for outlet fixtures, the file name otherwise. */
  id: string;
  /** The outlet directory the fixture sits in: the rule id that must extract it. */
  outlet?: string;
  html: string;
  /** From <name>.url; undefined when that file is missing (the tests then fail for this fixture). */
  url?: string;
  expectedHtml?: string;
  expectedText?: string;
}

function readIf(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

function fixturesIn(dir: string, outlet: string | undefined, idPrefix: string): PageFixture[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.html') && !f.endsWith('.expected.html'))
    .sort()
    .map((f) => {
      const base = join(dir, f.slice(0, -'.html'.length));
      const fixture: PageFixture = { id: idPrefix + f.slice(0, -'.html'.length), html: readFileSync(join(dir, f), 'utf8') };
      const url = readIf(`${base}.url`)?.trim();
      if (url !== undefined) fixture.url = url;
      if (outlet !== undefined) fixture.outlet = outlet;
      const expectedHtml = readIf(`${base}.expected.html`);
      const expectedText = readIf(`${base}.expected.txt`);
      if (expectedHtml !== undefined) fixture.expectedHtml = expectedHtml;
      if (expectedText !== undefined) fixture.expectedText = expectedText;
      return fixture;
    });
}

export function outletFixtures(): PageFixture[] {
  if (!existsSync(PAGES_DIR)) return [];
  return readdirSync(PAGES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .flatMap((outlet) => fixturesIn(join(PAGES_DIR, outlet), outlet, `${outlet}/`));
}

export function readabilityFixtures(): PageFixture[] {
  return fixturesIn(READABILITY_DIR, undefined, 'readability/');
}

/** The real pages are in the shared fixtures, outside this repository: absent when it is used alone. */
export const REAL_PAGES = [
  { id: 'real/bbc-1', file: 'bbc-1.html', url: 'https://www.bbc.com/zhongwen/simp/world-55653976' },
  { id: 'real/bbc-2', file: 'bbc-2.html', url: 'http://www.bbc.co.uk/zhongwen/simp/chinese_news/2012/12/121210_hongkong_politics.shtml' },
] as const;

export function realPages(): (PageFixture & { url: string })[] | undefined {
  if (!existsSync(SHARED_PAGES_DIR)) return undefined;
  return REAL_PAGES.map(({ id, file, url }) => {
    const fixture: PageFixture & { url: string } = { id, html: readFileSync(join(SHARED_PAGES_DIR, file), 'utf8'), url };
    const expectedText = readIf(join(ROOT, 'eval/expected', file.replace(/\.html$/u, '.txt')));
    if (expectedText !== undefined) fixture.expectedText = expectedText;
    return fixture;
  });
}
