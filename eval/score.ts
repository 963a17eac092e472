/**
 * Token-level precision / recall / F1 of extracted text against expected text. Chinese has no spaces, so
 * each CJK character is a token; runs of other letters and digits are one token each; punctuation and
 * whitespace are not tokens, so line breaking and spacing do not affect the score.
 */

const TOKEN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]|[\p{L}\p{N}]+/gu;
const CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]$/u;

export function tokens(text: string): string[] {
  const out: string[] = [];
  for (const [token] of text.matchAll(TOKEN)) {
    // [\p{L}\p{N}]+ also matches CJK letters; split such runs so every CJK character counts alone.
    if (token.length > 1 && /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(token)) {
      let word = '';
      for (const ch of token) {
        if (CJK.test(ch)) {
          if (word !== '') out.push(word.toLowerCase());
          word = '';
          out.push(ch);
        } else {
          word += ch;
        }
      }
      if (word !== '') out.push(word.toLowerCase());
    } else {
      out.push(token.toLowerCase());
    }
  }
  return out;
}

export interface Score {
  precision: number;
  recall: number;
  f1: number;
}

/** Multiset overlap: a token counts as many times as it occurs in both texts. */
export function score(extracted: string, expected: string): Score {
  const got = tokens(extracted);
  const want = tokens(expected);
  const counts = new Map<string, number>();
  for (const t of want) counts.set(t, (counts.get(t) ?? 0) + 1);
  let overlap = 0;
  for (const t of got) {
    const left = counts.get(t) ?? 0;
    if (left > 0) {
      overlap++;
      counts.set(t, left - 1);
    }
  }
  const precision = got.length === 0 ? 0 : overlap / got.length;
  const recall = want.length === 0 ? 0 : overlap / want.length;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}
