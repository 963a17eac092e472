import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ArticleFormatError, joinBody, normaliseTitle, parseArticle, parseArticleHead, serializeArticle } from '../../src/archive/format.js';

test('serializes exactly five lines in the archive format', () => {
  const text = serializeArticle({
    pubDate: 1690339023000,
    title: '  普京将与习近平会面  ',
    url: 'https://cn.nytimes.com/world/20230726/putin/',
    body: '\n  <address>A</address>\n\t<p>一</p>  \n<p>二</p>\n',
  });
  assert.equal(text, '<!--1690339023000-->\n[普京将与习近平会面](https://cn.nytimes.com/world/20230726/putin/)\n------\n\n<address>A</address><p>一</p><p>二</p>\n');
  assert.equal(text.split('\n').length, 6);
});

test('body lines are trimmed with JavaScript \\s (CR, tabs, ideographic space) and joined with nothing', () => {
  assert.equal(joinBody('<p>a</p>\r\n\u3000<p>b</p>\u00a0\n \n<p>c</p>'), '<p>a</p><p>b</p><p>c</p>');
  assert.equal(joinBody('<p>x &amp; <!--pay wall 1: 0--> y</p>'), '<p>x &amp; <!--pay wall 1: 0--> y</p>');
});

test('a line break inside a title becomes one space so the file keeps five lines', () => {
  assert.equal(normaliseTitle(' 第一行\n第二行\r\n第三行 '), '第一行 第二行 第三行');
  assert.equal(normaliseTitle('因应中国崛起  北约提议重拟战略'), '因应中国崛起  北约提议重拟战略');
});

test('round trip: parse(serialize(a)) keeps every field', () => {
  const article = { pubDate: 1600943810000, title: '标题 [带括号] (和) \\反斜杠', url: 'http://www.rfi.fr//cn/a(1)', body: '<p>正文</p>' };
  assert.deepEqual(parseArticle(serializeArticle(article)), article);
});

test('the head parser splits title and URL at the last "](", so titles may hold brackets', () => {
  assert.deepEqual(parseArticleHead('<!--1-->\n[a](b) [c](https://x.test/p)\n'), { pubDate: 1, title: 'a](b) [c', url: 'https://x.test/p' });
});

test('broken files are rejected with the reason', () => {
  assert.throws(() => parseArticleHead('no header\n[t](u)\n'), /line 1/);
  assert.throws(() => parseArticleHead('<!--1-->\nnot a link\n'), /line 2/);
  assert.throws(() => parseArticle('<!--1-->\n[t](u)\n------\n\n<p>cut'), ArticleFormatError);
  assert.throws(() => serializeArticle({ pubDate: 1.5, title: 't', url: 'u', body: '' }), /integer/);
});
