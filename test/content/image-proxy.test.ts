/**
 * imageProxy (DESIGN 5, issue 3 item 4): a table of cases, then properties checked over the real bodies of the
 * existing archive (`../shared/fixtures/archive/articles/**`) and over seeded random HTML.
 *
 * The byte-identity check tokenises input and output on its own (htmlparser2's Tokenizer, spans found by a
 * different method than src/ uses), cuts both into "everything except attribute values" segments and demands
 * those segments be equal; the check is itself tested against deliberately damaged outputs.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { QuoteType, Tokenizer, type TokenizerCallbacks } from 'htmlparser2';
import { parseArticle } from '../../src/archive/format.js';
import { isImageProxyTemplate, rewriteImages } from '../../src/content/image-proxy.js';

const WESERV = 'https://images.weserv.nl/?url={url}';
const PROXY = 'https://proxy.test/i?u={url}';

/** What `template` makes of an absolute URL. */
function via(template: string, absolute: string): string {
  return template.replaceAll('{url}', encodeURIComponent(absolute));
}
/** The same, written as an attribute value in double quotes. */
function w(absolute: string): string {
  return via(WESERV, absolute).replaceAll('&', '&amp;');
}

// ---------------------------------------------------------------------------------------------------------------
// Table

interface Case {
  name: string;
  html: string;
  want: string;
  template?: string;
  page?: string;
}

const PAGE = 'https://news.test/world/2024/story.html';

