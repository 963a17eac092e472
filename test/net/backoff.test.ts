import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay, MAX_BACKOFF_MS, parseRetryAfter } from '../../src/net/backoff.js';

test('backoffDelay grows exponentially under full jitter and is capped', () => {
  const top = (): number => 0.999999;
  assert.equal(backoffDelay(0, 500, top), 499);
  assert.equal(backoffDelay(1, 500, top), 999);
  assert.equal(backoffDelay(3, 500, top), 3999);
  assert.equal(backoffDelay(20, 500, top), MAX_BACKOFF_MS - 1);
  assert.equal(backoffDelay(5, 500, () => 0), 0);
  for (let i = 0; i < 100; i++) {
    const d = backoffDelay(2, 100);
    assert.ok(d >= 0 && d < 400, `delay ${d} out of range`);
  }
});

test('parseRetryAfter reads seconds and HTTP dates', () => {
  const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
  assert.equal(parseRetryAfter('120', now), 120_000);
  assert.equal(parseRetryAfter(' 0 ', now), 0);
  assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', now), 30_000);
  assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:00:00 GMT', now), 0, 'a past date means now');
  assert.equal(parseRetryAfter(undefined, now), undefined);
  assert.equal(parseRetryAfter('', now), undefined);
  assert.equal(parseRetryAfter('-5', now), undefined);
  assert.equal(parseRetryAfter('soon', now), undefined);
});
