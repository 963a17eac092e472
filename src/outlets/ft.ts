/**
 * Financial Times Chinese (ftchinese.com, cn.ft.com). The text is `#story-body-container` inside
 * `.story-body`; the standfirst (`.story-lead`) sits above it and, as in the archive, opens the body. In-text
 * ads are `.o-ads` slots; "相关文章" boxes are `.story-box`.
 */
import type { OutletRule } from './types.js';

export const ft: OutletRule = {
  id: 'ft',
  hosts: [/^(?:www\.|m\.|big5\.)?ftchinese\.com$/u, /^cn\.ft\.com$/u],
  keep: ['#story-body-container', '.story-body'],
  drop: ['.o-ads', '.in-article-advert', '.story-box', '.mpu-container', '.share-container', '.subscribe-lock-container'],
  byline: '.story-author',
  date: '.story-time',
  leadImage: '.story-image img',
  transform(body) {
    // The standfirst is the article's own summary; feeds and the archive carry it ahead of the text.
    const lead = body.ownerDocument.querySelector('.story-lead');
    const text = (lead?.textContent ?? '').replace(/[\s\u00a0]+/gu, ' ').trim();
    if (text === '' || (body.textContent ?? '').includes(text)) return;
    const p = body.ownerDocument.createElement('p');
    p.textContent = text;
    body.prepend(p);
  },
};
