/**
 * Fault injection against the built CLI: every case runs `newsmirror run` on a temp archive against loopback
 * servers and checks the exit code (DESIGN 6), the message, that no partial or temp file is left behind, and that
 * a healthy source in the same config is still archived.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import type { ServerResponse } from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import iconv from 'iconv-lite';
import { collect, runCli, spawnCli, type CliResult } from '../helpers/cli.js';
import { config, rss, type TestItem } from '../helpers/feeds.js';
import { body, startServer, type TestServer } from '../helpers/server.js';
import { listFiles, snapshot, tempDir } from '../helpers/tmp.js';

const MB = 1024 * 1024;
const FIRST_NUMBER = 0xfffff - 1;
const BASE_DATE = Date.UTC(2024, 4, 1, 8, 0, 0);

// ---------------------------------------------------------------------------------------------------------------
// Helpers

interface JsonSource {
  id: string;
  name: string;
  status: 'updated' | 'unchanged' | 'failed';
  new: number;
  known: number;
  error?: string;
}

interface JsonReport {
  sources: JsonSource[];
  changed: string[];
  exitCode: number;
}

/** Fast network settings so that retries and timeouts cost milliseconds, not seconds. */
function httpBlock(overrides: Record<string, number> = {}): string {
  const settings = { connectTimeoutMs: 1000, timeoutMs: 3000, retries: 2, retryBaseMs: 10, ...overrides };
  return `http:\n${Object.entries(settings)
    .map(([key, value]) => `  ${key}: ${value}\n`)
    .join('')}`;
}

function writeConfig(root: string, text: string): string {
  const file = path.join(root, 'newsmirror.yaml');
  fs.writeFileSync(file, text);
  return file;
}

function describeRun(result: CliResult): string {
  return `exit ${result.code} (signal ${result.signal})\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

function parseJson(result: CliResult): JsonReport {
  try {
    return JSON.parse(result.stdout) as JsonReport;
  } catch {
    assert.fail(`stdout is not JSON\n${describeRun(result)}`);
  }
}

function sourceOf(report: JsonReport, id: string): JsonSource {
  const source = report.sources.find((s) => s.id === id);
  assert.ok(source, `no report for source ${id}: ${JSON.stringify(report)}`);
  return source;
}

/** The table row of a source in the plain-text report (the id is the first column). */
function rowOf(result: CliResult, id: string): string {
  const line = result.stdout.split('\n').find((l) => l.split(/\s{2,}/)[0] === id);
  assert.ok(line, `no row for ${id}\n${describeRun(result)}`);
  return line;
}

function expectExit(result: CliResult, code: number): void {
  assert.equal(result.code, code, `expected exit ${code}\n${describeRun(result)}`);
}

/** The article text DESIGN 2.1 prescribes, computed independently of src/. */
function expectedArticle(item: TestItem, feedUrl: string): string {
  const title = item.title.trim().replace(/\r\n|[\r\n]/g, ' ');
  const url = new URL(item.link, feedUrl).href;
  const joined = item.body
    .split('\n')
    .map((line) => line.trim())
    .join('');
  return `<!--${item.pubDate}-->\n[${title}](${url})\n------\n\n${joined}\n`;
}

interface ParsedFile {
  file: string;
  n: number;
  pubDate: number;
  title: string;
  url: string;
  text: string;
}

/** Checks the five-line format of one article file and returns its parts. */
function parseArticleFile(root: string, rel: string): ParsedFile {
  const text = fs.readFileSync(path.join(root, rel), 'utf8');
  const lines = text.split('\n');
  assert.equal(lines.length, 6, `${rel}: expected exactly 5 lines each ending in \\n, got ${JSON.stringify(text.slice(0, 200))}`);
  assert.equal(lines[5], '', `${rel}: must end with a line feed`);
  const head = /^<!--(\d+)-->$/.exec(lines[0] ?? '');
  assert.ok(head?.[1], `${rel}: line 1 is not <!--digits-->: ${lines[0]}`);
  const link = /^\[(.*)\]\((.+)\)$/.exec(lines[1] ?? '');
  assert.ok(link?.[2] !== undefined && link[1] !== undefined, `${rel}: line 2 is not [title](url): ${lines[1]}`);
  assert.equal(lines[2], '------', `${rel}: line 3`);
  assert.equal(lines[3], '', `${rel}: line 4`);
  const n = Number(/^(\d+)/.exec(path.basename(rel))?.[1]);
  return { file: rel, n, pubDate: Number(head[1]), title: link[1], url: link[2], text };
}

/** No temp file anywhere, and every article file in the archive is complete. Returns the articles by source. */
function checkArchive(root: string): Map<string, ParsedFile[]> {
  const files = listFiles(root);
  const temps = files.filter((f) => f.includes('newsmirror-tmp'));
  assert.deepEqual(temps, [], 'temp files left behind');
  const bySource = new Map<string, ParsedFile[]>();
  for (const rel of files) {
    const parts = rel.split(path.sep);
    if (parts[0] !== 'articles' || !rel.endsWith('.md')) continue;
    const source = parts[1] ?? '';
    const list = bySource.get(source) ?? [];
    list.push(parseArticleFile(root, rel));
    bySource.set(source, list);
  }
  return bySource;
}

function articleDirFiles(root: string, id: string): string[] {
  const dir = path.join(root, 'articles', id);
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

/** The healthy companion source of every fault case. */
const GOOD_ID = 'good';
const GOOD_NAME = '好源';

function goodItems(server: TestServer): TestItem[] {
  return [0, 1, 2].map((i) => ({
    title: `  健康新闻 ${i}  `,
    link: `${server.url}/good/${i}`,
    pubDate: BASE_DATE + i * 60_000,
    body: `  <p>正文 ${i}</p>\n    <p>第二段</p>  `,
  }));
}

function serveGood(server: TestServer): TestItem[] {
  const items = goodItems(server);
  server.route('/good.xml', body(rss(items, '好源')));
  return items;
}

/** The healthy source was archived in full and reads back exactly as DESIGN 2.1 says. */
function assertGoodArchived(root: string, server: TestServer, items: TestItem[], articles: Map<string, ParsedFile[]>): void {
  const files = articles.get(GOOD_ID) ?? [];
  assert.equal(files.length, items.length, `healthy source: expected ${items.length} articles, found ${files.map((f) => f.file).join(', ')}`);
  const feedUrl = `${server.url}/good.xml`;
  const byUrl = new Map(files.map((f) => [f.url, f]));
  for (const item of items) {
    const file = byUrl.get(new URL(item.link, feedUrl).href);
    assert.ok(file, `healthy source: ${item.link} not archived`);
    assert.equal(file.text, expectedArticle(item, feedUrl));
  }
  assert.ok(fs.existsSync(path.join(root, 'lists', `${GOOD_NAME}.md`)), 'healthy source has its list page');
}

function goodSource(server: TestServer): { id: string; name: string; feed: string } {
  return { id: GOOD_ID, name: GOOD_NAME, feed: `${server.url}/good.xml` };
}

/** A TCP server that accepts connections and never says a word. */
async function startSilentServer(t: TestContext): Promise<{ url: string; requests: () => number }> {
  const sockets = new Set<net.Socket>();
  // Connections that carried a request (a client may also open a spare connection that sends nothing).
  let requests = 0;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('data', () => (requests += 1));
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  t.after(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${port}`, requests: () => requests };
}