const CASES: Case[] = [
  {
    name: 'img src, double quotes',
    html: '<p><img src="https://a.test/x.jpg" alt="x"></p>',
    want: `<p><img src="${w('https://a.test/x.jpg')}" alt="x"></p>`,
  },
  {
    name: 'srcset keeps descriptors, commas and odd spacing as written',
    html: '<img srcset="  a.jpg 1x ,b.jpg   2x,\n c.jpg 300w , d.jpg">',
    page: PAGE,
    want: `<img srcset="  ${w('https://news.test/world/2024/a.jpg')} 1x ,${w('https://news.test/world/2024/b.jpg')}   2x,\n ${w('https://news.test/world/2024/c.jpg')} 300w , ${w('https://news.test/world/2024/d.jpg')}">`,
  },
  {
    name: 'srcset: a comma right after a descriptor separates; trailing commas of a URL are separators',
    html: '<img srcset="https://a.test/1.jpg 1x,https://a.test/2.jpg,, https://a.test/3.jpg 3x">',
    want: `<img srcset="${w('https://a.test/1.jpg')} 1x,${w('https://a.test/2.jpg')},, ${w('https://a.test/3.jpg')} 3x">`,
  },
  {
    name: 'srcset: commas inside a URL (data:) belong to it; data: candidates stay, others change',
    html: '<img srcset="data:image/gif;base64,R0lG,AA 1x, https://a.test/2.jpg 2x">',
    want: `<img srcset="data:image/gif;base64,R0lG,AA 1x, ${w('https://a.test/2.jpg')} 2x">`,
  },
  {
    name: 'srcset: a descriptor with a comma in parentheses does not split the candidate',
    html: '<img srcset="https://a.test/1.jpg (a, b), https://a.test/2.jpg 2x">',
    page: PAGE, // so that a wrong split would turn ` b)` into a URL that gets rewritten
    want: `<img srcset="${w('https://a.test/1.jpg')} (a, b), ${w('https://a.test/2.jpg')} 2x">`,
  },
  {
    name: 'lazy data-src, data-original and data-srcset',
    html: '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="https://a.test/1.jpg" data-original="https://a.test/2.jpg" data-srcset="https://a.test/3.jpg 2x">',
    want: `<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="${w('https://a.test/1.jpg')}" data-original="${w('https://a.test/2.jpg')}" data-srcset="${w('https://a.test/3.jpg')} 2x">`,
  },
  {
    name: 'picture/source srcset; source src of a video is media and stays',
    html: '<picture><source type="image/webp" srcset="https://a.test/1.webp 1x"><img src="https://a.test/1.jpg"></picture><video><source src="https://a.test/v.mp4"></video>',
    want: `<picture><source type="image/webp" srcset="${w('https://a.test/1.webp')} 1x"><img src="${w('https://a.test/1.jpg')}"></picture><video><source src="https://a.test/v.mp4"></video>`,
  },
  {
    name: 'video poster changes, video src stays',
    html: '<video poster="/p.jpg" src="/v.mp4" controls></video>',
    page: PAGE,
    want: `<video poster="${w('https://news.test/p.jpg')}" src="/v.mp4" controls></video>`,
  },
  {
    name: 'relative URLs resolve against the page',
    html: '<img src="/abs.jpg"><img src="rel.jpg"><img src="../up.jpg"><img src="?q=1">',
    page: PAGE,
    want: `<img src="${w('https://news.test/abs.jpg')}"><img src="${w('https://news.test/world/2024/rel.jpg')}"><img src="${w('https://news.test/world/up.jpg')}"><img src="${w('https://news.test/world/2024/story.html?q=1')}">`,
  },
  {
    name: 'protocol-relative takes the page scheme',
    html: '<img src="//cdn.test/x.jpg">',
    page: 'http://news.test/a',
    want: `<img src="${w('http://cdn.test/x.jpg')}">`,
  },
  {
    name: 'protocol-relative without a page gets https',
    html: '<img src="//cdn.test/x.jpg">',
    want: `<img src="${w('https://cdn.test/x.jpg')}">`,
  },
  {
    name: 'relative without a page stays; an invalid page counts as no page',
    html: '<img src="/abs.jpg"><img src="rel.jpg" srcset="a.jpg 1x, https://a.test/b.jpg 2x">',
    page: 'not a url',
    want: `<img src="/abs.jpg"><img src="rel.jpg" srcset="a.jpg 1x, ${w('https://a.test/b.jpg')} 2x">`,
  },
  {
    name: 'already proxied: every weserv variant stays (slash or not, http or https, protocol-relative, case)',
    html:
      '<img src="https://images.weserv.nl/?url=a.test/1.jpg"><img src="https://images.weserv.nl?url=a.test/2.jpg">' +
      '<img src="http://images.weserv.nl/?url=a.test/3.jpg"><img src="http://images.weserv.nl?url=a.test/4.jpg">' +
      '<img src="//images.weserv.nl/?url=a.test/5.jpg"><img src="HTTPS://Images.Weserv.NL/?url=a.test/6.jpg">' +
      '<img srcset="https://images.weserv.nl?url=a.test/7.jpg 1x, https://images.weserv.nl/?url=a.test/8.jpg 2x">',
    want:
      '<img src="https://images.weserv.nl/?url=a.test/1.jpg"><img src="https://images.weserv.nl?url=a.test/2.jpg">' +
      '<img src="http://images.weserv.nl/?url=a.test/3.jpg"><img src="http://images.weserv.nl?url=a.test/4.jpg">' +
      '<img src="//images.weserv.nl/?url=a.test/5.jpg"><img src="HTTPS://Images.Weserv.NL/?url=a.test/6.jpg">' +
      '<img srcset="https://images.weserv.nl?url=a.test/7.jpg 1x, https://images.weserv.nl/?url=a.test/8.jpg 2x">',
  },
  {
    name: 'already proxied with a slash-less template: the slashed form is recognised too',
    template: 'http://images.weserv.nl?url={url}',
    html: '<img src="https://images.weserv.nl/?url=a.test/1.jpg"><img src="https://a.test/2.jpg">',
    want: `<img src="https://images.weserv.nl/?url=a.test/1.jpg"><img src="${via('http://images.weserv.nl?url={url}', 'https://a.test/2.jpg')}">`,
  },
  {
    name: 'a URL proxied by another template is not "already proxied"',
    template: PROXY,
    html: '<img src="https://images.weserv.nl/?url=a.test/1.jpg">',
    want: `<img src="${via(PROXY, 'https://images.weserv.nl/?url=a.test/1.jpg')}">`,
  },
  {
    name: 'data: and other non-http URLs stay',
    html: '<img src="data:image/png;base64,iVBO"><img src="DATA:image/png;base64,iVBO"><img src="javascript:alert(1)"><img src="blob:https://a.test/1"><img src="mailto:a@b.test">',
    want: '<img src="data:image/png;base64,iVBO"><img src="DATA:image/png;base64,iVBO"><img src="javascript:alert(1)"><img src="blob:https://a.test/1"><img src="mailto:a@b.test">',
  },
  {
    name: 'empty, blank and valueless stay',
    html: '<img src=""><img src="  "><img src><img srcset="">',
    page: PAGE,
    want: '<img src=""><img src="  "><img src><img srcset="">',
  },
  {
    name: '&amp; in a query is decoded before encoding; raw & that is no reference stays &',
    html: '<img src="https://a.test/i?w=1&amp;h=2"><img src="https://a.test/r/?m=02&d=2021&t=2">',
    want: `<img src="${w('https://a.test/i?w=1&h=2')}"><img src="${w('https://a.test/r/?m=02&d=2021&t=2')}">`,
  },
  {
    name: 'numeric references in a value are decoded',
    html: '<img src="&#x68;ttps://a.test/&#49;.jpg">',
    want: `<img src="${w('https://a.test/1.jpg')}">`,
  },
  {
    name: 'a template holding & is written as &amp; in the attribute',
    template: 'https://p.test/?w=300&url={url}',
    html: '<img src="https://a.test/x.jpg">',
    want: `<img src="https://p.test/?w=300&amp;url=${encodeURIComponent('https://a.test/x.jpg')}">`,
  },
  {
    name: 'unquoted: quotes are added when the new value needs them',
    html: '<img src=https://a.test/x.jpg alt=x>',
    want: `<img src="${w('https://a.test/x.jpg')}" alt=x>`,
  },
  {
    name: 'unquoted: stays unquoted when the new value is safe bare',
    template: 'https://p.test/{url}',
    html: '<img src=https://a.test/x.jpg alt=x>',
    want: `<img src=https://p.test/${encodeURIComponent('https://a.test/x.jpg')} alt=x>`,
  },
  {
    name: "single quotes stay single; a ' in the URL becomes &#39;",
    html: `<img src='https://a.test/x.jpg'><img src="https://a.test/it's.jpg"><img src='https://a.test/it&#39;s.jpg'>`,
    want: `<img src='${w('https://a.test/x.jpg')}'><img src="${w("https://a.test/it's.jpg")}"><img src='${w("https://a.test/it's.jpg").replaceAll("'", '&#39;')}'>`,
  },
  {
    name: 'upper and mixed case tag and attribute names',
    html: '<IMG SRC="https://a.test/1.jpg"><Img SrcSet="https://a.test/2.jpg 2x"><VIDEO POSTER="https://a.test/3.jpg"></VIDEO><PICTURE><SOURCE SRCSET="https://a.test/4.jpg"></PICTURE>',
    want: `<IMG SRC="${w('https://a.test/1.jpg')}"><Img SrcSet="${w('https://a.test/2.jpg')} 2x"><VIDEO POSTER="${w('https://a.test/3.jpg')}"></VIDEO><PICTURE><SOURCE SRCSET="${w('https://a.test/4.jpg')}"></PICTURE>`,
  },
  {
    name: 'whitespace around = and between attributes is kept',
    html: '<img\n  src = "https://a.test/1.jpg"\talt="a"  data-src\n=\n\'https://a.test/2.jpg\' />',
    want: `<img\n  src = "${w('https://a.test/1.jpg')}"\talt="a"  data-src\n=\n'${w('https://a.test/2.jpg')}' />`,
  },
  {
    name: 'leading and trailing spaces of a URL value are dropped with the old URL',
    html: '<img src=" https://a.test/x.jpg\n">',
    want: `<img src="${w('https://a.test/x.jpg')}">`,
  },
  {
    name: 'duplicates: the first attribute is the live one and the only one rewritten',
    html: '<img src="https://a.test/1.jpg" SRC="https://a.test/2.jpg"><img src src="https://a.test/3.jpg">',
    want: `<img src="${w('https://a.test/1.jpg')}" SRC="https://a.test/2.jpg"><img src src="https://a.test/3.jpg">`,
  },
  {
    name: 'img inside comments, CDATA, script, style, textarea, title stays; in noscript it is a tag and changes',
    html:
      '<!-- <img src="https://a.test/1.jpg"> --><![CDATA[<img src="https://a.test/2.jpg">]]>' +
      '<script>document.write(\'<img src="https://a.test/3.jpg">\')</script><style>/* <img src="https://a.test/4.jpg"> */</style>' +
      '<textarea><img src="https://a.test/5.jpg"></textarea><title><img src="https://a.test/6.jpg"></title>' +
      '<noscript><img src="https://a.test/7.jpg"></noscript>',
    want:
      '<!-- <img src="https://a.test/1.jpg"> --><![CDATA[<img src="https://a.test/2.jpg">]]>' +
      '<script>document.write(\'<img src="https://a.test/3.jpg">\')</script><style>/* <img src="https://a.test/4.jpg"> */</style>' +
      '<textarea><img src="https://a.test/5.jpg"></textarea><title><img src="https://a.test/6.jpg"></title>' +
      `<noscript><img src="${w('https://a.test/7.jpg')}"></noscript>`,
  },
  {
    name: 'other tags and attributes stay (a href, iframe src, div data-src, script src, img alt)',
    html: '<a href="https://a.test/1.jpg"><iframe src="https://a.test/2"></iframe><div data-src="https://a.test/3.jpg"></div><script src="https://a.test/4.js"></script></a><img alt="https://a.test/5.jpg">',
    want: '<a href="https://a.test/1.jpg"><iframe src="https://a.test/2"></iframe><div data-src="https://a.test/3.jpg"></div><script src="https://a.test/4.js"></script></a><img alt="https://a.test/5.jpg">',
  },
  {
    name: 'end tags carry no attributes; a tag cut off at the end of input is not a tag',
    html: '</img src="https://a.test/1.jpg"><p>x</p><img src="https://a.test/2.jpg"',
    want: '</img src="https://a.test/1.jpg"><p>x</p><img src="https://a.test/2.jpg"',
  },
  {
    name: '`>` inside a quoted value does not end the tag; `/` separates attributes',
    html: '<img alt="a>b" src="https://a.test/1.jpg"><img/src="https://a.test/2.jpg">',
    want: `<img alt="a>b" src="${w('https://a.test/1.jpg')}"><img/src="${w('https://a.test/2.jpg')}">`,
  },
  {
    name: 'archive glue: attributes without spaces between them still count; "<sourcetype=..." is no <source>',
    html: '<picture><sourcetype="image/webp"srcset="https://a.test/1.webp"sizes=""/><img src="data:image/gif;base64,R0lG" srcset="https://a.test/1.jpg"sizes=""loading="lazy"/></picture>',
    want: `<picture><sourcetype="image/webp"srcset="https://a.test/1.webp"sizes=""/><img src="data:image/gif;base64,R0lG" srcset="${w('https://a.test/1.jpg')}"sizes=""loading="lazy"/></picture>`,
  },
  {
    name: 'non-ASCII URLs are encoded as the browser would request them, then URL-encoded',
    html: '<img src="https://a.test/图片 1.jpg">',
    want: `<img src="${w('https://a.test/%E5%9B%BE%E7%89%87%201.jpg')}">`,
  },
  {
    name: 'none leaves everything, even broken HTML, as it is',
    template: 'none',
    html: '<img src="https://a.test/1.jpg"><img src=//x.test/2.jpg <p',
    want: '<img src="https://a.test/1.jpg"><img src=//x.test/2.jpg <p',
  },
  {
    name: 'an empty template disables too',
    template: '',
    html: '<img src="https://a.test/1.jpg">',
    want: '<img src="https://a.test/1.jpg">',
  },
];

