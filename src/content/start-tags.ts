/**
 * Start tags of an HTML string with the exact source span of every attribute value, so callers can splice new
 * values into the original text instead of re-serialising a DOM (DESIGN 5: only attribute values may change).
 *
 * Built on htmlparser2's Tokenizer rather than the Parser because only the Tokenizer reports offsets for
 * attributes. The Tokenizer already follows the HTML rules that decide what is a tag at all: comments, CDATA,
 * and the raw-text / RCDATA elements (script, style, textarea, title, xmp, iframe, noembed, noframes,
 * plaintext) never produce start tags, and a tag cut off by the end of input is not reported.
 * Pure: string in, callbacks out.
 */
import { QuoteType, Tokenizer, type TokenizerCallbacks } from 'htmlparser2';

export type AttributeQuote = 'double' | 'single' | 'unquoted' | 'none';

export interface SourceAttribute {
  /** Lower-cased, as HTML matches attribute names case-insensitively. */
  name: string;
  /** The value with character references decoded by the HTML attribute rules; '' when there is no value. */
  value: string;
  /** Offsets of the raw value in the source, quotes excluded; both equal the name's end when there is no value. */
  valueStart: number;
  valueEnd: number;
  quote: AttributeQuote;
}

export interface SourceStartTag {
  /** Lower-cased tag name. */
  name: string;
  /** In source order, duplicates included: the caller decides that the first one wins, as browsers do. */
  attributes: SourceAttribute[];
}

const QUOTES: Record<QuoteType, AttributeQuote> = {
  [QuoteType.NoValue]: 'none',
  [QuoteType.Unquoted]: 'unquoted',
  [QuoteType.Single]: 'single',
  [QuoteType.Double]: 'double',
};

function isHtmlSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d;
}

/**
 * Where the raw value begins, given where the attribute name ends. The Tokenizer reports the end of a value but
 * not its start when the value opens with a character reference, so the start is found by walking the same
 * grammar it just accepted: spaces, `=`, spaces, then an optional quote.
 */
function valueStartAfterName(html: string, nameEnd: number): number {
  let i = nameEnd;
  while (isHtmlSpace(html.charCodeAt(i))) i++;
  i++; // the `=`
  while (isHtmlSpace(html.charCodeAt(i))) i++;
  const c = html.charCodeAt(i);
  return c === 0x22 || c === 0x27 ? i + 1 : i;
}

/**
 * Calls `visit` for every complete start tag whose lower-cased name passes `wanted`, in source order.
 * Attributes of other tags are not collected, which keeps the scan cheap on large bodies.
 */
export function scanStartTags(html: string, wanted: (tagName: string) => boolean, visit: (tag: SourceStartTag) => void): void {
  let tag: SourceStartTag | undefined;
  let attrName = '';
  let attrNameEnd = 0;
  let chunks: string[] = [];

  const finishTag = (): void => {
    if (tag !== undefined) visit(tag);
    tag = undefined;
  };
  const ignore = (): void => {};

  const callbacks: TokenizerCallbacks = {
    onopentagname(start, end) {
      const name = html.slice(start, end).toLowerCase();
      tag = wanted(name) ? { name, attributes: [] } : undefined;
    },
    onattribname(start, end) {
      if (tag === undefined) return;
      attrName = html.slice(start, end).toLowerCase();
      attrNameEnd = end;
      chunks = [];
    },
    onattribdata(start, end) {
      if (tag !== undefined && end > start) chunks.push(html.slice(start, end));
    },
    onattribentity(codepoint) {
      if (tag !== undefined) chunks.push(String.fromCodePoint(codepoint));
    },
    onattribend(quoteType, endIndex) {
      if (tag === undefined) return;
      const quote = QUOTES[quoteType];
      if (quote === 'none') {
        tag.attributes.push({ name: attrName, value: '', valueStart: attrNameEnd, valueEnd: attrNameEnd, quote });
        return;
      }
      // For quoted values endIndex is just past the closing quote; for unquoted ones it is the terminator.
      const valueEnd = quote === 'unquoted' ? endIndex : endIndex - 1;
      const valueStart = valueStartAfterName(html, attrNameEnd);
      tag.attributes.push({ name: attrName, value: chunks.join(''), valueStart, valueEnd, quote });
    },
    onopentagend: finishTag,
    onselfclosingtag: finishTag,
    onclosetag: ignore,
    oncdata: ignore,
    oncomment: ignore,
    ondeclaration: ignore,
    onend: ignore,
    onprocessinginstruction: ignore,
    ontext: ignore,
    ontextentity: ignore,
  };

  const tokenizer = new Tokenizer({ decodeEntities: true }, callbacks);
  tokenizer.write(html);
  tokenizer.end();
}
