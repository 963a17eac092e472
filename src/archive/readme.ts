/**
 * The README's generated section (DESIGN 6): between the markers, one line per source; everything outside the
 * markers is the operator's and kept as it is. Pure.
 */
import { markdownHref } from './paths.js';

export const BEGIN = '<!-- newsmirror:sources -->';
export const END = '<!-- /newsmirror:sources -->';

export function renderSourcesSection(names: string[]): string {
  const lines = names.map((name) => `[${name}](${markdownHref('lists', `${name}.md`).slice(1)}) · [按月](${markdownHref('lists', name, 'index.md').slice(1)})\n`);
  return `${BEGIN}\n${lines.join('\n')}${END}`;
}

/** Replaces the section, or appends it when the README has none yet (an existing archive's first run). */
export function updateReadme(current: string | undefined, names: string[]): string {
  const section = renderSourcesSection(names);
  if (current === undefined || current.trim() === '') return `# 新闻镜像\n\n${section}\n`;
  const begin = current.indexOf(BEGIN);
  const end = begin < 0 ? -1 : current.indexOf(END, begin);
  if (begin >= 0 && end >= 0) return current.slice(0, begin) + section + current.slice(end + END.length);
  return `${current.replace(/\n*$/, '\n')}\n${section}\n`;
}