test('rewriteImages: table of cases', async (t) => {
  for (const c of CASES) {
    await t.test(c.name, () => {
      const out = rewriteImages(c.html, c.template ?? WESERV, c.page);
      assert.equal(out, c.want);
      assertOnlyValuesChanged(c.html, out);
      assert.equal(rewriteImages(out, c.template ?? WESERV, c.page), out, 'idempotent');
    });
  }
});

test('template validation', () => {
  assert.equal(isImageProxyTemplate('none'), true);
  assert.equal(isImageProxyTemplate(''), true);
  assert.equal(isImageProxyTemplate(WESERV), true);
  assert.equal(isImageProxyTemplate('https://images.weserv.nl/?url='), false);
  assert.throws(() => rewriteImages('<img src="https://a.test/1.jpg">', 'https://p.test/?u='), /\{url\}/);
  assert.equal(rewriteImages('<p>no images</p>', 'NONE'), '<p>no images</p>');
});

// ---------------------------------------------------------------------------------------------------------------
// Independent inventory of attribute values, and the byte-identity check built on it

interface Attr {
  tag: string;
  name: string;
  /** First of its name in the tag: the one browsers use. */
  first: boolean;
  /** Decoded value. */
  value: string;
  /** Raw span of the value, quotes excluded. */
  start: number;
  end: number;
  quote: QuoteType;
}

