import assert from 'node:assert/strict';
import { test } from 'node:test';
import iconv from 'iconv-lite';
import { decodeBody } from '../../src/net/index.js';

const chinese = '中文新闻：香港、臺灣與世界';

test('defaults to utf-8', () => {
  const out = decodeBody(Buffer.from(`<rss>${chinese}</rss>`), undefined);
  assert.deepEqual(out, { text: `<rss>${chinese}</rss>`, charset: 'utf-8' });
});

test('GBK via XML declaration is decoded as gb18030', () => {
  const xml = `<?xml version="1.0" encoding="GBK"?><rss><title>${'中文新闻'}</title></rss>`;
  const out = decodeBody(iconv.encode(xml, 'gbk'), 'application/rss+xml');
  assert.equal(out.charset, 'gb18030');
  assert.equal(out.text, xml);
});

test('Content-Type charset (quoted, gb2312 label) beats the XML declaration', () => {
  const xml = `<?xml version="1.0" encoding="utf-8"?><t>中文新闻</t>`;
  const out = decodeBody(iconv.encode(xml, 'gbk'), "text/xml; charset='gb2312'");
  assert.equal(out.charset, 'gb18030');
  assert.equal(out.text, xml);
  assert.equal(decodeBody(iconv.encode('中文', 'gbk'), 'text/plain; charset="x-gbk"').text, '中文');
});

test('Big5 via HTML meta tags', () => {
  const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=big5"></head><body>臺灣新聞</body></html>`;
  const out = decodeBody(iconv.encode(html, 'big5'), 'text/html');
  assert.equal(out.charset, 'big5');
  assert.equal(out.text, html);
  const html5 = `<!doctype html><meta charset="Big5"><p>臺灣新聞</p>`;
  assert.equal(decodeBody(iconv.encode(html5, 'big5'), undefined).text, html5);
});

test('BOMs win over declarations and are stripped', () => {
  const xml = `<?xml version="1.0" encoding="gbk"?><t>${chinese}</t>`;
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(xml, 'utf-16le')]);
  assert.deepEqual(decodeBody(le, 'text/xml; charset=gbk'), { text: xml, charset: 'utf-16le' });
  const be = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(xml, 'utf-16be')]);
  assert.deepEqual(decodeBody(be, undefined), { text: xml, charset: 'utf-16be' });
  const u8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml)]);
  assert.deepEqual(decodeBody(u8, undefined), { text: xml, charset: 'utf-8' });
});

test('unknown labels fall through instead of throwing', () => {
  const xml = `<?xml version="1.0" encoding="x-made-up"?><t>${chinese}</t>`;
  assert.deepEqual(decodeBody(Buffer.from(xml), 'text/xml; charset=bogus'), { text: xml, charset: 'utf-8' });
  const gbk = `<?xml version="1.0" encoding="gb2312"?><t>中文</t>`;
  assert.equal(decodeBody(iconv.encode(gbk, 'gbk'), 'text/xml; charset=bogus').text, gbk);
});

test('declarations beyond the sniffing window are ignored', () => {
  const late = `${' '.repeat(1100)}<?xml version="1.0" encoding="gbk"?>`;
  assert.equal(decodeBody(Buffer.from(late), undefined).charset, 'utf-8');
  const lateMeta = `<html>${'<!-- pad -->'.repeat(200)}<meta charset="big5">`;
  assert.equal(decodeBody(Buffer.from(lateMeta), undefined).charset, 'utf-8');
});

test('iso-8859-1 and ascii labels decode as windows-1252, as browsers do', () => {
  const bytes = Buffer.from([0x3c, 0x70, 0x3e, 0x92, 0x93, 0x94, 0xe9, 0x3c, 0x2f, 0x70, 0x3e]);
  assert.equal(decodeBody(bytes, 'text/html; charset=ISO-8859-1').text, '<p>\u2019\u201c\u201d\u00e9</p>');
});

test('UTF-16 and UTF-32 without a BOM are recognised from the leading "<"', () => {
  const xml = '<?xml version="1.0"?><t>中文</t>';
  assert.equal(decodeBody(Buffer.from(xml, 'utf16le'), undefined).text, xml);
  const be = Buffer.from(xml, 'utf16le').swap16();
  assert.equal(decodeBody(be, undefined).text, xml);
});
