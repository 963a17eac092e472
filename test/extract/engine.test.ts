/**
 * The extraction engine's own behaviour, on small pages and an ad-hoc rule: body choice by text length,
 * header (byline, date, lead figure), lazy images, absolute URLs and attribute cleaning.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { byRule } from '../../src/extract/extract.js';
import { countText } from '../../src/extract/text.js';
import type { OutletRule } from '../../src/outlets/types.js';

const rule: OutletRule = {
  id: 'test',
  hosts: [/^news\.test$/u],
  keep: ['.body', 'article'],
  drop: ['.ad', '.related'],
  byline: '.author',
  date: 'time',
  leadImage: '.lead',
};

const para = (n: number): string => `<p>${'新闻正文'.repeat(n)}</p>`;
const page = (body: string): string => `<!doctype html><html><head><title>t</title></head><body>${body}</body></html>`;

describe('byRule', () => {
  it('takes the first keep selector whose element has enough text, skipping short matches', () => {
    const html = page(`<div class="body">${para(2)}</div><div class="body">${para(60)}</div>`);
    const r = byRule(html, 'https://news.test/a', rule, 200);
    assert.ok(r);
    assert.equal(r.html, `<section>${para(60)}</section>`);
    assert.equal(r.rule, 'test');
  });

  it('counts text after drop selectors, scripts and styles are gone', () => {
    const html = page(`<div class="body">${para(10)}<div class="ad">${'广告'.repeat(200)}</div><script>${'x'.repeat(500)}</script></div>`);
    assert.equal(byRule(html, 'https://news.test/a', rule, 200), undefined);
  });

  it('puts byline, date and a lead figure outside the body before it, and removes them from the body', () => {
    const html = page(
      `<figure class="lead"><img src="/l.jpg" class="x"><figcaption>说明</figcaption></figure>` +
        `<article><span class="author">记者 甲</span><time datetime="2024-01-02T03:04:05Z">3小时前</time>${para(60)}</article>`,
    );
    const r = byRule(html, 'https://news.test/a/b', rule, 200);
    assert.ok(r);
    assert.equal(
      r.html,
      '<address>记者 甲</address>\n<time datetime="2024-01-02T03:04:05Z">2024-01-02T03:04:05Z</time>\n' +
        '<figure><img src="https://news.test/l.jpg"><figcaption>说明</figcaption></figure>\n' +
        `<section>${para(60)}</section>`,
    );
  });

  it('leaves a lead figure that is inside the body where it is', () => {
    const html = page(`<article><figure class="lead"><img src="https://img.test/l.jpg"></figure>${para(60)}</article>`);
    const r = byRule(html, 'https://news.test/a', rule, 200);
    assert.ok(r);
    assert.equal(r.html, `<section><figure><img src="https://img.test/l.jpg"></figure>${para(60)}</section>`);
  });

  it('makes lazy images real and relative URLs absolute', () => {
    const html = page(
      `<div class="body">${para(60)}` +
        '<img src="data:image/gif;base64,R0lGOD" data-src="/big.jpg">' +
        '<img data-original="//cdn.test/o.jpg" alt="o">' +
        '<img src="data:image/gif;base64,R0lGOD" srcset="/s.jpg 320w, /m.jpg 640w">' +
        '<a href="../other/">x</a><a href="#note">y</a><a href="javascript:alert(1)">z</a></div>',
    );
    const r = byRule(html, 'https://news.test/a/b/', rule, 200);
    assert.ok(r);
    assert.ok(r.html.includes('<img src="https://news.test/big.jpg">'), r.html);
    assert.ok(r.html.includes('<img src="https://cdn.test/o.jpg" alt="o">'), r.html);
    assert.ok(r.html.includes('<img src="https://news.test/m.jpg" srcset="https://news.test/s.jpg 320w, https://news.test/m.jpg 640w">'), r.html);
    assert.ok(r.html.includes('<a href="https://news.test/a/other/">x</a><a href="#note">y</a><a>z</a>'), r.html);
  });

  it('keeps only meaningful attributes and reads camelCase ones (React pages) as HTML does', () => {
    const html = page(
      `<div class="body"><p class="c" id="i" style="color:red" data-x="1" onclick="go()" title="t">${'字'.repeat(250)}</p>` +
        '<table><tr><td colSpan="2" class="c">a</td></tr></table><img srcSet="/a.jpg 1x" src="/a.jpg" width="10" loading="lazy"></div>',
    );
    const r = byRule(html, 'https://news.test/', rule, 200);
    assert.ok(r);
    assert.ok(r.html.startsWith(`<section><p title="t">${'字'.repeat(250)}</p>`), r.html);
    assert.ok(r.html.includes('<td colspan="2">a</td>'), r.html);
    assert.ok(r.html.includes('<img srcset="https://news.test/a.jpg 1x" src="https://news.test/a.jpg" width="10">'), r.html);
  });

  it('keeps video players and drops other iframes, empty wrappers and comments', () => {
    const html = page(
      `<div class="body">${para(60)}<!-- ad slot --><div><div><span> </span></div></div>` +
        '<iframe src="https://www.youtube.com/embed/abc" allowfullscreen class="v"></iframe>' +
        '<iframe src="https://ads.test/frame.html"></iframe></div>',
    );
    const r = byRule(html, 'https://news.test/', rule, 200);
    assert.ok(r);
    assert.equal(r.html, `<section>${para(60)}<iframe src="https://www.youtube.com/embed/abc" allowfullscreen></iframe></section>`);
  });

  it('resolves relative URLs against the page\'s <base href> when it has one', () => {
    const html = `<!doctype html><html><head><base href="https://www.news.test/mandarin/story/"></head><body><div class="body">${para(60)}<p><a href="next.html">下一页</a><img src="img/a.jpg"></p></div></body></html>`;
    const r = byRule(html, 'https://news.test/a', rule, 200);
    assert.ok(r);
    assert.match(r.html, /href="https:\/\/www\.news\.test\/mandarin\/story\/next\.html"/);
    assert.match(r.html, /src="https:\/\/www\.news\.test\/mandarin\/story\/img\/a\.jpg"/);
  });
});

describe('countText', () => {
  it('counts non-whitespace characters, so Chinese text is not undercounted', () => {
    assert.equal(countText('中文 文本\n\tabc  1'), 8);
  });
});
