/**
 * The article file format of the existing archive (DESIGN 2.1): exactly five lines.
 * Pure: strings in, strings out.
 */

export interface Article {
  /** Publication time, integer milliseconds since the Unix epoch. */
  pubDate: number;
  title: string;
  url: string;
  /** Body HTML as stored: already joined onto one line. */
  body: string;
}

export class ArticleFormatError extends Error {}

/** Feed HTML → the archive's single body line: every line trimmed (JavaScript `\s`), joined with nothing. */
export function joinBody(html: string): string {
  return html
    .split('\n')
    .map((line) => line.trim())
    .join('');
}

/** Title as written on line 2: trimmed, any line break inside folded to one space. */
export function normaliseTitle(title: string): string {
  return title.trim().replace(/\r\n|[\r\n\u2028\u2029]/g, ' ');
}

export function serializeArticle(article: Article): string {
  if (!Number.isSafeInteger(article.pubDate)) {
    throw new ArticleFormatError(`pubDate must be an integer, got ${article.pubDate}`);
  }
  const title = normaliseTitle(article.title);
  const body = joinBody(article.body);
  return `<!--${article.pubDate}-->\n[${title}](${article.url})\n------\n\n${body}\n`;
}

const HEADER = /^<!--(-?\d+)-->$/;

/** Parses the first two lines only: enough for identity, lists and numbering. */
export function parseArticleHead(text: string): Omit<Article, 'body'> {
  const firstEnd = text.indexOf('\n');
  const secondEnd = firstEnd < 0 ? -1 : text.indexOf('\n', firstEnd + 1);
  if (secondEnd < 0) throw new ArticleFormatError('fewer than two lines');
  const header = HEADER.exec(text.slice(0, firstEnd));
  if (!header?.[1]) throw new ArticleFormatError('line 1 is not <!--{milliseconds}-->');
  const link = text.slice(firstEnd + 1, secondEnd);
  // The URL never holds "](", titles may hold "]" or "(": split at the last "](".
  const split = link.lastIndexOf('](');
  if (!link.startsWith('[') || !link.endsWith(')') || split < 1) {
    throw new ArticleFormatError('line 2 is not [title](url)');
  }
  return {
    pubDate: Number(header[1]),
    title: link.slice(1, split),
    url: link.slice(split + 2, -1),
  };
}

export function parseArticle(text: string): Article {
  const head = parseArticleHead(text);
  const lines = text.split('\n');
  if (lines.length !== 6 || lines[5] !== '') throw new ArticleFormatError(`expected 5 lines ending in a line feed, found ${lines.length - 1}`);
  if (lines[2] !== '------' || lines[3] !== '') throw new ArticleFormatError('line 3 is not ------ followed by an empty line');
  return { ...head, body: lines[4] ?? '' };
}