/** Streams `total` bytes with backpressure; resolves once the response is closed, saying who ended it. */
function pump(res: ServerResponse, total: number): Promise<{ finished: boolean; sent: number }> {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let sent = 0;
  return new Promise((resolve) => {
    res.on('close', () => resolve({ finished: res.writableFinished, sent }));
    res.on('error', () => {});
    const next = (): void => {
      while (sent < total && !res.destroyed) {
        sent += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', next);
          return;
        }
      }
      if (sent >= total && !res.destroyed) res.end();
    };
    next();
  });
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await delay(5);
  }
}

/** Content and modification time of every file outside the cache: a run that finds nothing new keeps both. */
function stamps(root: string): Map<string, string> {
  const contents = snapshot(root);
  return new Map([...contents].map(([file, text]) => [file, `${fs.statSync(path.join(root, file)).mtimeMs}:${text}`]));
}

// ---------------------------------------------------------------------------------------------------------------
// Cases

describe('fault handling of `newsmirror run`', { concurrency: 4 }, () => {
  // The longest case first: the others run alongside it.
  test('11. SIGKILL while writing: every file left is whole; the next run completes the archive exactly once', async (t) => {
    const server = await startServer(t);
    const good = serveGood(server);
    const count = 3000;
    const feedPath = '/big.xml';
    const feedUrl = `${server.url}${feedPath}`;
    const makeItems = (bodyChars: number): TestItem[] =>
      Array.from({ length: count }, (_, i) => ({
        title: `大新闻 第${i}条`,
        link: `/big/${i}?utm_source=rss`,
        // Out of feed order on purpose, and two items share each date (ties: feed order).
        pubDate: BASE_DATE + Math.floor(((i * 7919) % count) / 2) * 60_000,
        body: `  <p>第${i}条</p>\n\t<p>${'新闻内容。'.repeat(Math.ceil(bodyChars / 5)).slice(0, bodyChars)}</p>  \n`,
      }));

    let root = '';
    let items: TestItem[] = [];
    let killedAt = -1;
    // A fast machine may write everything before the poll sees it: retry with larger bodies (slower writes).
    for (const bodyChars of [1700, 6000, 20_000]) {
      root = tempDir(t);
      items = makeItems(bodyChars);
      server.route(feedPath, body(rss(items, '大源')));
      writeConfig(root, config([{ id: 'big', name: '大源', feed: feedUrl }, goodSource(server)], httpBlock({ maxBodyBytes: 200 * MB, timeoutMs: 30_000 })));
      const child = spawnCli(['run', '--archive', root, '--json']);
      const done = collect(child);
      const dir = path.join(root, 'articles', 'big');
      let present = 0;
      while (child.exitCode === null && child.signalCode === null) {
        present = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.md')).length : 0;
        // Mid-way: half the articles on disk, the other half still to come.
        if (present >= count / 2 && present < count) {
          child.kill('SIGKILL');
          break;
        }
        await delay(5);
      }
      const result = await done;
      if (result.signal === 'SIGKILL') {
        killedAt = present;
        t.diagnostic(`killed with ${present} of ${count} files written (bodies of ${bodyChars} characters)`);
        break;
      }
      expectExit(result, 0);
      t.diagnostic(`the run with bodies of ${bodyChars} characters finished before it could be killed; retrying larger`);
    }
    assert.ok(killedAt > 0, 'could not kill the run part-way through writing');

    const expected = new Map(items.map((item) => [new URL(item.link, feedUrl).href, expectedArticle(item, feedUrl)]));
    const lock = path.join(root, '.newsmirror', 'run.lock');
    assert.ok(fs.existsSync(lock), 'the killed run could not release its lock');
    const afterKill = fs.readdirSync(path.join(root, 'articles', 'big'));
    const partial = afterKill.filter((f) => f.endsWith('.md'));
    assert.ok(partial.length > 0 && partial.length < count, `killed with ${partial.length} of ${count} files`);
    for (const file of partial) {
      const parsed = parseArticleFile(root, path.join('articles', 'big', file));
      assert.equal(parsed.text, expected.get(parsed.url), `${file} is not the complete article for ${parsed.url}`);
    }

    // The dead run's lock is stale (same host, pid gone): taken over.
    const result = await runCli(['run', '--archive', root, '--json']);
    expectExit(result, 0);
    assert.ok(!fs.existsSync(lock), 'the lock is released');
    const big = sourceOf(parseJson(result), 'big');
    assert.equal(big.new + big.known, count);
    assert.equal(big.new, count - partial.length, 'the second run writes exactly the rest');

    const articles = checkArchive(root);
    const files = articles.get('big') ?? [];
    assert.equal(files.length, count);
    assert.equal(new Set(files.map((f) => f.url)).size, count, 'a URL is archived twice');
    for (const file of files) assert.equal(file.text, expected.get(file.url), `${file.file} does not match its item`);
    const numbers = files.map((f) => f.n).sort((a, b) => b - a);
    assert.equal(new Set(numbers).size, count, 'numbers are unique');
    assert.deepEqual(
      numbers,
      Array.from({ length: count }, (_, i) => FIRST_NUMBER - i),
      'numbers count down from 1048574 without gaps',
    );
    // Oldest first across both runs: the newest article has the smallest number.
    const byNumber = [...files].sort((a, b) => b.n - a.n);
    for (let i = 1; i < byNumber.length; i += 1) {
      assert.ok((byNumber[i]?.pubDate ?? 0) >= (byNumber[i - 1]?.pubDate ?? 0), `${byNumber[i]?.file} is older than ${byNumber[i - 1]?.file}`);
    }
    assertGoodArchived(root, server, good, articles);
  });

  test('11b. temp files a killed run left outside the article folders are removed by the next run', async (t) => {
    const root = tempDir(t);
    const server = await startServer(t);
    const good = serveGood(server);
    writeConfig(root, config([goodSource(server)], httpBlock()));
    expectExit(await runCli(['run', '--archive', root]), 0);

    // What a run killed between writing a temp file and renaming it leaves (atomic.ts names them
    // `.<file>.<pid>.<hex>.newsmirror-tmp`): lists, month pages, README and state are written that way too.
    const stale = [
      path.join('articles', GOOD_ID, `.${FIRST_NUMBER - 3}.md.4242.0badf00d.newsmirror-tmp`),
      path.join('lists', `.${GOOD_NAME}.md.4242.0badf00d.newsmirror-tmp`),
      path.join('lists', GOOD_NAME, '.index.md.4242.0badf00d.newsmirror-tmp'),
      '.README.md.4242.0badf00d.newsmirror-tmp',
      path.join('.newsmirror', '.state.json.4242.0badf00d.newsmirror-tmp'),
    ];
    for (const rel of stale) fs.writeFileSync(path.join(root, rel), 'half a fi');
    const more = [...good, { title: '又一条', link: `${server.url}/good/3`, pubDate: BASE_DATE + 3 * 60_000, body: '<p>新</p>' }];
    server.route('/good.xml', body(rss(more, '好源')));

    const result = await runCli(['run', '--archive', root, '--json']);
    expectExit(result, 0);
    assert.equal(sourceOf(parseJson(result), GOOD_ID).new, 1);
    const left = listFiles(root).filter((f) => f.includes('newsmirror-tmp'));
    assert.deepEqual(left, [], 'stale temp files survive the next run (and would be committed with the archive)');
    assertGoodArchived(root, server, more, checkArchive(root));
  });

  test('1. HTTP 500 forever: retried retries+1 times, reported with URL and status, exit 1', async (t) => {
    const root = tempDir(t);
    const server = await startServer(t);
    const good = serveGood(server);
    server.route('/broken.xml', body('oops', { 'content-type': 'text/plain' }, 500));
    const feedUrl = `${server.url}/broken.xml`;
    writeConfig(root, config([{ id: 'bad', name: '坏源', feed: feedUrl }, goodSource(server)], httpBlock({ retries: 2 })));

    const result = await runCli(['run', '--archive', root]);
    expectExit(result, 1);
    const row = rowOf(result, 'bad');
    assert.match(row, /failed: /);
    assert.ok(row.includes(feedUrl), `row names the URL: ${row}`);
    assert.match(row, /HTTP 500\b/);
    assert.match(row, /after 3 attempts/);
    assert.equal(server.hits.get('/broken.xml'), 3, 'one request plus two retries');
    assert.match(rowOf(result, GOOD_ID), /updated$/);
    assert.match(result.stdout, /1 source failed/);

    const articles = checkArchive(root);
    assert.deepEqual(articleDirFiles(root, 'bad'), []);
    assertGoodArchived(root, server, good, articles);
  });

  test('2. 429 with Retry-After: 1 then 200: waits about a second, then archives, exit 0', async (t) => {
    const root = tempDir(t);
    const server = await startServer(t);
    const good = serveGood(server);
    const items: TestItem[] = [0, 1].map((i) => ({ title: `限流 ${i}`, link: `/limited/${i}`, pubDate: BASE_DATE + i * 1000, body: `<p>${i}</p>` }));
    const times: number[] = [];
    server.route('/limited.xml', (_req, res) => {
      times.push(performance.now());
      if (times.length === 1) res.writeHead(429, { 'retry-after': '1', 'content-type': 'text/plain' }).end('slow down');
      else res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(items));
    });
    // retryBaseMs is tiny: only honouring Retry-After explains a wait of a second.
    writeConfig(root, config([{ id: 'limited', name: '限流源', feed: `${server.url}/limited.xml` }, goodSource(server)], httpBlock({ retries: 2, retryBaseMs: 1 })));

    const result = await runCli(['run', '--archive', root, '--json']);
    expectExit(result, 0);
    const report = parseJson(result);
    assert.equal(report.exitCode, 0);
    assert.equal(sourceOf(report, 'limited').status, 'updated');
    assert.equal(sourceOf(report, 'limited').new, 2);
    assert.equal(times.length, 2);
    const waited = (times[1] ?? 0) - (times[0] ?? 0);
    assert.ok(waited >= 950, `waited only ${Math.round(waited)} ms before retrying`);

    const articles = checkArchive(root);
    const files = articles.get('limited') ?? [];
    assert.equal(files.length, 2);
    const feedUrl = `${server.url}/limited.xml`;
    for (const item of items) {
      const file = files.find((f) => f.url === new URL(item.link, feedUrl).href);
      assert.equal(file?.text, expectedArticle(item, feedUrl));
    }
    assertGoodArchived(root, server, good, articles);
  });

  test('3. a server that accepts but never answers times out (http.timeoutMs), exit 1', async (t) => {
    const root = tempDir(t);
    const server = await startServer(t);
    const good = serveGood(server);
    const silent = await startSilentServer(t);
    const feedUrl = `${silent.url}/feed.xml`;
    writeConfig(root, config([{ id: 'mute', name: '无声源', feed: feedUrl }, goodSource(server)], httpBlock({ timeoutMs: 500, retries: 1 })));

    const started = performance.now();
    const result = await runCli(['run', '--archive', root, '--json']);
    const elapsed = performance.now() - started;
    expectExit(result, 1);
    const report = parseJson(result);
    assert.equal(report.exitCode, 1);
    const mute = sourceOf(report, 'mute');
    assert.equal(mute.status, 'failed');
    assert.ok(mute.error?.includes(feedUrl), `error names the URL: ${mute.error}`);
    assert.match(mute.error ?? '', /timed out after 500 ms/);
    assert.match(mute.error ?? '', /after 2 attempts/);
    assert.equal(silent.requests(), 2, 'one request plus one retry');
    assert.ok(elapsed < 10_000, `the timeout bounds the run (${Math.round(elapsed)} ms)`);
    assert.equal(sourceOf(report, GOOD_ID).status, 'updated');

    const articles = checkArchive(root);
    assert.deepEqual(articleDirFiles(root, 'mute'), []);
    assertGoodArchived(root, server, good, articles);
  });

  test('4. a truncated feed is malformed XML: nothing written for it, exit 1', async (t) => {
    const root = tempDir(t);
    const server = await startServer(t);
    const good = serveGood(server);
    const full = rss([0, 1, 2].map((i) => ({ title: `截断 ${i}`, link: `/cut/${i}`, pubDate: BASE_DATE + i * 1000, body: `<p>完整的正文 ${i}</p>` })));
    // A dropped connection cuts a feed anywhere: inside the second item's body (a half article must never be
    // archived), or between two items.
    const cuts = {
      'cut-mid': full.slice(0, full.indexOf('完整的正文 1') + 3),
      'cut-between': full.slice(0, full.indexOf('</item>') + '</item>'.length),
    };
    for (const [id, text] of Object.entries(cuts)) server.route(`/${id}.xml`, body(text));
    const sources = Object.keys(cuts).map((id) => ({ id, name: `截断源 ${id}`, feed: `${server.url}/${id}.xml` }));
    writeConfig(root, config([...sources, goodSource(server)], httpBlock()));

    const result = await runCli(['run', '--archive', root, '--json']);
    expectExit(result, 1);
    const report = parseJson(result);
    const articles = checkArchive(root);
    for (const { id, name, feed } of sources) {
      const cut = sourceOf(report, id);
      assert.equal(cut.status, 'failed', id);
      assert.equal(cut.new, 0, id);
      assert.ok(cut.error?.includes(feed), `${id}: error names the URL: ${cut.error}`);
      assert.match(cut.error ?? '', /malformed XML/, `${id}: error should say the XML is malformed`);
      assert.equal(server.hits.get(`/${id}.xml`), 1, `${id}: a parse error is not retried`);
      assert.deepEqual(articleDirFiles(root, id), [], id);
      assert.ok(!fs.existsSync(path.join(root, 'lists', `${name}.md`)), `${id}: no list page for the broken source`);
    }
    assertGoodArchived(root, server, good, articles);
  });

  test('5. a 30 MB body passes the 20 MB default cap: too large, connection closed early, exit 1', async (t) => {
    const root = tempDir(t);
    const server = await startServer(t);
    const good = serveGood(server);
    const seen: Record<string, Promise<{ finished: boolean; sent: number }>> = {};
    // Chunked: only the streaming count can stop it.
    server.route('/huge.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      seen.chunked = pump(res, 30 * MB);
    });
    // Declared up front: refused on the header.
    server.route('/declared.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(30 * MB) });
      seen.declared = pump(res, 30 * MB);
    });
    const hugeUrl = `${server.url}/huge.xml`;
    const declaredUrl = `${server.url}/declared.xml`;
    const sources = [{ id: 'huge', name: '巨源', feed: hugeUrl }, { id: 'declared', name: '声明源', feed: declaredUrl }, goodSource(server)];
    // No maxBodyBytes: the default cap applies.
    writeConfig(root, config(sources, httpBlock({ timeoutMs: 10_000 })));

    const result = await runCli(['run', '--archive', root, '--json']);
    expectExit(result, 1);
    const report = parseJson(result);
    for (const [id, url] of [['huge', hugeUrl], ['declared', declaredUrl]] as const) {
      const source = sourceOf(report, id);
      assert.equal(source.status, 'failed');
      assert.ok(source.error?.includes(url), `error names the URL: ${source.error}`);
      assert.match(source.error ?? '', /larger than 20971520 bytes/);
      assert.doesNotMatch(source.error ?? '', /attempts/, 'too large is not retried');
    }
    assert.equal(server.hits.get('/huge.xml'), 1);
    assert.equal(server.hits.get('/declared.xml'), 1);
    for (const key of ['chunked', 'declared']) {
      const outcome = await Promise.race([seen[key], delay(5000, undefined, { ref: false }).then(() => undefined)]);
      assert.ok(outcome, `${key}: the server never saw the connection close`);
      assert.equal(outcome.finished, false, `${key}: the whole body was sent (${outcome.sent} bytes)`);
      assert.ok(outcome.sent < 30 * MB, `${key}: sent ${outcome.sent} bytes`);
    }

    const articles = checkArchive(root);
    assert.deepEqual(articleDirFiles(root, 'huge'), []);
    assert.deepEqual(articleDirFiles(root, 'declared'), []);
    assertGoodArchived(root, server, good, articles);
  });

  test('6. GBK feeds (declared in the XML, or only in the HTTP header) are decoded, exit 0', async (t) => {
    const root = tempDir(t);
    const server = await startServer(t);
    const good = serveGood(server);
    // 镕 is in GBK but not in GB2312: a decoder that only knows GB2312 would garble it.
    const item = (tag: string): TestItem => ({
      title: `朱镕基谈经济改革（${tag}）`,
      link: `/gbk/${tag}`,
      pubDate: BASE_DATE,
      body: `<p>北京——中国经济增长放缓，“改革”仍是关键词。</p>\n  <p>${tag}：镕、囍、喆</p>`,
    });
    const declared = item('声明');
    const header = item('报头');
    const declaredXml = rss([declared], '国标源').replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="GBK"?>');
    const headerXml = rss([header], '国标源').replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?>');
    assert.ok(declaredXml.includes('encoding="GBK"') && !headerXml.includes('encoding='));
    server.route('/declared.xml', body(iconv.encode(declaredXml, 'gbk'), { 'content-type': 'application/rss+xml' }));
    server.route('/header.xml', body(iconv.encode(headerXml, 'gbk'), { 'content-type': 'application/rss+xml; charset=GBK' }));
    const sources = [
      { id: 'gbk-xml', name: 'GBK声明', feed: `${server.url}/declared.xml` },
      { id: 'gbk-http', name: 'GBK报头', feed: `${server.url}/header.xml` },
      goodSource(server),
    ];
    writeConfig(root, config(sources, httpBlock()));

    const result = await runCli(['run', '--archive', root, '--json']);
    expectExit(result, 0);
    const report = parseJson(result);
    assert.equal(sourceOf(report, 'gbk-xml').new, 1);
    assert.equal(sourceOf(report, 'gbk-http').new, 1);

    const articles = checkArchive(root);
    for (const [id, feed, expected] of [
      ['gbk-xml', '/declared.xml', declared],
      ['gbk-http', '/header.xml', header],
    ] as const) {
      const files = articles.get(id) ?? [];
      assert.equal(files.length, 1, id);
      assert.equal(files[0]?.title, expected.title);
      assert.equal(files[0]?.text, expectedArticle(expected, `${server.url}${feed}`));
      assert.ok(!files[0]?.text.includes('\ufffd'), `${id}: replacement characters in the file`);
    }
    assertGoodArchived(root, server, good, articles);
  });

  test('7. a feed path that does not exist: names the path, "no such file", exit 1', async (t) => {
    const root = tempDir(t);
    const server = await startServer(t);
    const good = serveGood(server);
    writeConfig(root, config([{ id: 'local', name: '本地源', feed: 'missing.xml' }, goodSource(server)], httpBlock()));

    const result = await runCli(['run', '--archive', root]);
    expectExit(result, 1);
    const row = rowOf(result, 'local');
    assert.ok(row.includes(path.join(root, 'missing.xml')), `row names the resolved path: ${row}`);
    assert.match(row, /no such file/);
    assert.match(rowOf(result, GOOD_ID), /updated$/);

    const articles = checkArchive(root);
    assert.deepEqual(articleDirFiles(root, 'local'), []);
    assertGoodArchived(root, server, good, articles);
  });

  test('8. an HTML page instead of a feed: "not a feed", exit 1', async (t) => {
    const root = tempDir(t);
    const server = await startServer(t);
    const good = serveGood(server);
    const page = '<!DOCTYPE html>\n<html lang="zh">\n<head><meta charset="utf-8"><title>首页</title></head>\n<body><h1>欢迎</h1><a href="/feed">RSS</a></body>\n</html>\n';
    server.route('/home', body(page, { 'content-type': 'text/html; charset=utf-8' }));
    const feedUrl = `${server.url}/home`;
    writeConfig(root, config([{ id: 'page', name: '网页源', feed: feedUrl }, goodSource(server)], httpBlock()));

    const result = await runCli(['run', '--archive', root, '--json']);
    expectExit(result, 1);
    const pageReport = sourceOf(parseJson(result), 'page');
    assert.equal(pageReport.status, 'failed');
    assert.ok(pageReport.error?.includes(feedUrl), `error names the URL: ${pageReport.error}`);
    assert.match(pageReport.error ?? '', /not a feed/);

    const articles = checkArchive(root);
    assert.deepEqual(articleDirFiles(root, 'page'), []);
    assertGoodArchived(root, server, good, articles);
  });

  test('9a. a second run while the first holds the lock exits 3 naming the holder; the first finishes', async (t) => {
    const root = tempDir(t);
    const server = await startServer(t);
    const good = serveGood(server);
    let secondDone: () => void = () => {};
    const secondFinished = new Promise<void>((resolve) => (secondDone = resolve));
    const slowItems: TestItem[] = [{ title: '慢新闻', link: '/slow/1', pubDate: BASE_DATE, body: '<p>慢</p>' }];
    server.route('/slow.xml', (_req, res) => {
      // About 1.5 s, and never before the second run has been turned away (robust on a loaded machine).
      void Promise.all([delay(1500), Promise.race([secondFinished, delay(20_000, undefined, { ref: false })])]).then(() =>
        res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(slowItems)),
      );
    });
    writeConfig(root, config([{ id: 'slow', name: '慢源', feed: `${server.url}/slow.xml` }, goodSource(server)], httpBlock({ timeoutMs: 30_000 })));
    const lock = path.join(root, '.newsmirror', 'run.lock');

    const first = spawnCli(['run', '--archive', root, '--json']);
    const firstResult = collect(first);
    t.after(() => {
      if (first.exitCode === null) first.kill('SIGKILL');
    });
    await waitFor(() => server.hits.get('/slow.xml') === 1, 10_000, 'the first run to fetch the slow feed');
    assert.ok(fs.existsSync(lock), 'the first run holds the lock');
    const holder = JSON.parse(fs.readFileSync(lock, 'utf8')) as { pid: number; host: string; startedAt: string };
    assert.equal(holder.pid, first.pid);
    assert.equal(holder.host, os.hostname());

    const second = await runCli(['run', '--archive', root, '--json']);
    secondDone();
    expectExit(second, 3);
    assert.ok(second.stderr.includes(`pid ${first.pid}`), `stderr names the holder's pid: ${second.stderr}`);
    assert.ok(second.stderr.includes(holder.startedAt), `stderr names the start time: ${second.stderr}`);
    assert.equal(second.stdout, '', 'no report from the locked-out run');
    assert.equal(server.hits.get('/slow.xml'), 1, 'the locked-out run fetched nothing');

    const result = await firstResult;
    expectExit(result, 0);
    assert.equal(sourceOf(parseJson(result), 'slow').new, 1);
    assert.ok(!fs.existsSync(lock), 'the lock is released');
    const articles = checkArchive(root);
    assert.equal(articles.get('slow')?.length, 1);
    assertGoodArchived(root, server, good, articles);
  });

  test('9b. a stale lock (dead pid, this host) is taken over; a lock from another host is respected', async (t) => {
    const root = tempDir(t);
    const server = await startServer(t);
    const good = serveGood(server);
    writeConfig(root, config([goodSource(server)], httpBlock()));
    const lock = path.join(root, '.newsmirror', 'run.lock');
    fs.mkdirSync(path.dirname(lock), { recursive: true });

    const gone = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await new Promise((resolve) => gone.on('exit', resolve));
    const deadPid = gone.pid;
    assert.ok(deadPid !== undefined);

    // Another host's lock cannot be checked: respected even with a dead pid.
    const foreign = { pid: deadPid, host: `${os.hostname()}-elsewhere`, startedAt: '2024-01-01T00:00:00.000Z' };
    fs.writeFileSync(lock, JSON.stringify(foreign) + '\n');
    const refused = await runCli(['run', '--archive', root]);
    expectExit(refused, 3);
    assert.ok(refused.stderr.includes(`pid ${deadPid}`) && refused.stderr.includes(foreign.host) && refused.stderr.includes(foreign.startedAt), refused.stderr);
    assert.equal(server.hits.get('/good.xml'), undefined);

    fs.writeFileSync(lock, JSON.stringify({ pid: deadPid, host: os.hostname(), startedAt: '2024-01-01T00:00:00.000Z' }) + '\n');
    const result = await runCli(['run', '--archive', root, '--json']);
    expectExit(result, 0);
    assert.ok(!fs.existsSync(lock), 'the taken-over lock is released');
    assertGoodArchived(root, server, good, checkArchive(root));
  });

  test('10. config errors name the file, key and line, exit 2; --source nope exits 2', async (t) => {
    const server = await startServer(t);
    serveGood(server);
    const feed = `${server.url}/good.xml`;
    const cases: { name: string; text: string; expect: (string | RegExp)[] }[] = [
      {
        name: 'unknown key in a source',
        text: `sources:\n  - id: a\n    name: A\n    feed: ${feed}\n    colour: red\n`,
        expect: [':5: sources[0].colour: unknown key "colour"'],
      },
      {
        name: 'unknown top-level key',
        text: `timezone: Asia/Shanghai\nlistlimit: 10\nsources:\n  - id: a\n    name: A\n    feed: ${feed}\n`,
        expect: [':2: listlimit: unknown key "listlimit"'],
      },
      {
        name: 'unknown key in the http block',
        text: `http:\n  timeoutMs: 500\n  timeout: 5\nsources:\n  - id: a\n    name: A\n    feed: ${feed}\n`,
        expect: [':3: http.timeout: unknown key "timeout"'],
      },
      {
        name: 'missing feed',
        text: `sources:\n  - id: a\n    name: A\n  - id: b\n    name: B\n`,
        expect: [':2: sources[0].feed: required key is missing', ':4: sources[1].feed: required key is missing'],
      },
      {
        name: 'tab indentation',
        text: `sources:\n  - id: a\n\tname: A\n`,
        expect: [':3:', /invalid YAML/i, /tab/i],
      },
      {
        name: 'bad YAML',
        text: `sources:\n  - id: a\n    name: A\n    feed: [unclosed\n  - id: b\n`,
        expect: [/:[45]:/, /invalid YAML/i],
      },
    ];
    const runs = await Promise.all(
      cases.map(async (c) => {
        const root = tempDir(t);
        const file = writeConfig(root, c.text);
        return { c, root, file, result: await runCli(['run', '--archive', root]) };
      }),
    );
    for (const { c, root, file, result } of runs) {
      expectExit(result, 2);
      assert.ok(result.stderr.includes(file), `${c.name}: stderr names the file: ${result.stderr}`);
      for (const e of c.expect) {
        // `:line: key: message` right after the file name.
        const wanted = typeof e === 'string' && e.startsWith(':') ? file + e : e;
        if (typeof wanted === 'string') assert.ok(result.stderr.includes(wanted), `${c.name}: stderr lacks ${wanted}: ${result.stderr}`);
        else assert.match(result.stderr, wanted, c.name);
      }
      assert.deepEqual(listFiles(root), ['newsmirror.yaml'], `${c.name}: nothing written`);
    }
    assert.equal(server.hits.get('/good.xml'), undefined, 'nothing fetched with a bad config');

    const root = tempDir(t);
    writeConfig(root, config([goodSource(server)], httpBlock()));
    const result = await runCli(['run', '--archive', root, '--source', 'nope']);
    expectExit(result, 2);
    assert.match(result.stderr, /unknown source "nope"/);
    assert.match(result.stderr, /good/, 'lists the configured sources');
    // The config itself was valid: its validated form may be cached (git-ignored); nothing else is written.
    assert.deepEqual(listFiles(root).filter((f) => !f.startsWith('.newsmirror/cache/')), ['newsmirror.yaml']);
    assert.equal(server.hits.get('/good.xml'), undefined);
  });

  test('12. a run that finds nothing new changes no file outside .newsmirror/cache (304, body hash, changed bytes)', async (t) => {
    const root = tempDir(t);
    const server = await startServer(t);
    const good = serveGood(server);
    const mk = (prefix: string): TestItem[] =>
      [0, 1].map((i) => ({ title: `${prefix} ${i}`, link: `/${prefix}/${i}`, pubDate: BASE_DATE + i * 1000, body: `<p>${prefix}</p>` }));

    const etagXml = rss(mk('etag'));
    let notModified = 0;
    server.route('/etag.xml', (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        notModified += 1;
        res.writeHead(304, { etag: '"v1"' }).end();
      } else {
        res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' }).end(etagXml);
      }
    });
    const plainXml = rss(mk('plain'));
    const plainHeaders: string[] = [];
    server.route('/plain.xml', (req, res) => {
      plainHeaders.push(String(req.headers['if-none-match'] ?? '') + String(req.headers['if-modified-since'] ?? ''));
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(plainXml);
    });
    // Same items, different bytes each time: parsed again, all known.
    let builds = 0;
    server.route('/moving.xml', (_req, res) => {
      builds += 1;
      const xml = rss(mk('moving')).replace('<description>test</description>', `<description>test</description>\n    <lastBuildDate>${new Date(BASE_DATE + builds * 3_600_000).toUTCString()}</lastBuildDate>`);
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(xml);
    });
    const sources = [
      { id: 'etag', name: '标签源', feed: `${server.url}/etag.xml` },
      { id: 'plain', name: '无标源', feed: `${server.url}/plain.xml` },
      { id: 'moving', name: '变动源', feed: `${server.url}/moving.xml` },
      goodSource(server),
    ];
    writeConfig(root, config(sources, httpBlock()));

    const first = await runCli(['run', '--archive', root, '--json']);
    expectExit(first, 0);
    for (const id of ['etag', 'plain', 'moving']) assert.equal(sourceOf(parseJson(first), id).new, 2, id);
    const before = stamps(root);
    // mtimes must have a chance to differ if anything were rewritten.
    await delay(20);

    const second = await runCli(['run', '--archive', root, '--json']);
    expectExit(second, 0);
    const report = parseJson(second);
    for (const source of report.sources) {
      assert.equal(source.status, 'unchanged', `${source.id}: ${JSON.stringify(source)}`);
      assert.equal(source.new, 0);
    }
    assert.deepEqual(report.changed, []);
    assert.equal(notModified, 1, 'the ETag was sent back and answered with 304');
    assert.deepEqual(plainHeaders, ['', ''], 'no validators to send for the plain feed');
    assert.equal(builds, 2);
    assert.deepEqual(stamps(root), before, 'files outside .newsmirror/cache changed');

    const articles = checkArchive(root);
    for (const id of ['etag', 'plain', 'moving']) assert.equal(articles.get(id)?.length, 2, id);
    assertGoodArchived(root, server, good, articles);
  });
});
