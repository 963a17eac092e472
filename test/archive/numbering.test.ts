import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Countdown, FIRST_NUMBER, NumberingError, wordpressPostId, wpPostXorNumber } from '../../src/archive/numbering.js';

test('an empty folder starts at 0xFFFFF - 1 and counts down', () => {
  const countdown = new Countdown(undefined);
  assert.equal(FIRST_NUMBER, 1048574);
  assert.deepEqual([countdown.take('x'), countdown.take('x'), countdown.take('x')], [1048574, 1048573, 1048572]);
  assert.equal(countdown.lowest, 1048572);
});

test('numbers continue below the smallest one present', () => {
  const countdown = new Countdown(1042046);
  assert.equal(countdown.take('nyt'), 1042045);
});

test('a count-down that would go below 0 fails with a clear message', () => {
  const countdown = new Countdown(1);
  assert.equal(countdown.take('tiny'), 0);
  assert.throws(() => countdown.take('tiny'), (error: Error) => error instanceof NumberingError && /"tiny".*used up/.test(error.message));
});

test('WordPress post ids give the existing archive CDT numbers (0xFFFFF XOR id)', () => {
  // Real pairs from the existing archive: articles/cdt/332922.md is post 715653, 365000.md is post 683575.
  assert.equal(wpPostXorNumber(715653), 332922);
  assert.equal(wpPostXorNumber(683575), 365000);
  assert.equal(wordpressPostId('https://chinadigitaltimes.net/chinese/?p=715653'), 715653);
  assert.equal(wordpressPostId('https://x.test/?a=1&p=42'), 42);
  assert.equal(wordpressPostId('https://x.test/?page=42'), undefined);
  assert.equal(wordpressPostId(undefined), undefined);
  assert.equal(wpPostXorNumber(0), undefined);
  assert.equal(wpPostXorNumber(0xfffff), undefined);
  assert.equal(wpPostXorNumber(0x100000), undefined);
});
