/**
 * List pages (DESIGN 2.4): the newest articles of a source, every article by month, the month index. Pure.
 */
import type { CatalogEntry } from './catalog.js';
import { markdownHref } from './paths.js';
import type { Calendar } from './timezone.js';

export type ListEntry = Pick<CatalogEntry, 'n' | 'file' | 'pubDate' | 'title'>;

/** Newest first; among equal dates the smaller number (written later) first. */
export function newestFirst(a: ListEntry, b: ListEntry): number {
  return b.pubDate - a.pubDate || a.n - b.n;
}

function page(heading: string, lines: string[]): string {
  return `${heading}\n------\n\n${lines.join('\n')}\n`;
}

function entryLine(entry: ListEntry, sourceId: string, calendar: Calendar): string {
  const { month, day } = calendar.date(entry.pubDate);
  return `${month}-${day} [${entry.title}](${markdownHref('articles', sourceId, entry.file)})\n`;
}

/** `lists/<name>.md`: entries must already be sorted newest first. */
export function renderListPage(name: string, sourceId: string, sorted: ListEntry[], limit: number, calendar: Calendar): string {
  return page(name, sorted.slice(0, limit).map((e) => entryLine(e, sourceId, calendar)));
}

/** `lists/<name>/<YYYY-MM>.md`: every article of the month, newest first. */
export function renderMonthPage(name: string, sourceId: string, month: string, sorted: ListEntry[], calendar: Calendar): string {
  return page(`${name} ${month}`, sorted.map((e) => entryLine(e, sourceId, calendar)));
}

/** `lists/<name>/index.md`: the months, newest first, with their article counts. */
export function renderMonthIndex(name: string, months: Map<string, number>): string {
  const keys = [...months.keys()].sort().reverse();
  return page(name, keys.map((m) => `[${m}](${markdownHref('lists', name, `${m}.md`)}) (${months.get(m)})\n`));
}

/** Groups sorted entries by month, keeping the order within each month. */
export function byMonth<T extends ListEntry>(sorted: T[], calendar: Calendar): Map<string, T[]> {
  const months = new Map<string, T[]>();
  for (const entry of sorted) {
    const key = calendar.monthKey(entry.pubDate);
    const bucket = months.get(key);
    if (bucket) bucket.push(entry);
    else months.set(key, [entry]);
  }
  return months;
}
