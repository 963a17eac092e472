/**
 * The real BBC Chinese pages of the shared fixtures: the 2021 Simorgh app page and the 2012 XHTML page.
 * The article's paragraphs are extracted; navigation, related content, share tools and footer are not.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { realPages, SHARED_PAGES_DIR } from '../../eval/fixtures.js';
import { extractArticle } from '../../src/extract/extract.js';

const pages = realPages();
const skip = pages === undefined ? `the shared fixtures (${SHARED_PAGES_DIR}) are not present` : false;

const expectations: Record<string, { present: string[]; absent: string[] }> = {
  'real/bbc-1': {
    present: [
      '海权论鼻祖、美国海军理论家马汉曾说过，谁控制了印度洋谁就控制了整个亚洲。',
      '中国同印度洋沿线国家加强海路联系的做法被美国军方称作“珍珠链战略”。',
      '俄罗斯科学院普里马科夫世界经济与国际关系研究所的斯特凡诺维奇（Dmitry Stefanovich）认为',
      '不过贝克认为，中国对印度洋的海上能力正在得到提升',
    ],
    absent: [
      '更多相关内容', // related content after the article
      '相关内容',
      '头条新闻', // top stories
      '最多人阅读', // most read
      '跳过此内容', // skip link in the banner
      '中印对峙：印度“围魏救赵”新战略--南海施压', // a related story promo
      '印度“围魏救赵”新战略解读', // in-article related links list
      '图像加注文字', // screen-reader caption label
      '使用条款', // footer
      '中国俄罗斯海军进入印度洋挑战美国印太布局', // the headline: the archive entry's title already
    ],
  },
  'real/bbc-2': {
    present: [
      '香港行政长官梁振英在各方压力下就其大宅的违章建筑（僭建）问题到立法会接受质询，并向香港民众道歉。',
      '不过泛民主派议员们普遍指责梁振英“撒谎”，要求他马上辞职下台。',
      '“郑重道歉”',
      '民主党此前计划在星期三（11日）对梁振英提出不信任动议。',
    ],
    absent: [
      '浏览协助', // accessibility navigation
      'Facebook', // share tools
      '转寄朋友',
      '打印文稿',
      '与内文相关的链接', // related links
      '相关内容',
      '梁振英定下出席违建事件质询日期',
      '头条新闻',
      '最多人阅读',
      '服务专区', // footer
      '港特首梁振英就住宅违建事件道歉', // the headline
    ],
  },
};

describe('real BBC pages', { skip }, () => {
  for (const page of pages ?? []) {
    const expected = expectations[page.id];
    it(`${page.id}: paragraphs present, boilerplate absent`, () => {
      assert.ok(expected);
      const result = extractArticle(page.html, page.url);
      assert.ok(result, 'nothing extracted');
      assert.equal(result.via, 'rule');
      assert.equal(result.rule, 'bbc');
      for (const text of expected.present) assert.ok(result.text.includes(text), `missing: ${text}`);
      for (const text of expected.absent) assert.ok(!result.text.includes(text), `boilerplate kept: ${text}`);
      assert.ok(!/<(?:script|style|nav|footer|header)\b/iu.test(result.html), 'page furniture in the HTML');
    });
  }

  it('real/bbc-1: pictures behind <noscript> lazy loading are kept, with credit and caption', () => {
    const page = pages?.find((p) => p.id === 'real/bbc-1');
    assert.ok(page);
    const result = extractArticle(page.html, page.url);
    assert.ok(result);
    assert.equal(result.html.match(/<img /gu)?.length, 5);
    assert.ok(result.html.includes('src="https://ichef.bbci.co.uk/news/640/cpsprodpb/3B24/production/_116504151_243f21c5-b7e4-41e8-aa36-99e603108d3d.jpg"'));
    assert.ok(result.text.includes('北京认为，南海是其领海的重要组成部分'));
    assert.ok(result.html.startsWith('<time datetime="2021-01-13">2021年1月13日</time>\n<section>'), result.html.slice(0, 80));
  });
});
