import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileFilter, regexProblem } from '../../src/feed/filter.js';

const item = (title: string, ...categories: string[]): { title: string; categories: string[] } => ({ title, categories });

test('include keeps only matching items, by title or by any category', () => {
  const keep = compileFilter({ category: '[★⭐]' }, undefined);
  assert.equal(keep(item('甲', 'Level 2 Article', '★404文库')), true);
  assert.equal(keep(item('乙', 'Level 2 Article', '网络民议')), false);
  const byTitle = compileFilter({ title: '^【404文库】' }, undefined);
  assert.equal(byTitle(item('【404文库】玖奌杂货铺｜五年了')), true);
  assert.equal(byTitle(item('真实故事计划｜失去工作这一年')), false);
});

test('exclude drops matching items and wins over include; no rules keep everything', () => {
  const keep = compileFilter({ category: '中国' }, { title: '广告|赞助' });
  assert.equal(keep(item('新闻', '中国')), true);
  assert.equal(keep(item('赞助内容', '中国')), false);
  assert.equal(keep(item('新闻', '国际')), false);
  assert.equal(compileFilter(undefined, undefined)(item('x')), true);
  assert.equal(compileFilter({ title: 'a', category: 'b' }, undefined)(item('zzz', 'b')), true, 'either field may match');
});

test('bad patterns are reported with the reason', () => {
  assert.match(regexProblem('(unclosed') ?? '', /Unterminated group/);
  assert.equal(regexProblem('★|⭐'), undefined);
});