interface Inventory {
  attrs: Attr[];
  /** The source cut at every attribute value (quotes included in the cut): what must never change. */
  segments: string[];
}

function inventory(html: string): Inventory {
  const attrs: Attr[] = [];
  let tag = '';
  let names = new Set<string>();
  let pending: Attr[] = [];
  let name = '';
  let nameEnd = 0;
  let parts: string[] = [];
  const flush = (): void => {
    attrs.push(...pending);
    pending = [];
  };
  const noop = (): void => {};
  const callbacks: TokenizerCallbacks = {
    onopentagname(start, end) {
      tag = html.slice(start, end).toLowerCase();
      names = new Set();
      pending = [];
    },
    onattribname(start, end) {
      name = html.slice(start, end).toLowerCase();
      nameEnd = end;
      parts = [];
    },
    onattribdata(start, end) {
      parts.push(html.slice(start, end));
    },
    onattribentity(codepoint) {
      parts.push(String.fromCodePoint(codepoint));
    },
    onattribend(quote, endIndex) {
      const first = !names.has(name);
      names.add(name);
      if (quote === QuoteType.NoValue) return;
      let start: number;
      let end: number;
      if (quote === QuoteType.Unquoted) {
        const eq = /[\t\n\f\r ]*=[\t\n\f\r ]*/y;
        eq.lastIndex = nameEnd;
        assert.ok(eq.exec(html), 'unquoted value follows =');
        start = eq.lastIndex;
        end = endIndex;
      } else {
        // A quoted value cannot contain its own quote, so the opening quote is the last one before the end.
        end = endIndex - 1;
        start = html.lastIndexOf(quote === QuoteType.Double ? '"' : "'", end - 1) + 1;
      }
      pending.push({ tag, name, first, value: parts.join(''), start, end, quote });
    },
    onopentagend: flush,
    onselfclosingtag: flush,
    onclosetag: noop,
    oncdata: noop,
    oncomment: noop,
    ondeclaration: noop,
    onend: noop,
    onprocessinginstruction: noop,
    ontext: noop,
    ontextentity: noop,
  };
  const tokenizer = new Tokenizer({ decodeEntities: true }, callbacks);
  tokenizer.write(html);
  tokenizer.end();

  const segments: string[] = [];
  let at = 0;
  for (const a of attrs) {
    const quoted = a.quote === QuoteType.Double || a.quote === QuoteType.Single ? 1 : 0;
    segments.push(html.slice(at, a.start - quoted));
    at = a.end + quoted;
  }
  segments.push(html.slice(at));
  return { attrs, segments };
}

