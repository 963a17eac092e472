/**
 * BBC News 中文 (bbc.com/zhongwen, formerly bbc.co.uk/zhongwen). Two page generations:
 * - 2019 on, the Simorgh React app: the article is `main[role=main]`, each paragraph in its own wrapper div,
 *   with ads, in-article "related stories" lists and promos between them; related content lives after main.
 * - Until about 2016, static XHTML: the article is `.story-body .bodytext`, share tools and related
 *   links in sibling blocks.
 */
import type { OutletRule } from './types.js';

export const bbc: OutletRule = {
  id: 'bbc',
  hosts: [/^(?:www\.|m\.)?bbc\.com$/u, /^(?:www\.|m\.)?bbc\.co\.uk$/u],
  paths: [/^\/zhongwen\//u],
  keep: ['main[role=main]', '.story-body .bodytext', '#storybody', '.story-body'],
  drop: [
    // The headline is the archive entry's title already.
    'h1',
    '[data-e2e=advertisement]',
    '[data-e2e=related-content-heading]',
    '[data-e2e=most-read]',
    '[data-e2e=top-stories-heading]',
    '[data-e2e=features-analysis-heading]',
    '[data-e2e=podcast-promo]',
    '[aria-labelledby=related-topics]',
    'section:has(> h2:contains(相关话题))',
    'aside',
    'nav',
    // Screen-reader label in front of every caption; the credit's label ("图像来源，") reads well and stays.
    'figcaption span:contains(图像加注文字)',
    '.tools-container',
    '.tools-container-end',
    '.document-tools',
    '.contextual-links',
  ],
  // The byline is the only list before the timestamp (name, then role).
  byline: 'main[role=main] > div:has(~ div time) ul[role=list]',
  date: 'main[role=main] time[datetime], .story-body .datestamp, .datestamp',
  transform: dropRelatedLinkLists,
};

/** In-article "related stories" are lists whose every item is nothing but a link to another story. */
function dropRelatedLinkLists(body: Element): void {
  for (const list of body.querySelectorAll('ul')) {
    const items = Array.from(list.children);
    const allLinks = items.length > 0 && items.every((li) => {
      const links = li.querySelectorAll('a');
      const linkText = Array.from(links, (a) => a.textContent ?? '').join('');
      return links.length > 0 && linkText.trim() === (li.textContent ?? '').trim();
    });
    if (allLinks) list.remove();
  }
}
