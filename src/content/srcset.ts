/**
 * Rewrites the URLs of a `srcset` value and nothing else: descriptors (`2x`, `300w`), commas and spacing stay as
 * written. Candidates are split the way the HTML "parse a srcset attribute" algorithm splits them, so a URL may
 * itself contain commas (`data:image/png;base64,…`) and only commas at its end separate candidates.
 * Pure: string in, string out.
 */

function isHtmlSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d;
}

const COMMA = 0x2c;
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;

/** Returns `value` with each candidate URL replaced by `map(url)`; the same string when no URL changed. */
export function mapSrcsetUrls(value: string, map: (url: string) => string): string {
  const out: string[] = [];
  let copied = 0;
  let pos = 0;
  const length = value.length;

  while (pos < length) {
    while (pos < length && (isHtmlSpace(value.charCodeAt(pos)) || value.charCodeAt(pos) === COMMA)) pos++;
    if (pos >= length) break;

    const urlStart = pos;
    while (pos < length && !isHtmlSpace(value.charCodeAt(pos))) pos++;
    let urlEnd = pos;
    // Trailing commas end the candidate (it has no descriptors); they are separators, not part of the URL.
    while (urlEnd > urlStart && value.charCodeAt(urlEnd - 1) === COMMA) urlEnd--;
    const endedByComma = urlEnd < pos;

    const url = value.slice(urlStart, urlEnd);
    const mapped = map(url);
    if (mapped !== url) {
      out.push(value.slice(copied, urlStart), mapped);
      copied = urlEnd;
    }

    if (endedByComma) continue;
    // Descriptors run to the next comma outside parentheses (future descriptors may hold commas in parens).
    let depth = 0;
    while (pos < length) {
      const c = value.charCodeAt(pos);
      if (c === OPEN_PAREN) depth++;
      else if (c === CLOSE_PAREN && depth > 0) depth--;
      else if (c === COMMA && depth === 0) break;
      pos++;
    }
  }

  if (out.length === 0) return value;
  out.push(value.slice(copied));
  return out.join('');
}
