/**
 * Every page fixture under test/fixtures/pages/<outlet>/ is extracted by that outlet's rule into exactly its
 * .expected.html, and its text matches the hand-written .expected.txt. New fixtures need no code here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { outletFixtures } from '../../eval/fixtures.js';
import { score } from '../../eval/score.js';
import { extractArticle } from '../../src/extract/extract.js';
import { OUTLETS, ruleFor } from '../../src/outlets/index.js';

const fixtures = outletFixtures();

describe('outlet page fixtures', () => {
  for (const fixture of fixtures) {
    it(`${fixture.id} is extracted by the ${fixture.outlet} rule`, () => {
      assert.ok(fixture.url !== undefined, `${fixture.id}.url (the URL the page was served at) is missing`);
      const result = extractArticle(fixture.html, fixture.url);
      assert.ok(result, 'nothing extracted');
      assert.equal(result.via, 'rule');
      assert.equal(result.rule, fixture.outlet);
      assert.ok(fixture.expectedHtml !== undefined, `${fixture.id}.expected.html is missing`);
      assert.equal(result.html, fixture.expectedHtml.replace(/\n$/u, ''));
      if (fixture.expectedText !== undefined) {
        const { f1 } = score(result.text, fixture.expectedText);
        assert.ok(f1 >= 0.9, `F1 ${f1.toFixed(3)} against the hand-written text`);
      }
    });
  }

  it('has at least two fixtures for each of nyt, bbc, dw and rfi', () => {
    for (const outlet of ['nyt', 'bbc', 'dw', 'rfi']) {
      const n = fixtures.filter((f) => f.outlet === outlet).length;
      assert.ok(n >= 2, `${outlet}: ${n} fixture(s)`);
    }
  });
});

describe('ruleFor', () => {
  const cases: [string, string | undefined][] = [
    ['https://cn.nytimes.com/world/20220713/interpreter-world-falling-apart/', 'nyt'],
    ['https://www.nytimes.com/2022/07/12/world/interpreter.html', undefined],
    ['https://www.bbc.com/zhongwen/simp/world-55653976', 'bbc'],
    ['https://www.bbc.com/zhongwen/trad/world-55653976', 'bbc'],
    ['http://www.bbc.co.uk/zhongwen/simp/chinese_news/2012/12/121210_hongkong_politics.shtml', 'bbc'],
    ['https://www.bbc.com/news/world-55653976', undefined],
    ['https://WWW.DW.COM:443/zh/%E5%8F%B0%E6%B9%BE/a-60571713', 'dw'],
    ['https://www.dw.com/en/taiwan/a-60571713', undefined],
    ['https://www.rfi.fr/cn/%E4%B8%AD%E5%9B%BD/20230924-x', 'rfi'],
    ['http://www.rfi.fr//cn/%E6%96%90%E6%B5%8E', 'rfi'],
    ['https://www.rfi.fr/fr/afrique/20220612-x', undefined],
    ['https://evil.example/www.bbc.com/zhongwen/x', undefined],
    ['not a url', undefined],
  ];
  for (const [url, id] of cases) {
    it(`${url} → ${id ?? 'no rule'}`, () => {
      assert.equal(ruleFor(url)?.id, id);
    });
  }

  it('lists every outlet once', () => {
    const ids = OUTLETS.map((r) => r.id);
    assert.deepEqual([...new Set(ids)].sort(), ['bbc', 'cdt', 'dw', 'ft', 'nyt', 'reuters', 'rfa', 'rfi', 'voa']);
    assert.equal(ids.length, 9);
  });
});
