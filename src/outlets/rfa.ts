/**
 * Radio Free Asia Mandarin (rfa.org/mandarin). The text is `#storytext` on the Plone site (`.story-body`,
 * `[itemprop=articleBody]` elsewhere). Editors paste "相关报道" link lists into the middle of the text as
 * plain `<ul>`s, which only the transform can tell from content lists; audio players, zoom icons and share
 * bars go by selector.
 */
import { dropBlankParagraphs, dropRelatedLinks, linksTo } from './tidy.js';
import type { OutletRule } from './types.js';

export const rfa: OutletRule = {
  id: 'rfa',
  hosts: [/^(?:www\.)?rfa\.org$/u],
  paths: [/^\/+mandarin(?:\/|$)/u],
  keep: ['#storytext', '.story-body', '[itemprop=articleBody]'],
  drop: [
    '.audioplayer',
    '#storyaudio',
    '.share',
    '.sharethis-inline-share-buttons',
    '#related-content',
    '.related-content',
    // The magnifier icon under each captioned image.
    '#zoomattribute',
    'a:has(> img[src*="icon-zoom"])',
    // Related lists pasted from Plone's search results or link picker; these selectors also clean feed bodies
    // (`clean: true`), where the transform does not run.
    'ul:has(.result-title)',
    'ul:has(> li a.state-published)',
    '.searchresultdate',
  ],
  byline: '#story_byline, [itemprop=author]',
  date: '#story_date, [itemprop=datePublished]',
  leadImage: '#headerimg img',
  transform(body) {
    dropRelatedLinks(body, linksTo(['rfa.org', 'rfaweb.org']));
    // `<p><br/></p>` spacers, which the pasted related lists leave in pairs.
    dropBlankParagraphs(body);
  },
};
