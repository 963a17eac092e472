/**
 * Pages of sites without an outlet rule go through Mozilla Readability (on linkedom); too little text
 * means no article.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readabilityFixtures } from '../../eval/fixtures.js';
import { score } from '../../eval/score.js';
import { extractArticle } from '../../src/extract/extract.js';
import { ruleFor } from '../../src/outlets/index.js';

describe('Readability fallback', () => {
  const [page] = readabilityFixtures().filter((f) => f.id === 'readability/river-cleanup');

  it('extracts the article of a page with no rule, without navigation, sidebar, comments or footer', () => {
    assert.ok(page?.url !== undefined);
    assert.equal(ruleFor(page.url), undefined);
    const result = extractArticle(page.html, page.url);
    assert.ok(result);
    assert.equal(result.via, 'readability');
    assert.equal(result.rule, undefined);
    assert.ok(result.html.startsWith('<section>') && result.html.endsWith('</section>'));
    for (const noise of ['本地新闻', '订阅我们', '热门文章', '地铁四号线', '读者评论', '版权所有', '隐私政策', '广告']) {
      assert.ok(!result.text.includes(noise), `kept: ${noise}`);
    }
    assert.ok(result.text.includes('这是河畔社区自去年春天以来组织的第十次清理行动。'));
    assert.ok(result.html.includes('src="https://example.test/media/2024/05/river-volunteers.jpg"'), 'relative image URL made absolute');
    assert.ok(!/ class=| id=/u.test(result.html), 'attributes cleaned');
    assert.ok(page.expectedText !== undefined);
    assert.ok(score(result.text, page.expectedText).f1 >= 0.95);
  });

  it('returns undefined for a page with too little text', () => {
    const html = '<!doctype html><html><head><title>短</title></head><body><nav><a href="/">首页</a></nav>' +
      '<article><h1>通知</h1><p>本站将于今晚维护。</p></article><footer>© 2024</footer></body></html>';
    assert.equal(extractArticle(html, 'https://example.test/notice'), undefined);
  });

  it('honours minText', () => {
    assert.ok(page?.url !== undefined);
    assert.equal(extractArticle(page.html, page.url, { minText: 100_000 }), undefined);
    assert.ok(extractArticle(page.html, page.url, { minText: 50 }));
  });

  it('falls back to Readability when the outlet rule finds nothing', () => {
    // A dw.com/zh URL whose page has none of the rule's selectors.
    assert.ok(page);
    const result = extractArticle(page.html, 'https://www.dw.com/zh/x/a-1');
    assert.ok(result);
    assert.equal(result.via, 'readability');
  });
});
