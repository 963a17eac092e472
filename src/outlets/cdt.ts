/**
 * China Digital Times (chinadigitaltimes.net), WordPress. The text is `.entry-content` (`.post-content` in
 * older themes). The "CDT 档案卡" box (title, author, source of the archived piece: a Shortcodes Ultimate
 * spoiler) is part of the archived text and stays; share buttons, Jetpack related posts and comments go.
 */
import { dropLazyDuplicates, promoteLazySources } from './tidy.js';
import type { OutletRule } from './types.js';

export const cdt: OutletRule = {
  id: 'cdt',
  hosts: [/^(?:www\.)?chinadigitaltimes\.net$/u],
  keep: ['.entry-content', '.post-content'],
  drop: [
    '.addtoany_share_save_container',
    '.addtoany_share',
    '.sharedaddy',
    '.jp-relatedposts',
    '#jp-relatedposts',
    '#comments',
    '.comments-area',
    '.post-navigation',
    // The spoiler's open/close chevron.
    '.su-spoiler-icon',
  ],
  byline: '.entry-meta .author, .post-meta .author',
  date: 'time.entry-date.published, .entry-meta time[datetime], .post-meta time[datetime]',
  // The featured image, skipping a lazy placeholder for the <noscript> copy the lazy-load plugins add.
  leadImage: '.post-thumbnail img:not([data-lazy-src]):not([data-src]), .post-thumbnail noscript img',
  transform(body) {
    // a3 Lazy Load: placeholder <img data-src> plus a <noscript> copy of the same picture.
    dropLazyDuplicates(body);
    // WordPress Lazy Load: src is the plugin's own 1x1.trans.gif, the picture is in data-lazy-src.
    promoteLazySources(body);
  },
};
