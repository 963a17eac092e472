/**
 * Plain text of extracted HTML: what the min-text threshold counts and what the extraction eval scores.
 */

/** Elements after which a reader sees a line break; everything else flows inline. */
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'ol', 'p', 'pre', 'section', 'table', 'time',
  'tr', 'td', 'th', 'ul',
]);

/** Counts characters that carry text: CJK text has no spaces, so counting words would undercount it. */
export function countText(text: string): number {
  let n = 0;
  for (const ch of text) if (!/\s/u.test(ch)) n++;
  return n;
}

/** Text of a node with one line per block element and inner runs of whitespace collapsed. */
export function plainText(node: Node): string {
  const parts: string[] = [];
  collect(node, parts);
  return parts
    .join('')
    .split('\n')
    .map((line) => line.replace(/[\s\u00a0]+/gu, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

function collect(node: Node, out: string[]): void {
  if (node.nodeType === 3) {
    // Line breaks in the source are spaces to a reader; only block boundaries start a new line.
    out.push((node.nodeValue ?? '').replace(/[\s\u00a0]+/gu, ' '));
    return;
  }
  if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) return;
  const tag = node.nodeType === 1 ? (node as Element).localName : '';
  const block = BLOCK.has(tag);
  if (block) out.push('\n');
  for (let child = node.firstChild; child; child = child.nextSibling) collect(child, out);
  if (block) out.push('\n');
}
