/**
 * `clean: true`: a feed body with the outlet rule's drop selectors (ads, related blocks, share bars) removed.
 * Only this re-serialises a feed body, and only when something was removed: otherwise it stays byte for byte.
 */
import { parseHTML } from 'linkedom';
import { ruleFor } from '../outlets/index.js';

export function cleanFeedBody(html: string, url: string): string {
  const rule = ruleFor(url);
  if (!rule || rule.drop.length === 0) return html;
  const { document } = parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`);
  let removed = false;
  for (const selector of rule.drop) {
    for (const element of document.body.querySelectorAll(selector)) {
      element.remove();
      removed = true;
    }
  }
  return removed ? document.body.innerHTML : html;
}
