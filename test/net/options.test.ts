import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultNetOptions } from '../../src/net/index.js';
import { resolveOptions } from '../../src/net/options.js';

test('defaults match the documented values', () => {
  assert.deepEqual(defaultNetOptions, {
    connectTimeoutMs: 10_000,
    timeoutMs: 60_000,
    retries: 3,
    retryBaseMs: 500,
    maxBodyBytes: 20 * 1024 * 1024,
    maxRedirects: 5,
    perHost: 2,
    userAgent: 'newsmirror/0.1 (+https://github.com/newsmirror)',
  });
});

test('resolveOptions merges, ignores undefined, and rejects nonsense', () => {
  assert.equal(resolveOptions({ retries: 0, timeoutMs: undefined }).timeoutMs, 60_000);
  assert.equal(resolveOptions({ retries: 0 }).retries, 0);
  assert.throws(() => resolveOptions({ perHost: 0 }), /perHost must be a number >= 1/);
  assert.throws(() => resolveOptions({ retries: -1 }), /retries/);
  assert.throws(() => resolveOptions({ timeoutMs: Number.NaN }), /timeoutMs/);
  assert.throws(() => resolveOptions({ userAgent: ' ' }), /userAgent/);
});
