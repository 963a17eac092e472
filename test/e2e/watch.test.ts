/**
 * `newsmirror watch` through the built CLI: a run that fails (here: the archive locked) is logged and the loop
 * goes on; SIGTERM in the middle of a run leaves a whole archive, everything written committed, no lock, exit 0.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { collect, runCli, spawnCli } from '../helpers/cli.js';
import { config, rss, type TestItem } from '../helpers/feeds.js';
import { body, startServer, type TestServer } from '../helpers/server.js';
import { listFiles, tempDir } from '../helpers/tmp.js';
import { GIT_ENV, log, sh, workRepo } from '../publish/git-helpers.js';

async function waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await delay(20);
  }
}

function items(server: TestServer, prefix: string, count: number): TestItem[] {
  return Array.from({ length: count }, (_, i) => ({ title: `${prefix} ${i}`, link: `${server.url}/${prefix}/${i}`, pubDate: Date.UTC(2024, 4, 1) + i * 1000, body: `<p>${prefix} ${i}</p>` }));
}

const HTTP = 'http:\n  retries: 0\n  timeoutMs: 20000\n';

test('watch: a locked archive is logged and the loop goes on; JSON lines; SIGINT exits 0', async (t) => {
  const root = tempDir(t);
  const server = await startServer(t);
  server.route('/a.xml', body(rss(items(server, 'a', 2))));
  fs.writeFileSync(path.join(root, 'newsmirror.yaml'), config([{ id: 'a', name: '甲', feed: `${server.url}/a.xml` }], HTTP));
  const lock = path.join(root, '.newsmirror', 'run.lock');
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  // Held by a live process on this host (this test): a real lock, not a stale one.
  fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, host: os.hostname(), startedAt: '2024-05-01T00:00:00.000Z' }));

  const child = spawnCli(['watch', '--archive', root, '--every', '1s', '--jitter', '0', '--json'], { env: GIT_ENV });
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  const done = collect(child);
  const lines: Record<string, unknown>[] = [];
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const line of parts) lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  const runs = (): Record<string, unknown>[] => lines.filter((l) => l.event === 'run');

  await waitFor(() => runs().length >= 1, 10_000, 'the first run');
  assert.equal(runs()[0]?.exitCode, 3);
  assert.match(String(runs()[0]?.error), /locked by another run: pid \d+/);
  assert.equal(runs()[0]?.nextRunInMs, 1000);
  fs.rmSync(lock);

  await waitFor(() => runs().some((r) => r.exitCode === 0), 10_000, 'a run after the lock is gone');
  const ok = runs().find((r) => r.exitCode === 0) as { sources: { new: number }[] };
  assert.equal(ok.sources[0]?.new, 2);
  child.kill('SIGINT');
  const result = await done;
  assert.equal(result.code, 0, result.stderr);
  assert.equal(lines.at(-1)?.event, 'stop');
  assert.equal(lines[0]?.event, 'start');
  assert.ok(!fs.existsSync(lock));
});

test('watch --commit: SIGTERM mid-run finishes the current article, commits what was written, releases the lock, exit 0', async (t) => {
  const root = workRepo(tempDir(t), 'news');
  const server = await startServer(t);
  const many = items(server, 'many', 400);
  server.route('/many.xml', body(rss(many)));
  // A source that keeps the run open until SIGTERM arrives.
  let slowAsked = false;
  server.route('/slow.xml', (_req, res) => {
    slowAsked = true;
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss([])), 15_000).unref();
  });
  fs.writeFileSync(
    path.join(root, 'newsmirror.yaml'),
    config(
      [
        { id: 'many', name: '多', feed: `${server.url}/many.xml` },
        { id: 'slow', name: '慢', feed: `${server.url}/slow.xml` },
      ],
      HTTP,
    ),
  );
  sh(root, 'add', '-A');
  sh(root, 'commit', '--quiet', '-m', 'archive');

  const child = spawnCli(['watch', '--archive', root, '--every', '1s', '--jitter', '0', '--commit'], { env: GIT_ENV });
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  const done = collect(child);
  const lock = path.join(root, '.newsmirror', 'run.lock');
  const manyDir = path.join(root, 'articles', 'many');
  await waitFor(() => slowAsked && fs.existsSync(lock) && fs.existsSync(manyDir) && fs.readdirSync(manyDir).some((f) => f.endsWith('.md')), 10_000, 'the run to be under way');
  child.kill('SIGTERM');
  const started = Date.now();
  const result = await done;
  assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
  assert.ok(Date.now() - started < 5000, 'stopped promptly, without waiting for the slow source');
  assert.match(result.stdout, /run 1: \d+ new; .*; stopping$/m);
  assert.match(result.stdout, /stopped by signal$/m);

  // A whole archive: every article file complete, no temp file, no lock; what was written is committed.
  assert.ok(!fs.existsSync(lock), 'lock released');
  const files = listFiles(root).filter((f) => !f.startsWith('.git' + path.sep));
  assert.deepEqual(
    files.filter((f) => f.includes('newsmirror-tmp')),
    [],
  );
  const articles = files.filter((f) => f.startsWith(path.join('articles', 'many')));
  for (const file of articles) {
    const lines = fs.readFileSync(path.join(root, file), 'utf8').split('\n');
    assert.equal(lines.length, 6, `${file} is complete`);
    assert.match(lines[1] ?? '', /^\[many \d+\]\(http:\/\/127\.0\.0\.1:\d+\/many\/\d+\)$/);
  }
  assert.ok(articles.length > 0, 'articles were written before the signal');
  const list = fs.readFileSync(path.join(root, 'lists', '多.md'), 'utf8');
  assert.equal(list.split('\n').filter((l) => l.includes('](/articles/many/')).length, Math.min(articles.length, 300), 'the list page matches the files');
  assert.equal(sh(root, 'status', '--porcelain', '--', 'articles', 'lists'), '', 'everything written is committed');
  assert.match(log(root)[0] ?? '', new RegExp(`^newsmirror: ${articles.length} new \\(多 ${articles.length}\\)$`));

  // The next run archives the rest: nothing lost, nothing twice.
  server.route('/slow.xml', body(rss([])));
  const next = await runCli(['run', '--archive', root, '--json'], { env: GIT_ENV });
  assert.equal(next.code, 0, next.stderr);
  assert.equal(fs.readdirSync(path.join(root, 'articles', 'many')).length, many.length);
});

test('watch: bad --every/--jitter and a bad config exit 2 at start', async (t) => {
  const root = tempDir(t);
  const bad = await runCli(['watch', '--archive', root, '--every', 'soon']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--every: "soon" is not a duration/);
  const jitter = await runCli(['watch', '--archive', root, '--every', '1m', '--jitter', '2m']);
  assert.equal(jitter.code, 2);
  assert.match(jitter.stderr, /--jitter must not be longer than --every/);
  const noConfig = await runCli(['watch', '--archive', root, '--every', '1m', '--jitter', '0']);
  assert.equal(noConfig.code, 2);
  assert.match(noConfig.stderr, /no such config file/);
});
