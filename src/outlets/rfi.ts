/**
 * Radio France Internationale Chinese (rfi.fr/cn). The lead paragraph (`.t-content__chapo`) and main
 * picture sit before `.t-content__body` inside `article.t-content`, so the whole article is kept and its
 * furniture dropped; `.t-content__body` alone is the fallback for pages without the article wrapper.
 */
import type { OutletRule } from './types.js';

export const rfi: OutletRule = {
  id: 'rfi',
  hosts: [/^(?:www\.|m\.)?rfi\.fr$/u],
  // Old links carry a doubled slash (http://www.rfi.fr//cn/…).
  paths: [/^\/+cn(?:\/|$)/u],
  keep: ['article.t-content', '.t-content__body'],
  drop: [
    'h1',
    '.t-content__section-pst',
    '.t-content__dates',
    '.t-content__time-read',
    '.t-content__tags',
    '.m-share',
    '.m-interstitial',
    '.o-self-promo',
    '[data-selfpromo-newsletter]',
    '[data-selfpromo-app]',
    '.m-related-articles',
    'section:has(> h2:contains(相关文章))',
  ],
  byline: '.t-content__authors .m-from-author__name',
  date: '.t-content__dates time, .m-pub-dates time',
  leadImage: '.t-content__main-media figure',
};
