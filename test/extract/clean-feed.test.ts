import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { cleanFeedBody } from '../../src/extract/clean-feed.js';

const SHARED = path.resolve(import.meta.dirname, '../../../shared/fixtures/archive/articles/cdt/332922.md');

test('clean: the outlet rule drops share bars from a feed body; the rest of the body is kept', () => {
  const body = '<div class="su-spoiler"><strong>标题：</strong>五年了</div><p>正文 &amp; 更多</p><div class="addtoany_share_save_container"><a href="https://www.addtoany.com/share">分享</a></div>';
  assert.equal(cleanFeedBody(body, 'https://chinadigitaltimes.net/chinese/715653.html'), '<div class="su-spoiler"><strong>标题：</strong>五年了</div><p>正文 &amp; 更多</p>');
});

test('clean: a body with nothing to drop, or of a site with no rule, stays byte for byte', () => {
  const body = '<p>x&nbsp;y</p><br><IMG SRC=a.jpg>';
  assert.equal(cleanFeedBody(body, 'https://chinadigitaltimes.net/chinese/1.html'), body);
  assert.equal(cleanFeedBody('<div class="addtoany_share">x</div>', 'https://unknown.example/a'), '<div class="addtoany_share">x</div>');
});

test('clean on a real CDT body from the archive removes its AddToAny bar and keeps every paragraph', (t) => {
  if (!fs.existsSync(SHARED)) return t.skip(`${SHARED} is absent: real CDT body not available`);
  const body = fs.readFileSync(SHARED, 'utf8').split('\n')[4] ?? '';
  const cleaned = cleanFeedBody(body, 'https://chinadigitaltimes.net/chinese/715653.html');
  assert.ok(body.includes('addtoany') && !cleaned.includes('addtoany'));
  assert.equal((cleaned.match(/<p>/g) ?? []).length, (body.match(/<p>/g) ?? []).length);
  assert.ok(cleaned.includes('CDT 档案卡'));
});
