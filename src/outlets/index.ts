/**
 * The outlet rules newsmirror knows, and the lookup of a page's rule by its URL.
 */
import { bbc } from './bbc.js';
import { cdt } from './cdt.js';
import { dw } from './dw.js';
import { ft } from './ft.js';
import { nyt } from './nyt.js';
import { reuters } from './reuters.js';
import { rfa } from './rfa.js';
import { rfi } from './rfi.js';
import type { OutletRule } from './types.js';
import { voa } from './voa.js';

export type { OutletRule } from './types.js';

export const OUTLETS: readonly OutletRule[] = [nyt, bbc, dw, rfi, voa, rfa, cdt, ft, reuters];

/** The first rule whose host (and path, when the rule narrows by path) matches; undefined for other sites. */
export function ruleFor(url: string): OutletRule | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  // URL.hostname is already lower-case and without the port.
  const host = parsed.hostname;
  return OUTLETS.find((rule) => rule.hosts.some((re) => re.test(host)) && (rule.paths === undefined || rule.paths.some((re) => re.test(parsed.pathname))));
}
