/**
 * Reuters Chinese: cn.reuters.com (2018-2021 layout, `.StandardArticleBody_body`) and reuters.com (React
 * layout: paragraphs `[data-testid=paragraph-N]` in a hashed `article-body__content__…` div). The date comes
 * from the article meta tags: the visible one carries a frozen "X小时前". Ad slots, attribution lines and
 * "相关报道" go; so does any relative time left in the text.
 */
import { dropRelatedLinks, dropRelativeTimes, linksTo } from './tidy.js';
import type { OutletRule } from './types.js';

export const reuters: OutletRule = {
  id: 'reuters',
  hosts: [/^(?:cn|www|mobile|cn\.mobile)\.reuters\.com$/u, /^reuters\.com$/u],
  keep: [
    '[class*="article-body__content__"]',
    'div:has(> [data-testid^="paragraph-"])',
    '.StandardArticleBody_body',
    '[class*="StandardArticleBody_body"]',
    '#articleText',
  ],
  drop: [
    '[data-testid="ResponsiveAdSlot"]',
    '[data-testid*="AdSlot"]',
    '[class*="DPSlot_container"]',
    '[class*="Attribution_container"]',
    '[class*="RelatedCoverage"]',
    '[class*="related-coverage"]',
    '[data-testid="RelatedCoverage"]',
    '[class*="trustBadge" i]',
    '[class*="sign-up"]',
    '[data-testid="Toolbar"]',
    '[class*="Toolbar_container"]',
  ],
  byline: '[class*="BylineBar_byline"], [data-testid="AuthorByline"]',
  date: 'meta[property="og:article:published_time"], meta[name="article:published_time"], meta[property="article:published_time"], time[datetime]',
  leadImage: '[data-testid="primary-image"] img, [class*="PrimaryAsset_container"] img',
  transform(body) {
    dropRelativeTimes(body);
    dropRelatedLinks(body, linksTo(['reuters.com']));
  },
};