type UrlList = 'single' | 'srcset';
const TARGETS: Record<string, Record<string, UrlList>> = {
  img: { src: 'single', srcset: 'srcset', 'data-src': 'single', 'data-original': 'single', 'data-srcset': 'srcset' },
  source: { srcset: 'srcset', 'data-srcset': 'srcset' },
  video: { poster: 'single' },
};
function targetKind(a: Attr): UrlList | undefined {
  return a.first ? TARGETS[a.tag]?.[a.name] : undefined;
}

/** Where two long strings first differ, for readable failures. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return `at ${i}: ${JSON.stringify(a.slice(Math.max(0, i - 40), i + 40))} vs ${JSON.stringify(b.slice(Math.max(0, i - 40), i + 40))}`;
}

interface Change {
  before: Attr;
  after: Attr;
  kind: UrlList;
}

/**
 * Fails unless `after` equals `before` outside the values of live image attributes, quote style included
 * (an unquoted value may gain double quotes). Returns the changed values for further checks.
 */
function assertOnlyValuesChanged(before: string, after: string): Change[] {
  const a = inventory(before);
  const b = inventory(after);
  assert.equal(b.segments.length, a.segments.length, 'same number of attribute values');
  for (let i = 0; i < a.segments.length; i++) {
    const x = a.segments[i] ?? '';
    const y = b.segments[i] ?? '';
    if (x !== y) assert.fail(`bytes outside attribute values changed (segment ${i}) ${firstDifference(x, y)}`);
  }
  const changes: Change[] = [];
  a.attrs.forEach((x, i) => {
    const y = b.attrs[i];
    assert.ok(y !== undefined);
    const rawX = before.slice(x.start, x.end);
    const rawY = after.slice(y.start, y.end);
    if (x.value === y.value) {
      assert.equal(rawY, rawX, `unchanged value keeps its raw text: ${x.tag} ${x.name}`);
      assert.equal(y.quote, x.quote, `unchanged value keeps its quotes: ${x.tag} ${x.name}`);
      return;
    }
    const kind = targetKind(x);
    assert.ok(kind !== undefined, `only live image attributes change, not ${x.tag} ${x.name}${x.first ? '' : ' (duplicate)'}`);
    assert.ok(y.quote === x.quote || (x.quote === QuoteType.Unquoted && y.quote === QuoteType.Double), `quote style kept: ${x.tag} ${x.name}`);
    changes.push({ before: x, after: y, kind });
  });
  return changes;
}

test('the byte-identity check itself catches changes outside attribute values', () => {
  const before = '<p>a &amp; b</p><!-- c --><img alt="x" src="https://a.test/1.jpg" src="https://a.test/2.jpg" data-src=\'https://a.test/3.jpg\'>';
  const good = rewriteImages(before, WESERV);
  assertOnlyValuesChanged(before, good);
  const damaged: [string, string][] = [
    ['text', good.replace('a &amp; b', 'a & b')],
    ['comment', good.replace('<!-- c -->', '<!--c-->')],
    ['spacing between attributes', good.replace('" src=', '"  src=')],
    ['quote style of a rewritten value', good.replace(/data-src='([^']*)'/, 'data-src="$1"')],
    ['a non-image attribute', good.replace('alt="x"', 'alt="y"')],
    ['a duplicate attribute', good.replace('"https://a.test/2.jpg"', `"${w('https://a.test/2.jpg')}"`)],
    ['an attribute name', good.replace(' data-src=', ' DATA-SRC=')],
    ['a dropped tag end', good.slice(0, -1)],
  ];
  for (const [what, after] of damaged) {
    assert.notEqual(after, good, what);
    assert.throws(() => assertOnlyValuesChanged(before, after), `check must notice a change to ${what}`);
  }
});

