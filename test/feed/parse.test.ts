import assert from 'node:assert/strict';
import { test } from 'node:test';
import { protectCdataComments } from '../../src/feed/cdata-comments.js';
import { parseFeedDate } from '../../src/feed/dates.js';
import { parseFeedText } from '../../src/feed/parse.js';
import { FeedParseError } from '../../src/feed/types.js';

const rss = (items: string, head = ''): string =>
  `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>t</title><link>https://site.test/</link>${head}${items}</channel></rss>`;

test('RSS 2.0: content:encoded wins over description; HTML comments inside CDATA survive', () => {
  const feed = parseFeedText(
    rss(`<item><title> A &amp; B </title><link>/story/1</link><guid>g1</guid><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate>
      <description><![CDATA[<p>summary</p>]]></description>
      <content:encoded><![CDATA[<div></div><!--pay wall 1: 0--><p>x &amp; y</p>]]></content:encoded></item>`),
    'https://feeds.test/rss.xml',
  );
  assert.equal(feed.format, 'rss');
  const [item] = feed.items;
  assert.equal(item?.title, 'A & B');
  assert.equal(item?.link, 'https://feeds.test/story/1');
  assert.equal(item?.guid, 'g1');
  assert.equal(item?.pubDate, Date.UTC(2003, 5, 10, 4));
  assert.equal(item?.body, '<div></div><!--pay wall 1: 0--><p>x &amp; y</p>');
});

test('escaped HTML bodies are unescaped once; items without a link are skipped and counted', () => {
  const feed = parseFeedText(rss('<item><title>a</title><description>&lt;p&gt;hi &amp;amp; &lt;!--c--&gt;&lt;/p&gt;</description><link>http://a.test/1</link></item><item><title>no link</title></item>'), 'http://a.test/feed');
  assert.equal(feed.items[0]?.body, '<p>hi &amp; <!--c--></p>');
  assert.equal(feed.skippedNoLink, 1);
});

test('a comment marker that the document already contains is not used', () => {
  const xml = '<a>\uE000!--</a><![CDATA[<!--x-->]]>';
  const { text, restore } = protectCdataComments(xml);
  assert.ok(!text.includes('<![CDATA[<!--'));
  assert.ok(text.startsWith('<a>\uE000!--</a>'));
  assert.equal(restore('\uE001!--x-->'), '<!--x-->');
});

test('Atom: alternate link, published before updated, content before summary, site link for a file feed', () => {
  const feed = parseFeedText(
    `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>x</id><link href="https://bbc.test/zhongwen/"/><updated>2020-01-01T00:00:00Z</updated>
      <entry><title>A</title><id>tag:e1</id><link rel="enclosure" href="https://cdn.test/a.mp3"/><link rel="alternate" href="simp/1"/>
      <published>2020-01-02T08:00:00+08:00</published><updated>2020-01-03T00:00:00Z</updated><summary>s</summary><content type="html">&lt;p&gt;c&lt;/p&gt;</content></entry></feed>`,
    'file:///tmp/bbc.xml',
  );
  assert.equal(feed.format, 'atom');
  assert.deepEqual(
    { link: feed.items[0]?.link, guid: feed.items[0]?.guid, pubDate: feed.items[0]?.pubDate, body: feed.items[0]?.body },
    { link: 'https://bbc.test/zhongwen/simp/1', guid: 'tag:e1', pubDate: Date.UTC(2020, 0, 2), body: '<p>c</p>' },
  );
});

test('RSS 1.0 (RDF) with dc:date and raw Chinese in links; JSON Feed', () => {
  const rdf = parseFeedText(
    `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="x"><title>t</title><link>http://dw.test</link><description>d</description></channel>
      <item rdf:about="http://dw.test/格林/a-1"><title>格林</title><link>http://dw.test/格林/a-1</link><description>摘要</description><dc:date>2015-03-15T16:44:00Z</dc:date></item></rdf:RDF>`,
    'http://dw.test/rdf',
  );
  assert.equal(rdf.format, 'rdf');
  assert.equal(rdf.items[0]?.link, 'http://dw.test/%E6%A0%BC%E6%9E%97/a-1');
  assert.equal(rdf.items[0]?.pubDate, Date.UTC(2015, 2, 15, 16, 44));
  const json = parseFeedText(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'j', items: [{ id: '1', url: '/a', title: 'A', content_html: '<p>x</p>', date_published: '2020-01-01T00:00:00Z' }] }), 'https://j.test/feed.json');
  assert.deepEqual([json.format, json.items[0]?.link, json.items[0]?.body], ['json', 'https://j.test/a', '<p>x</p>']);
});

test('non-feeds and broken feeds fail with the reason', () => {
  const reason = (text: string): string => {
    try {
      parseFeedText(text, 'http://x.test/');
    } catch (error) {
      assert.ok(error instanceof FeedParseError);
      return error.message;
    }
    return 'no error';
  };
  assert.equal(reason('<!DOCTYPE html><html><body>hi</body></html>'), 'not a feed: root element <html> is not RSS, RDF or Atom');
  assert.match(reason('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>a</title>'), /^malformed XML at line 1, column \d+: the document ends before <rss>, <channel>, <item> are closed$/);
  assert.match(reason('<rss version="2.0"><channel><title>t</title></chanel></rss>'), /^malformed XML/);
  assert.equal(reason('hello'), 'not a feed: the document is neither XML nor JSON');
  assert.match(reason('{"broken": '), /^not a JSON Feed/);
  // A bare ampersand is common in real feeds and harmless: tolerated.
  assert.equal(parseFeedText(rss('<item><title>a & b</title><link>http://x.test/1</link></item>'), 'http://x.test/').items.length, 1);
});

test('dates: RFC 822 with named zones and two-digit years, ISO 8601, nothing readable → undefined', () => {
  assert.equal(parseFeedDate('Thu, 01 Jan 2004 19:48:21 GMT'), Date.UTC(2004, 0, 1, 19, 48, 21));
  assert.equal(parseFeedDate('Tue, 10 Jun 2003 04:00:00 EST'), Date.UTC(2003, 5, 10, 9));
  assert.equal(parseFeedDate('Tue, 10 Jun 2003 04:00:00 CST'), Date.UTC(2003, 5, 10, 10));
  assert.equal(parseFeedDate('10 Jun 03 04:00 PDT'), Date.UTC(2003, 5, 10, 11));
  assert.equal(parseFeedDate('Sun, 16 Mar 2015 07:32:23 +0800'), Date.UTC(2015, 2, 15, 23, 32, 23));
  assert.equal(parseFeedDate('2003-12-13T18:30:02.25+01:00'), Date.UTC(2003, 11, 13, 17, 30, 2, 250));
  assert.equal(parseFeedDate('2015-03-15T16:44:00Z'), Date.UTC(2015, 2, 15, 16, 44));
  assert.equal(parseFeedDate('2020-01-01'), Date.UTC(2020, 0, 1));
  for (const junk of [undefined, '', 'yesterday', '2020-13-45T99:00:00Z', 'Mon, 32 Foo 2020']) assert.equal(parseFeedDate(junk), undefined, String(junk));
});
