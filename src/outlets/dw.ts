/**
 * Deutsche Welle Chinese (dw.com/zh). Two page generations:
 * - until 2022, `.longText` holds the paragraphs; date and author are items of the `.smallList` facts list
 *   and the lead picture is the first `.picBox`;
 * - since 2022, the React site: `article .rich-text`, with author, `<time>` and hero figure in the header.
 * Both carry the same legal notice and "延伸阅读" (further reading) links at the end of every article.
 */
import type { OutletRule } from './types.js';

export const dw: OutletRule = {
  id: 'dw',
  hosts: [/^(?:www\.|m\.)?dw\.com$/u],
  paths: [/^\/zh(?:-hant)?(?:\/|$)/u],
  keep: ['.longText', 'article .rich-text', '.rich-text'],
  drop: [
    '.advertisement',
    '.gallery',
    '.related-content',
    '.share-menu',
    'p:contains(延伸阅读)',
    'p:contains(延申阅读)',
    'p:contains(德国之声版权声明)',
  ],
  byline: '.author-details, .smallList li:has(> strong:contains(作者))',
  date: 'article time[datetime], .publication-details time, .smallList li:has(> strong:contains(日期))',
  leadImage: 'figure.hero-image, .col3 .picBox.full',
};
