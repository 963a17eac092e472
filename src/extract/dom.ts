/**
 * Page parsing on linkedom, made to behave like a browser's HTML parser where extraction depends on it.
 */
import { parseHTML } from 'linkedom';

export function parsePage(html: string): Document {
  const doc = parseHTML(html).document as unknown as Document;
  lowerCaseAttributes(doc);
  return doc;
}

/**
 * HTML attribute names are case-insensitive, but linkedom keeps them as written; React-rendered pages write
 * `dateTime` and `srcSet`, which getAttribute('datetime') and [srcset] selectors would then miss.
 */
function lowerCaseAttributes(doc: Document): void {
  for (const el of doc.querySelectorAll('*')) {
    for (const name of el.getAttributeNames()) {
      const lower = name.toLowerCase();
      if (lower === name) continue;
      const value = el.getAttribute(name) ?? '';
      el.removeAttribute(name);
      if (!el.hasAttribute(lower)) el.setAttribute(lower, value);
    }
  }
}
