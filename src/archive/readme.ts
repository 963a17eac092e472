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

export class ReadmeMarkersError extends Error {}

function count(text: string, marker: string): number {
  return text.split(marker).length - 1;
}

/**
 * Replaces the section, or appends it when the README has none yet (an existing archive's first run).
 * Markers that do not pair up (one of them deleted by hand) are refused rather than guessed at: a guess
 * could replace the operator's text between a stray marker and ours.
 */
export function updateReadme(current: string | undefined, names: string[]): string {
  const section = renderSourcesSection(names);
  if (current === undefined || current.trim() === '') return `# 新闻镜像\n\n${section}\n`;
  const begins = count(current, BEGIN);
  const ends = count(current, END);
  if (begins === 0 && ends === 0) return `${current.replace(/\n*$/, '\n')}\n${section}\n`;
  const begin = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  if (begins !== 1 || ends !== 1 || end < begin) {
    // Point at the marker that breaks the pair: a second one, a lone one, or an end before the begin.
    const at =
      begins > 1 ? current.indexOf(BEGIN, begin + 1) : ends > 1 ? current.indexOf(END, end + 1) : begins === 0 ? end : ends === 0 ? begin : end;
    const line = current.slice(0, at).split('\n').length;
    throw new ReadmeMarkersError(
      `README.md:${line}: the generated section needs exactly one ${BEGIN} followed by one ${END} (found ${begins} and ${ends}); fix the markers by hand`,
    );
  }
  return current.slice(0, begin) + section + current.slice(end + END.length);
}
