/**
 * The fallback for pages no outlet rule handles: Mozilla Readability's guess of the article, on linkedom.
 */
import { Readability } from '@mozilla/readability';

/** The article's HTML as Readability sees it, or undefined when it finds no article. */
export function readabilityHtml(doc: Document): string | undefined {
  // Readability's own threshold (500 characters) would make it retry with weaker heuristics on short Chinese
  // articles, which are dense; the caller's minText decides instead.
  const article = new Readability(doc, { charThreshold: 0 }).parse();
  const content = article?.content;
  return typeof content === 'string' && content.trim() !== '' ? content : undefined;
}