// ---------------------------------------------------------------------------------------------------------------
// Expected values and "every image URL is settled", computed by the test's own reading of the rules

const HTML_SPACE = /^[\t\n\f\r ]+|[\t\n\f\r ]+$/g;

/**
 * Candidate URLs of a srcset, by a plain reading over whitespace-separated words: in URL position a word is a URL
 * (commas around it trimmed; trailing commas end the candidate); in descriptor position a comma ends the candidate.
 * Parenthesised descriptors are not handled: the generator never makes them.
 */
function srcsetUrls(value: string): string[] {
  const urls: string[] = [];
  let expectUrl = true;
  for (const whole of value.split(/[\t\n\f\r ]+/)) {
    let word = whole;
    while (word !== '') {
      if (expectUrl) {
        const url = word.replace(/^,+/, '');
        if (url === '') break;
        const trimmed = url.replace(/,+$/, '');
        urls.push(trimmed);
        expectUrl = trimmed !== url;
        word = '';
      } else {
        const comma = word.indexOf(',');
        if (comma < 0) break;
        expectUrl = true;
        word = word.slice(comma + 1);
      }
    }
  }
  return urls;
}

function resolveForTest(url: string, page: string | undefined): string | undefined {
  let base: URL | undefined;
  try {
    base = page === undefined ? undefined : new URL(page);
  } catch {
    base = undefined;
  }
  try {
    const parsed = base ? new URL(url, base) : url.startsWith('//') ? new URL(`https:${url}`) : new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

function proxiedForTest(url: string, template: string): boolean {
  const norm = (s: string): string => s.toLowerCase().replace(/^https?:/, '').replace(/^(\/\/[^/?#]*)\?/, '$1/?');
  return norm(url).startsWith(norm(template.slice(0, template.indexOf('{url}'))));
}

/** An image URL the proxy has nothing more to do with. */
function isSettled(url: string, template: string, page: string | undefined): boolean {
  return url === '' || /^data:/i.test(url) || proxiedForTest(url, template) || resolveForTest(url, page) === undefined;
}

function expectedUrl(url: string, template: string, page: string | undefined): string {
  if (isSettled(url, template, page)) return url;
  return via(template, resolveForTest(url, page) ?? '');
}

/** Each changed value is exactly the proxied form of the old one (per URL for srcset). */
function assertChangesAreProxied(changes: Change[], template: string, page: string | undefined): void {
  for (const { before, after, kind } of changes) {
    if (kind === 'single') {
      assert.equal(after.value, expectedUrl(before.value.replace(HTML_SPACE, ''), template, page), `${before.tag} ${before.name}`);
    } else {
      const old = srcsetUrls(before.value);
      assert.deepEqual(
        srcsetUrls(after.value),
        old.map((u) => expectedUrl(u, template, page)),
        `${before.tag} ${before.name}: ${before.value}`,
      );
    }
  }
}

/** (b) every live image URL in `html` is proxied, data:, empty, or one that cannot be resolved. */
function assertAllSettled(html: string, template: string, page: string | undefined): number {
  let checked = 0;
  for (const a of inventory(html).attrs) {
    const kind = targetKind(a);
    if (kind === undefined) continue;
    const urls = kind === 'single' ? [a.value.replace(HTML_SPACE, '')] : srcsetUrls(a.value);
    for (const url of urls) {
      assert.ok(isSettled(url, template, page), `${a.tag} ${a.name} not proxied: ${url}`);
      checked++;
    }
  }
  return checked;
}

function assertProperties(body: string, template: string, page: string | undefined): { changed: number; settled: number } {
  const out = rewriteImages(body, template, page);
  const changes = assertOnlyValuesChanged(body, out); // (a)
  assertChangesAreProxied(changes, template, page);
  const settled = assertAllSettled(out, template, page); // (b)
  assert.equal(rewriteImages(out, template, page), out, 'idempotent'); // (c)
  assert.equal(rewriteImages(body, 'none', page), body, 'none is identity'); // (d)
  return { changed: changes.length, settled };
}

test('srcsetUrls (the test reading) agrees with the table', () => {
  assert.deepEqual(srcsetUrls('  a.jpg 1x ,b.jpg   2x,\n c.jpg 300w , d.jpg'), ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg']);
  assert.deepEqual(srcsetUrls('a 1x,b,, c 3x'), ['a', 'b', 'c']);
  assert.deepEqual(srcsetUrls('data:x;base64,R0,AA 1x, b 2x'), ['data:x;base64,R0,AA', 'b']);
});

// ---------------------------------------------------------------------------------------------------------------
// Real archive bodies

const ARTICLES = fileURLToPath(new URL('../../../shared/fixtures/archive/articles', import.meta.url));
const fixturesSkip = fs.existsSync(ARTICLES) ? false : `${ARTICLES} is absent: the real-body property tests need the shared checkout next to the repo`;

interface Body {
  file: string;
  url: string;
  body: string;
}

function readBodies(): Body[] {
  return fs
    .readdirSync(ARTICLES, { recursive: true, encoding: 'utf8' })
    .map((rel) => path.join(ARTICLES, rel))
    .filter((file) => fs.statSync(file).isFile() && file.endsWith('.md'))
    .sort()
    .map((file) => {
      const article = parseArticle(fs.readFileSync(file, 'utf8'));
      return { file: path.relative(ARTICLES, file), url: article.url, body: article.body };
    });
}

test('properties over every real archive body', { skip: fixturesSkip }, async (t) => {
  const bodies = readBodies();
  assert.ok(bodies.length > 0);
  let changed = 0;
  let settled = 0;
  for (const { file, url, body } of bodies) {
    await t.test(file, () => {
      for (const template of [PROXY, WESERV]) {
        for (const page of [url, undefined]) {
          const r = assertProperties(body, template, page);
          if (template === PROXY && page !== undefined) {
            changed += r.changed;
            settled += r.settled;
          }
        }
      }
    });
  }
  t.diagnostic(`bodies: ${bodies.length}; with ${PROXY} and the article URL as page: ${changed} values rewritten, ${settled} image URLs checked`);
});

test('throughput on the real bodies', { skip: fixturesSkip }, (t) => {
  const bodies = readBodies();
  const bytes = bodies.reduce((n, b) => n + Buffer.byteLength(b.body), 0);
  for (const b of bodies) rewriteImages(b.body, PROXY, b.url); // warm-up, so the figure is not mostly JIT time
  let rounds = 0;
  const started = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < 0.5 || rounds < 3) {
    for (const b of bodies) rewriteImages(b.body, PROXY, b.url);
    rounds++;
    elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  }
  const mb = (bytes * rounds) / 1e6;
  t.diagnostic(`${bodies.length} bodies, ${(bytes / 1e3).toFixed(0)} kB UTF-8, ${rounds} rounds: ${(mb / elapsed).toFixed(1)} MB/s, ${((elapsed * 1e3) / (rounds * bodies.length)).toFixed(3)} ms/body`);
});

// ---------------------------------------------------------------------------------------------------------------
// Seeded random HTML

/** mulberry32: small, fast, and the same sequence on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function generator(seed: number) {
  const rnd = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;
  const chance = (p: number): boolean => rnd() < p;

  // Raw attribute text (already HTML-escaped where needed).
  const URLS = [
    'https://a.test/x.jpg',
    'http://b.test/y.png?w=1&amp;h=2',
    'https://a.test/q?x=1&y=2',
    '//cdn.test/z.gif',
    '/abs/p.jpg',
    'rel/q.jpg',
    'q.jpg',
    '../up.jpg',
    'data:image/gif;base64,R0lGOD,lh',
    'DATA:image/png;base64,iVBO',
    'https://images.weserv.nl/?url=a.test/x.jpg',
    'http://images.weserv.nl?url=x.test/1.jpg',
    '//images.weserv.nl/?url=c.test/2.jpg',
    'https://proxy.test/i?u=https%3A%2F%2Fa.test%2Fx.jpg',
    'javascript:void(0)',
    'https://a.test/图片.jpg',
    '&#x68;ttps://e.test/ent.jpg',
    'https://a.test/it&#39;s.jpg',
    'https://a.test/a(1).jpg',
  ];
  const SPACED_URLS = ['', '  ', ' https://a.test/pad.jpg ', 'a b.jpg', "it's.jpg", 'say "cheese".jpg'];
  const TEXT_VALUES = ['', 'x', 'a > b', 'a < b', 'Tom &amp; Jerry', '中文 说明', 'width:100%', '1', 'it\'s "q"'];
  const DESCRIPTORS = ['', ' 1x', ' 2x', '  300w', ' 1.5x', '\n640w'];
  const SEPARATORS = [', ', ',', ' , ', ',\n', ',, ', ' ,'];
  const IMAGE_NAMES = ['src', 'SRC', 'srcset', 'srcSet', 'data-src', 'data-original', 'DATA-SRCSET', 'poster'];
  const OTHER_NAMES = ['alt', 'href', 'class', 'title', 'width', 'style', 'sizes', 'loading'];
  // Weighted towards the elements that matter, with enough others to show they are left alone.
  const TAGS = ['img', 'img', 'img', 'IMG', 'Img', 'source', 'source', 'video', 'picture', 'div', 'a', 'p', 'span', 'figure'];
  const EQUALS = ['=', '=', '=', ' = ', '\n=\n', '\t=  '];

  const srcset = (): string => {
    const n = 1 + Math.floor(rnd() * 3);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      if (i > 0) parts.push(pick(SEPARATORS));
      parts.push(pick(URLS) + pick(DESCRIPTORS));
    }
    return (chance(0.2) ? ' ' : '') + parts.join('') + (chance(0.2) ? ', ' : '');
  };

  const attribute = (): string => {
    const image = chance(0.6);
    const name = image ? pick(IMAGE_NAMES) : pick(OTHER_NAMES);
    if (chance(0.08)) return name;
    const raw = image
      ? /srcset/i.test(name)
        ? srcset()
        : chance(0.15)
          ? pick(SPACED_URLS)
          : pick(URLS)
      : pick(TEXT_VALUES);
    const eq = pick(EQUALS);
    const style = pick(['"', "'", ''] as const);
    if (style === "'") return `${name}${eq}'${raw.replaceAll("'", '&#39;')}'`;
    if (style === '' && raw !== '' && !/[\t\n\f\r "'<=>`]/.test(raw)) return `${name}${eq}${raw}`;
    return `${name}${eq}"${raw.replaceAll('"', '&quot;')}"`;
  };

  const startTag = (): string => {
    const tag = pick(TAGS);
    const n = Math.floor(rnd() * 5);
    let out = `<${tag}`;
    for (let i = 0; i < n; i++) out += (chance(0.1) && i > 0 ? '' : pick([' ', ' ', '\n', '  ', '/'])) + attribute();
    return out + pick(['>', '>', ' />', '/>', '\n>']);
  };

  const fragment = (depth: number): string => {
    const r = rnd();
    if (r < 0.35) return startTag();
    if (r < 0.5) return pick(['plain', '中文正文', 'a &amp; b', 'x < y', '1 > 0', '&lt;img src=x&gt;', ' ', '\n', '&copy;']);
    if (r < 0.6) return pick(['</p>', '</div>', '</picture>', '</video>', '</a>', '</img>']);
    if (depth > 1) return 'x';
    const inner = startTag();
    if (r < 0.68) return `<!--${pick([' ', '', '-'])}${inner}${fragment(depth + 1)} -->`;
    if (r < 0.74) return `<script>var s = '${inner}';</script>`;
    if (r < 0.78) return `<style>/* ${inner} */</style>`;
    if (r < 0.81) return `<textarea>${inner}</textarea>`;
    if (r < 0.84) return `<![CDATA[${inner}]]>`;
    if (r < 0.87) return `<noscript>${inner}</noscript>`;
    if (r < 0.9) return `<picture><source srcset="${srcset()}">${inner}</picture>`;
    if (r < 0.93) return `<!DOCTYPE html>${inner}`;
    if (r < 0.96) return `<? ${inner} ?>`;
    return `<div>${fragment(depth + 1)}${fragment(depth + 1)}</div>`;
  };

  return (): string => {
    const n = 1 + Math.floor(rnd() * 12);
    let html = '';
    for (let i = 0; i < n; i++) html += fragment(0);
    // Sometimes cut the document anywhere, leaving a tag, value or comment open at the end.
    return chance(0.1) ? html.slice(0, Math.floor(rnd() * html.length)) : html;
  };
}

test('properties over seeded random HTML', (t) => {
  const next = generator(20240611);
  const templates = [PROXY, WESERV, 'http://images.weserv.nl?url={url}', 'https://p.test/{url}', "https://p.test/?w=1&q='{url}'"];
  const pages = [undefined, 'https://page.test/dir/article.html', 'http://page.test/', 'not a url'];
  const CASES_TO_RUN = 600;
  let changed = 0;
  let documentsChanged = 0;
  for (let i = 0; i < CASES_TO_RUN; i++) {
    const html = next();
    const template = templates[i % templates.length] ?? PROXY;
    const page = pages[Math.floor(i / templates.length) % pages.length];
    try {
      const r = assertProperties(html, template, page);
      changed += r.changed;
      if (r.changed > 0) documentsChanged++;
    } catch (error) {
      assert.fail(`case ${i} (template ${template}, page ${page}): ${JSON.stringify(html)}\n${String(error)}`);
    }
  }
  // Guards against a generator that drifts into producing nothing to rewrite.
  assert.ok(documentsChanged > CASES_TO_RUN / 3, `the generator exercises rewriting (${documentsChanged} documents changed)`);
  t.diagnostic(`${CASES_TO_RUN} random documents, ${documentsChanged} of them rewritten, ${changed} values rewritten`);
});
