/**
 * Where things live in an archive (DESIGN 2). Source ids and names become path segments: they are checked here
 * so that no configuration can name a path outside the archive.
 */
import * as path from 'node:path';

export const CONFIG_FILE = 'newsmirror.yaml';
export const STATE_DIR = '.newsmirror';
export const CACHE_DIR = path.join(STATE_DIR, 'cache');

/** Why a text cannot be a path segment, or undefined when it can. */
export function segmentProblem(text: string): string | undefined {
  if (text.length === 0) return 'is empty';
  if ([...text].length > 100) return 'is longer than 100 characters';
  if (text.startsWith('.')) return 'starts with a dot';
  if (/[/\\]/.test(text)) return 'contains a slash or backslash';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) return 'contains a control character';
  return undefined;
}

function segment(text: string): string {
  const problem = segmentProblem(text);
  if (problem) throw new Error(`"${text}" cannot be a file name: it ${problem}`);
  return text;
}

export const articleDir = (root: string, sourceId: string): string => path.join(root, 'articles', segment(sourceId));
export const listFile = (root: string, name: string): string => path.join(root, 'lists', `${segment(name)}.md`);
export const monthDir = (root: string, name: string): string => path.join(root, 'lists', segment(name));
export const readmeFile = (root: string): string => path.join(root, 'README.md');
export const lockFile = (root: string): string => path.join(root, STATE_DIR, 'run.lock');
export const stateFile = (root: string): string => path.join(root, STATE_DIR, 'state.json');
export const guidsFile = (root: string, sourceId: string): string => path.join(root, STATE_DIR, 'guids', `${segment(sourceId)}.tsv`);
export const cacheDir = (root: string): string => path.join(root, CACHE_DIR);

/**
 * A link destination for a Markdown page: characters that end or break a link are percent-encoded, the rest is
 * kept as the existing archive wrote it (only ASCII spaces were encoded there).
 */
export function markdownHref(...segments: string[]): string {
  return '/' + segments.map((s) => s.replace(/[%\s()<>\\[\]]/g, (c) => (c === '\u3000' ? c : encodeURIComponent(c)))).join('/');
}
