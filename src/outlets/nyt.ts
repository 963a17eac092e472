/**
 * The New York Times Chinese (cn.nytimes.com). The article element holds the lead photo, the body
 * (`section.article-body`, one `.article-paragraph` per paragraph) and the author notes and translator
 * credit in `footer.author-info`; all three belong in the archive, as the existing archive shows.
 */
import type { OutletRule } from './types.js';

export const nyt: OutletRule = {
  id: 'nyt',
  hosts: [/^(?:www\.|m\.)?cn\.nytimes\.com$/u, /^(?:www\.)?nytimes\.cn$/u],
  keep: ['article.article-content', 'section.article-body', '.article-body'],
  drop: [
    // Title, byline and share bar: the byline and date go in the header, the title is the entry's title.
    '.article-header',
    'h1',
    '.setting-bar',
    '.share-bar',
    '.big_ad',
    '.ad',
    '[id^=ad_]',
    '[id^=div-gpt-ad]',
    '.related-coverage',
    '.article-related',
    '.article-sidebar',
    // The English original is one click away on the live site; in the archive the link is noise.
    '.article-paragraph:has(a:contains(点击查看本文英文版))',
    'p:has(> a:contains(点击查看本文英文版))',
    'a:contains(点击查看本文英文版)',
  ],
  byline: '.byline address, .article-header address, address',
  date: '.byline time, .article-header time, time[pubdate]',
  leadImage: 'figure.article-span-photo',
};
