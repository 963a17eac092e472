/**
 * The voa, rfa, cdt, ft and reuters rules: which URLs they claim, and the transform helpers they share
 * (src/outlets/tidy.ts) on the cases the page fixtures do not cover.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHTML } from 'linkedom';
import { ruleFor } from '../../src/outlets/index.js';
import { dropLazyDuplicates, dropRelatedLinks, dropRelativeTimes, isRelativeTime, linksTo, promoteLazySources } from '../../src/outlets/tidy.js';

function section(inner: string): Element {
  const { document } = parseHTML(`<!doctype html><html><body><section>${inner}</section></body></html>`);
  return document.querySelector('section') as unknown as Element;
}

describe('ruleFor (voa, rfa, cdt, ft, reuters)', () => {
  const cases: [string, string | undefined][] = [
    ['https://www.voachinese.com/a/china-japan-south-korea-20231126/7371402.html', 'voa'],
    ['https://www.voanews.com/a/7371402.html', undefined],
    ['https://www.rfa.org/mandarin/yataibaodao/junshiwaijiao/gf-10072020082606.html', 'rfa'],
    ['https://www.rfa.org/cantonese/news/htm/x.html', undefined],
    ['https://chinadigitaltimes.net/chinese/683575.html', 'cdt'],
    ['https://www.ftchinese.com/story/001089674', 'ft'],
    ['https://cn.ft.com/story/001094624?full=y', 'ft'],
    ['https://www.ft.com/content/abc', undefined],
    ['https://cn.reuters.com/article/mideast-tensions-idCNKCS2CZ01P', 'reuters'],
    ['https://www.reuters.com/world/china/china-sets-2023-growth-target-2023-03-05/', 'reuters'],
    ['https://notreuters.com/world/china/x', undefined],
  ];
  for (const [url, id] of cases) {
    it(`${url} → ${id ?? 'no rule'}`, () => assert.equal(ruleFor(url)?.id, id));
  }
});

describe('dropRelatedLinks', () => {
  const own = linksTo(['rfa.org']);

  it('removes a list of links to the outlet and the heading before it', () => {
    const body = section('<p>正文。</p><p><strong>相关报道</strong></p><ul><li><a href="https://www.rfa.org/a.html">甲</a></li><li><b><a href="/b.html">乙</a></b></li></ul><p>续文。</p>');
    dropRelatedLinks(body, own);
    assert.equal(body.innerHTML, '<p>正文。</p><p>续文。</p>');
  });

  it('keeps lists with prose in them, and links to other sites', () => {
    const inner = '<ul><li>理由一：<a href="https://www.rfa.org/a.html">美元资产</a>面临风险</li></ul><ul><li><a href="https://example.org/x">外部报告</a></li></ul>';
    const body = section(inner);
    dropRelatedLinks(body, own);
    assert.equal(body.innerHTML, inner);
  });

  it('removes a "延伸阅读：" paragraph that is only a heading and its links', () => {
    const body = section('<p>正文。</p><p>延伸阅读：<a href="https://www.rfa.org/c.html">人民币汇率</a></p><p>但提到<a href="https://www.rfa.org/d.html">报道</a>的正文留下。</p>');
    dropRelatedLinks(body, own);
    assert.equal(body.innerHTML, '<p>正文。</p><p>但提到<a href="https://www.rfa.org/d.html">报道</a>的正文留下。</p>');
  });
});

describe('dropRelativeTimes', () => {
  it('recognises frozen relative times and nothing else', () => {
    for (const t of ['3小时前', ' · 1 天前', '更新于 2 天前', '5 hours ago', 'Updated 3 hours ago']) assert.ok(isRelativeTime(t), t);
    for (const t of ['3小时前发生的事', '2023年3月5日', '前3小时', '昨天下午']) assert.ok(!isRelativeTime(t), t);
  });

  it('removes the time and the element it leaves empty, keeping the sentence around it', () => {
    const body = section('<p>分析人士说。<span class="rel">3小时前</span></p><div><span>2小时前</span></div><p>共有3小时前后的差别。</p>');
    dropRelativeTimes(body);
    assert.equal(body.innerHTML, '<p>分析人士说。</p><p>共有3小时前后的差别。</p>');
  });
});

describe('lazy images', () => {
  it('drops the lazy placeholder when its noscript twin shows the same picture', () => {
    const body = section('<p><img src="data:image/gif;base64,R0lGOD" data-src="https://x.test/a.jpg"><img src="https://x.test/a.jpg"></p><p><img data-src="https://x.test/b.jpg"></p>');
    dropLazyDuplicates(body);
    assert.equal(body.innerHTML, '<p><img src="https://x.test/a.jpg"></p><p><img data-src="https://x.test/b.jpg"></p>');
  });

  it('puts the lazy URL in src whatever the placeholder', () => {
    const body = section('<img src="/wp-content/plugins/lazy-load/images/1x1.trans.gif" data-lazy-src="https://x.test/c.jpg">');
    promoteLazySources(body);
    assert.equal(body.querySelector('img')?.getAttribute('src'), 'https://x.test/c.jpg');
  });
});
