import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { HostLimiter } from '../../src/net/host-limiter.js';

test('HostLimiter caps concurrency per host, not across hosts', async () => {
  const limiter = new HostLimiter(2);
  const running = new Map<string, number>();
  const peak = new Map<string, number>();
  const task = (host: string) => async (): Promise<void> => {
    const now = (running.get(host) ?? 0) + 1;
    running.set(host, now);
    peak.set(host, Math.max(peak.get(host) ?? 0, now));
    await sleep(10);
    running.set(host, (running.get(host) ?? 1) - 1);
  };
  await Promise.all([
    ...Array.from({ length: 5 }, () => limiter.run('a', task('a'))),
    ...Array.from({ length: 5 }, () => limiter.run('b', task('b'))),
  ]);
  assert.equal(peak.get('a'), 2);
  assert.equal(peak.get('b'), 2);
  assert.equal(limiter.inFlight('a'), 0);
});

test('HostLimiter releases the slot when a task fails, and drops aborted waiters', async () => {
  const limiter = new HostLimiter(1);
  await assert.rejects(limiter.run('h', () => Promise.reject(new Error('boom'))), /boom/);
  let release!: () => void;
  const holder = limiter.run('h', () => new Promise<void>((r) => (release = r)));
  const controller = new AbortController();
  const waiter = limiter.run('h', () => Promise.resolve('ran'), controller.signal);
  controller.abort(new Error('stop'));
  await assert.rejects(waiter, /stop/);
  release();
  await holder;
  assert.equal(limiter.inFlight('h'), 0);
  assert.equal(await limiter.run('h', () => Promise.resolve('ok')), 'ok');
});
