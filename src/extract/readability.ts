/**
 * The fallback for pages no outlet rule handles: Mozilla Readability's guess of the article, on linkedom.
 */
import { Readability } from '@mozilla/readability';

/** The article's HTML as Readability sees it, or undefined when it finds no article. */
export function readabilityHtml(doc: Document): string | undefined {
  // Readability only reads these few DOM features; linkedom's document provides them.
  const article = new Readability(doc, { charThreshold: 0, keepClasses: false }).parse();
  const content = article?.content;
  return typeof content === 'string' && content.trim() !== '' ? content : undefined;
}
