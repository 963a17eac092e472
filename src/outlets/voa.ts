/**
 * Voice of America Chinese (voachinese.com), on the Pangea CMS. The text is `#article-content .wsw`; inside it
 * `.wsw__embed` blocks hold both the story's own figures and video players (kept) and "related" teaser blocks
 * and app promos (dropped). The cover image with its caption sits above the body in `.cover-media`.
 */
import { unwrapFigureDivs } from './tidy.js';
import type { OutletRule } from './types.js';

export const voa: OutletRule = {
  id: 'voa',
  hosts: [/^(?:www\.|m\.)?voachinese\.com$/u],
  keep: ['#article-content .wsw', '.wsw'],
  drop: [
    // "相关新闻" teaser blocks, inline and their embed wrappers.
    '.media-block-wrap',
    '.wsw__embed:has(.media-block-wrap)',
    '.wsw__embed:has(.media-pholder)',
    '.wsw__related',
    '.news-app-promo',
    // Share bars and the widgets around the text.
    '.share',
    '.share--box',
    '.sticky-share-container',
    '.c-mmp__fallback-link',
  ],
  byline: '.authors, a.links__item-link[href*="/author/"]',
  date: 'time[pubdate], .published time',
  // The cover is a captioned figure, or a video player's poster (next to a spinner image).
  leadImage: '.cover-media figure img, .cover-media .c-mmp__poster img',
  transform(body) {
    unwrapFigureDivs(body);
  },
};
