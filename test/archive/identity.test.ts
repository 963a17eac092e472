import assert from 'node:assert/strict';
import { test } from 'node:test';
import { guidKey, urlKey } from '../../src/archive/identity.js';

test('URLs that differ only in case of scheme/host, default port, fragment or tracking match', () => {
  const key = urlKey('https://cn.nytimes.com/world/20230726/a/');
  for (const variant of [
    'HTTPS://CN.NYTIMES.COM/world/20230726/a/',
    'https://cn.nytimes.com:443/world/20230726/a/',
    'https://cn.nytimes.com/world/20230726/a/#comments',
    'https://cn.nytimes.com/world/20230726/a/?utm_source=rss&utm_medium=feed',
    ' https://cn.nytimes.com/world/20230726/a/?fbclid=abc ',
  ]) {
    assert.equal(urlKey(variant), key, variant);
  }
});

test('a raw Unicode path and its lower- or upper-case escapes match', () => {
  const key = urlKey('https://chinadigitaltimes.net/chinese/2015/03/%e4%b8%ad%e5%9b%bd/');
  assert.equal(urlKey('https://chinadigitaltimes.net/chinese/2015/03/中国/'), key);
  assert.equal(urlKey('https://chinadigitaltimes.net/chinese/2015/03/%E4%B8%AD%E5%9B%BD/'), key);
});

test('paths, meaningful query parameters and schemes still tell articles apart', () => {
  assert.notEqual(urlKey('https://a.test/story/001094749?full=y'), urlKey('https://a.test/story/001094750?full=y'));
  assert.notEqual(urlKey('https://a.test/?p=1'), urlKey('https://a.test/?p=2'));
  assert.notEqual(urlKey('https://a.test/A'), urlKey('https://a.test/a'));
  assert.equal(urlKey('https://a.test/?p=1&utm_campaign=x'), urlKey('https://a.test/?p=1'));
});

test('text that is not a URL is its own key; empty guids identify nothing', () => {
  assert.equal(urlKey('tag:bbc,2015:/x'), 'tag:bbc,2015:/x');
  assert.equal(urlKey('not a url'), 'not a url');
  assert.equal(guidKey('  '), undefined);
  assert.equal(guidKey(' g1 '), 'g1');
});
