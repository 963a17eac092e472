/**
 * The built CLI against real files of the existing archive (`../shared/fixtures/archive/articles/<folder>/*.md`,
 * DESIGN 2): feeds made from those files must come back as the very same bytes, an existing archive must be
 * continued without touching a file, and FT bodies keep their HTML comments.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test, type TestContext } from 'node:test';
import { REPO, runCli } from '../helpers/cli.js';
import { cdata, config } from '../helpers/feeds.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { diffSnapshots, listFiles, snapshot, tempDir } from '../helpers/tmp.js';

const SHARED = path.resolve(REPO, '../shared');
const FIXTURE_ROOT = path.join(SHARED, 'fixtures', 'archive');
const ARTICLES = path.join(FIXTURE_ROOT, 'articles');
const ABSENT = `${path.join(SHARED, 'fixtures')} is absent: real-archive tests need it (the shared checkout next to the repo)`;

/** The first number of an empty folder (0xFFFFF − 1, DESIGN 2.2). */
const FIRST = 1048574;
const DAY = 86_400_000;
/** How a pretty-printing feed indents the lines of a body. */
const INDENT = '        ';

// ---------------------------------------------------------------------------------------------------------------
// The fixture files, read independently of src/ (DESIGN 2.1).

interface Fixture {
  folder: string;
  file: string;
  bytes: Buffer;
  text: string;
  pubDate: number;
  title: string;
  url: string;
  /** Line 5: the body, one line of HTML. */
  body: string;
}

function parseFixture(folder: string, file: string): Fixture {
  const bytes = fs.readFileSync(path.join(ARTICLES, folder, file));
  const text = bytes.toString('utf8');
  const where = `${folder}/${file}`;
  const lines = text.split('\n');
  assert.equal(lines.length, 6, `${where}: five lines, each ending in \\n`);
  const [head = '', link = '', rule, empty, body = '', end] = lines;
  assert.equal(rule, '------', `${where}: line 3`);
  assert.equal(empty, '', `${where}: line 4`);
  assert.equal(end, '', `${where}: ends in \\n`);
  const ms = /^<!--(\d+)-->$/.exec(head);
  assert.ok(ms?.[1], `${where}: line 1 is <!--{ms}-->`);
  // Titles may hold "]" or "(", URLs never hold "](": split at the last one.
  const split = link.lastIndexOf('](');
  assert.ok(link.startsWith('[') && link.endsWith(')') && split > 0, `${where}: line 2 is [title](url)`);
  return { folder, file, bytes, text, pubDate: Number(ms[1]), title: link.slice(1, split), url: link.slice(split + 2, -1), body };
}

/** Fixtures by folder, each folder's oldest first. Checked against MANIFEST.tsv so that a parsing slip shows. */
function loadFixtures(): Map<string, Fixture[]> {
  const folders = new Map<string, Fixture[]>();
  for (const folder of fs.readdirSync(ARTICLES).sort()) {
    const files = fs.readdirSync(path.join(ARTICLES, folder)).filter((f) => f.endsWith('.md'));
    const fixtures = files.map((file) => parseFixture(folder, file)).sort((a, b) => a.pubDate - b.pubDate);
    if (fixtures.length > 0) folders.set(folder, fixtures);
  }
  const manifest = fs
    .readFileSync(path.join(FIXTURE_ROOT, 'MANIFEST.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line !== '')
    .map((line) => line.split('\t'));
  const all = [...folders.values()].flat();
  assert.equal(all.length, manifest.length, 'every fixture file is in MANIFEST.tsv');
  for (const [folder, file, ms, title, url] of manifest) {
    const fixture = all.find((f) => f.folder === folder && f.file === file);
    assert.ok(fixture, `MANIFEST.tsv lists ${folder}/${file}`);
    assert.deepEqual([fixture.pubDate, fixture.title, fixture.url], [Number(ms), title, url], `${folder}/${file} as MANIFEST.tsv says`);
  }
  return folders;
}

// ---------------------------------------------------------------------------------------------------------------
// Feeds as a pretty-printing outlet would publish them.

interface FeedEntry {
  title: string;
  url: string;
  pubDate: number;
  /** The archive's one-line body; the feed carries it re-broken and indented. */
  body: string;
  guid?: string;
}

/** Where the body goes and how it is quoted. */
type BodyMode = 'cdata' | 'escaped' | 'content-encoded';

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One line of HTML → indented lines, as a feed that pretty-prints its HTML sends it. */
const prettyBody = (line: string): string => `\n${INDENT}${line.replaceAll('><', `>\n${INDENT}<`)}\n      `;

/** RFC 822 for whole seconds; an ISO-8601 dc:date keeps milliseconds, which RFC 822 cannot carry. */
const dateElement = (ms: number): string =>
  ms % 1000 === 0 ? `<pubDate>${new Date(ms).toUTCString()}</pubDate>` : `<dc:date>${new Date(ms).toISOString()}</dc:date>`;

function prettyFeed(entries: FeedEntry[], title: string, mode: BodyMode = 'cdata'): string {
  const items = entries.map((entry) => {
    const html = prettyBody(entry.body);
    const bodyLines =
      mode === 'cdata'
        ? [`      <description>${cdata(html)}</description>`]
        : mode === 'escaped'
          ? [`      <description>${escapeXml(html)}</description>`]
          : ['      <description>摘要</description>', `      <content:encoded>${cdata(html)}</content:encoded>`];
    return [
      '    <item>',
      `      <title>${escapeXml(entry.title)}</title>`,
      `      <link>${escapeXml(entry.url)}</link>`,
      ...(entry.guid ? [`      <guid isPermaLink="false">${escapeXml(entry.guid)}</guid>`] : []),
      `      ${dateElement(entry.pubDate)}`,
      ...bodyLines,
      '    </item>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
    '  <channel>',
    `    <title>${escapeXml(title)}</title>`,
    '    <link>https://news.example/</link>',
    '    <description>real-archive test</description>',
    ...items,
    '  </channel>',
    '</rss>',
    '',
  ].join('\n');
}

const entryOf = (f: Fixture): FeedEntry => ({ title: f.title, url: f.url, pubDate: f.pubDate, body: f.body });
const newestFirst = <T extends { pubDate: number }>(list: T[]): T[] => [...list].sort((a, b) => b.pubDate - a.pubDate);

/** The article file an entry must become (DESIGN 2.1): entries here have trimmed titles and one-line bodies. */
const articleText = (e: FeedEntry): string => `<!--${e.pubDate}-->\n[${e.title}](${e.url})\n------\n\n${e.body}\n`;

// ---------------------------------------------------------------------------------------------------------------
// Archive, server and CLI.

/** Feeds served from a loopback server, one path per source; their text can change between runs. */
class Feeds {
  private readonly texts = new Map<string, string>();
  private readonly paths = new Map<string, string>();

  constructor(private readonly server: TestServer) {}

  /** The feed URL of a source id (ids may be Chinese: paths are numbered). */
  url(id: string): string {
    let route = this.paths.get(id);
    if (route === undefined) {
      route = `/feeds/${this.paths.size}.xml`;
      this.paths.set(id, route);
      const key = id;
      this.server.route(route, (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(this.texts.get(key) ?? '');
      });
    }
    return this.server.url + route;
  }

  set(id: string, text: string): void {
    this.texts.set(id, text);
  }
}

async function setup(t: TestContext): Promise<{ archive: string; feeds: Feeds }> {
  const server = await startServer(t);
  return { archive: tempDir(t, 'newsmirror-real-'), feeds: new Feeds(server) };
}

function writeConfig(archive: string, feeds: Feeds, ids: string[]): void {
  const sources = ids.map((id) => ({ id, name: id, feed: feeds.url(id) }));
  fs.writeFileSync(path.join(archive, 'newsmirror.yaml'), config(sources, 'http:\n  retries: 0\n'));
}

/** Copies the fixture folders into archive/articles as they are (the existing archive's layout). */
function copyFixtures(archive: string, folders: Map<string, Fixture[]>): void {
  for (const [folder, fixtures] of folders) {
    const dir = path.join(archive, 'articles', folder);
    fs.mkdirSync(dir, { recursive: true });
    // writeFileSync, not copyFile: the fixtures are read-only and the copies must not be.
    for (const f of fixtures) fs.writeFileSync(path.join(dir, f.file), f.bytes);
  }
}

interface SourceReport {
  id: string;
  name: string;
  status: string;
  new: number;
  known: number;
  skipped: number;
  failed: number;
  error?: string;
}

interface RunReport {
  sources: SourceReport[];
  changed: string[];
  exitCode: number;
}

async function run(archive: string): Promise<RunReport> {
  const result = await runCli(['run', '--archive', archive, '--json']);
  assert.equal(result.code, 0, `run exits 0\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  return JSON.parse(result.stdout) as RunReport;
}

function sourceReport(report: RunReport, id: string): SourceReport {
  const found = report.sources.find((s) => s.id === id);
  assert.ok(found, `the report has source ${id}`);
  return found;
}

// ---------------------------------------------------------------------------------------------------------------
// List pages computed here from DESIGN 2.4.

/** M-D in Asia/Shanghai: UTC+8 all year (no daylight saving since 1991). */
function monthDay(ms: number): string {
  const local = new Date(ms + 8 * 3_600_000);
  return `${local.getUTCMonth() + 1}-${local.getUTCDate()}`;
}

interface ListItem {
  title: string;
  pubDate: number;
  n: number;
  file: string;
}

/** Newest first (pubDate desc, number asc). The existing archive's links encode the ASCII spaces of file names. */
function listPage(name: string, id: string, items: ListItem[]): string {
  const entries = [...items]
    .sort((a, b) => b.pubDate - a.pubDate || a.n - b.n)
    .map((e) => `${monthDay(e.pubDate)} [${e.title}](/articles/${id}/${e.file.replaceAll(' ', '%20')})\n`);
  return `${name}\n------\n\n${entries.join('\n')}\n`;
}

const numberOf = (file: string): number => Number(/^(\d+)/.exec(file)?.[1]);

function readList(archive: string, name: string): string {
  return fs.readFileSync(path.join(archive, 'lists', `${name}.md`), 'utf8');
}

// ---------------------------------------------------------------------------------------------------------------

test('round trip: feeds made from real archive files give back the same files, numbered from 1048574, and list pages', async (t) => {
  if (!fs.existsSync(ARTICLES)) return t.skip(ABSENT);
  const folders = loadFixtures();
  const { archive, feeds } = await setup(t);
  const ids = [...folders.keys()];
  for (const [folder, fixtures] of folders) feeds.set(folder, prettyFeed(newestFirst(fixtures).map(entryOf), folder));
  writeConfig(archive, feeds, ids);

  const report = await run(archive);
  assert.equal(report.exitCode, 0);
  for (const [folder, fixtures] of folders) {
    const source = sourceReport(report, folder);
    assert.deepEqual(
      { status: source.status, new: source.new, known: source.known, skipped: source.skipped, failed: source.failed },
      { status: 'updated', new: fixtures.length, known: 0, skipped: 0, failed: 0 },
      `${folder}: report`,
    );

    const dir = path.join(archive, 'articles', folder);
    const files = listFiles(dir);
    assert.equal(files.length, fixtures.length, `${folder}: one file per item, nothing else: ${files.join(', ')}`);
    const byContent = new Map<string, string[]>();
    for (const file of files) {
      const content = fs.readFileSync(path.join(dir, file), 'latin1');
      byContent.set(content, [...(byContent.get(content) ?? []), file]);
    }
    // Oldest first: 1048574, 1048573, … so the newest item has the smallest number.
    fixtures.forEach((fixture, k) => {
      const expected = `${FIRST - k}.md`;
      const holders = byContent.get(fixture.bytes.toString('latin1')) ?? [];
      assert.deepEqual(holders, [expected], `${folder}/${fixture.file} comes back byte for byte as exactly ${expected}`);
      assert.ok(fs.readFileSync(path.join(dir, expected)).equals(fixture.bytes), `${folder}/${expected} bytes`);
    });

    const items = fixtures.map((f, k) => ({ title: f.title, pubDate: f.pubDate, n: FIRST - k, file: `${FIRST - k}.md` }));
    assert.equal(readList(archive, folder), listPage(folder, folder, items), `lists/${folder}.md`);
  }

  // The same feeds again: nothing new, nothing outside the cache touched.
  const before = snapshot(archive);
  const again = await run(archive);
  for (const id of ids) assert.equal(sourceReport(again, id).new, 0, `${id}: second run finds nothing new`);
  assert.deepEqual(diffSnapshots(before, snapshot(archive)), [], 'second run changes no file outside .newsmirror/cache');
  assert.deepEqual(again.changed, []);

  // Served anew with different bytes (oldest first, another channel title): parsed again, every item known.
  for (const [folder, fixtures] of folders) feeds.set(folder, prettyFeed(fixtures.map(entryOf), `${folder} (reordered)`));
  const third = await run(archive);
  for (const [folder, fixtures] of folders) {
    const source = sourceReport(third, folder);
    assert.deepEqual([source.new, source.known], [0, fixtures.length], `${folder}: re-served feed is all known`);
  }
  assert.deepEqual(diffSnapshots(before, snapshot(archive)), [], 'a re-served feed changes no file outside .newsmirror/cache');
});

test('continuing an existing archive: old files untouched, new ones numbered below the smallest', async (t) => {
  if (!fs.existsSync(ARTICLES)) return t.skip(ABSENT);
  const folders = loadFixtures();
  const { archive, feeds } = await setup(t);
  copyFixtures(archive, folders);
  const ids = [...folders.keys()];
  writeConfig(archive, feeds, ids);

  const fresh = new Map<string, FeedEntry[]>();
  for (const [folder, fixtures] of folders) {
    const newest = Math.max(...fixtures.map((f) => f.pubDate));
    const base = `https://news.example/${encodeURIComponent(folder)}`;
    // Millisecond dates: these go out as ISO-8601 dc:date and must keep their milliseconds.
    const items: FeedEntry[] = [
      { title: `${folder} 新稿一`, url: `${base}/fresh-1.html`, pubDate: newest + DAY + 123, body: '<div><p>第一篇 &amp; 更多</p><img src="https://img.example/1.jpg?a=1&amp;b=2"></div>', guid: `${folder}-fresh-1` },
      { title: `${folder} 新稿二 [视频](直播)`, url: `${base}/fresh-2.html`, pubDate: newest + 2 * DAY + 456, body: '<p>第二篇</p><p><a href="https://news.example/">链接</a></p>', guid: `${folder}-fresh-2` },
    ];
    fresh.set(folder, items);
    feeds.set(folder, prettyFeed(newestFirst([...items, ...fixtures.map(entryOf)]), folder));
  }

  const report = await run(archive);
  for (const [folder, fixtures] of folders) {
    const source = sourceReport(report, folder);
    assert.deepEqual(
      { status: source.status, new: source.new, known: source.known, failed: source.failed },
      { status: 'updated', new: 2, known: fixtures.length, failed: 0 },
      `${folder}: report`,
    );

    const dir = path.join(archive, 'articles', folder);
    for (const f of fixtures) {
      const now = path.join(dir, f.file);
      assert.ok(fs.existsSync(now), `${folder}/${f.file} is still there under its name`);
      assert.ok(fs.readFileSync(now).equals(f.bytes), `${folder}/${f.file} is byte for byte as it was`);
    }
    const smallest = Math.min(...fixtures.map((f) => numberOf(f.file)));
    const [older, newer] = fresh.get(folder) ?? [];
    assert.ok(older && newer);
    const olderFile = `${smallest - 1}.md`;
    const newerFile = `${smallest - 2}.md`;
    assert.deepEqual(listFiles(dir), [...fixtures.map((f) => f.file), olderFile, newerFile].sort(), `${folder}: exactly two new files`);
    assert.equal(fs.readFileSync(path.join(dir, olderFile), 'utf8'), articleText(older), `${folder}/${olderFile}: the older new item`);
    assert.equal(fs.readFileSync(path.join(dir, newerFile), 'utf8'), articleText(newer), `${folder}/${newerFile}: the newest item`);

    const list = readList(archive, folder);
    const entries = list.split('\n\n').slice(1);
    assert.equal(entries[0], `${monthDay(newer.pubDate)} [${newer.title}](/articles/${folder}/${newerFile})`, `lists/${folder}.md: first entry`);
    assert.equal(entries[1], `${monthDay(older.pubDate)} [${older.title}](/articles/${folder}/${olderFile})`, `lists/${folder}.md: second entry`);
    const items: ListItem[] = [
      ...fixtures.map((f) => ({ title: f.title, pubDate: f.pubDate, n: numberOf(f.file), file: f.file })),
      { title: older.title, pubDate: older.pubDate, n: smallest - 1, file: olderFile },
      { title: newer.title, pubDate: newer.pubDate, n: smallest - 2, file: newerFile },
    ];
    assert.equal(list, listPage(folder, folder, items), `lists/${folder}.md`);
  }

  // The cache lost (a fresh clone): the folder is read again from the files alone, titles holding "](" included.
  // One more item: numbered below the run's new files, the whole list page rebuilt from the files.
  const written = snapshot(archive, ['.newsmirror']);
  fs.rmSync(path.join(archive, '.newsmirror', 'cache'), { recursive: true, force: true });
  const third = new Map<string, FeedEntry>();
  for (const [folder, fixtures] of folders) {
    const items = fresh.get(folder) ?? [];
    const latest = Math.max(...items.map((e) => e.pubDate));
    const entry: FeedEntry = { title: `${folder} 新稿三`, url: `https://news.example/${encodeURIComponent(folder)}/fresh-3.html`, pubDate: latest + DAY, body: '<p>第三篇</p>' };
    third.set(folder, entry);
    feeds.set(folder, prettyFeed(newestFirst([entry, ...items, ...fixtures.map(entryOf)]), folder));
  }
  const next = await run(archive);
  for (const [folder, fixtures] of folders) {
    const source = sourceReport(next, folder);
    assert.deepEqual([source.new, source.known], [1, fixtures.length + 2], `${folder}: without the cache, all but the third item known`);
    const smallest = Math.min(...fixtures.map((f) => numberOf(f.file)));
    const [older, newer] = fresh.get(folder) ?? [];
    const entry = third.get(folder);
    assert.ok(older && newer && entry);
    const file = `${smallest - 3}.md`;
    assert.equal(fs.readFileSync(path.join(archive, 'articles', folder, file), 'utf8'), articleText(entry), `${folder}/${file}`);
    const items: ListItem[] = [
      ...fixtures.map((f) => ({ title: f.title, pubDate: f.pubDate, n: numberOf(f.file), file: f.file })),
      { title: older.title, pubDate: older.pubDate, n: smallest - 1, file: `${smallest - 1}.md` },
      { title: newer.title, pubDate: newer.pubDate, n: smallest - 2, file: `${smallest - 2}.md` },
      { title: entry.title, pubDate: entry.pubDate, n: smallest - 3, file },
    ];
    assert.equal(readList(archive, folder), listPage(folder, folder, items), `lists/${folder}.md rebuilt from the files`);
  }
  const changedArticles = diffSnapshots(written, snapshot(archive, ['.newsmirror'])).filter((f) => f.startsWith('articles/') && written.has(f));
  assert.deepEqual(changedArticles, [], 'no article file written before changed');
});

/** The same article as a feed may link it: the archive must know it (DESIGN 2.3). */
const URL_FORMS: [string, (url: string) => string][] = [
  ['utm_* parameters added', (u) => `${u}${u.includes('?') ? '&' : '?'}utm_source=x&utm_medium=rss`],
  ['a fragment added', (u) => `${u}#frag`],
  ['upper-case scheme and host', (u) => u.replace(/^(\w+:\/\/)([^/]+)/, (_m, scheme: string, host: string) => scheme.toUpperCase() + host.toUpperCase())],
  ['the default port spelled out', (u) => u.replace(/^(https?):\/\/([^/]+)/, (_m, scheme: string, host: string) => `${scheme}://${host}:${scheme === 'https' ? 443 : 80}`)],
  ['all of these', (u) => `${u.replace(/^(https?):\/\/([^/]+)/, (_m, scheme: string, host: string) => `${scheme.toUpperCase()}://${host.toUpperCase()}:${scheme === 'https' ? 443 : 80}`)}${u.includes('?') ? '&' : '?'}utm_campaign=y#top`],
];

test('continuing an existing archive: an old item under another form of its URL is known', async (t) => {
  if (!fs.existsSync(ARTICLES)) return t.skip(ABSENT);
  const folders = loadFixtures();
  const { archive, feeds } = await setup(t);
  copyFixtures(archive, folders);
  const ids = [...folders.keys()];
  writeConfig(archive, feeds, ids);

  let index = 0;
  const probes = new Map<string, FeedEntry>();
  for (const [folder, fixtures] of folders) {
    const variants = fixtures.map((f) => {
      const [, form] = URL_FORMS[index++ % URL_FORMS.length] ?? [];
      assert.ok(form);
      const url = form(f.url);
      assert.notEqual(url, f.url);
      return { ...entryOf(f), url };
    });
    // A different query parameter that is not tracking makes a different article: it must be new.
    const first = fixtures[0];
    assert.ok(first);
    const probe: FeedEntry = { title: `${folder} 第二页`, url: `${first.url}${first.url.includes('?') ? '&' : '?'}page=2`, pubDate: first.pubDate + 1000, body: '<p>第二页</p>' };
    probes.set(folder, probe);
    feeds.set(folder, prettyFeed(newestFirst([...variants, probe]), folder));
  }
  assert.ok(index >= URL_FORMS.length, 'every URL form is tried');

  const before = snapshot(archive);
  const report = await run(archive);
  for (const [folder, fixtures] of folders) {
    const source = sourceReport(report, folder);
    assert.deepEqual([source.new, source.known], [1, fixtures.length], `${folder}: old items known under other URL forms, the page=2 item new`);
    const smallest = Math.min(...fixtures.map((f) => numberOf(f.file)));
    const probe = probes.get(folder);
    assert.ok(probe);
    assert.equal(fs.readFileSync(path.join(archive, 'articles', folder, `${smallest - 1}.md`), 'utf8'), articleText(probe));
  }
  const changedOld = diffSnapshots(before, snapshot(archive)).filter((f) => f.startsWith('articles/') && before.has(f));
  assert.deepEqual(changedOld, [], 'no old article file changed');
});

test('FT bodies keep their <!--pay wall--> HTML comments byte for byte', async (t) => {
  if (!fs.existsSync(ARTICLES)) return t.skip(ABSENT);
  const folders = loadFixtures();
  const ft = [...(folders.get('ft') ?? []), ...(folders.get('金融时报') ?? [])].filter((f) => f.body.includes('<!--pay wall'))
    .sort((a, b) => a.pubDate - b.pubDate);
  assert.ok(ft.length >= 2, 'the FT fixtures hold bodies with <!--pay wall …--> comments');
  assert.ok(ft.some((f) => f.body.includes('<!--pay wall 1: 0-->')));
  const { archive, feeds } = await setup(t);
  const modes: BodyMode[] = ['cdata', 'escaped', 'content-encoded'];
  const ids = modes.map((mode) => `ft-${mode}`);
  writeConfig(archive, feeds, ids);
  modes.forEach((mode, i) => feeds.set(ids[i] ?? '', prettyFeed(newestFirst(ft.map(entryOf)), 'FT中文网', mode)));

  const report = await run(archive);
  for (const id of ids) {
    assert.equal(sourceReport(report, id).new, ft.length, `${id}: report`);
    ft.forEach((fixture, k) => {
      const written = fs.readFileSync(path.join(archive, 'articles', id, `${FIRST - k}.md`), 'utf8');
      const body = written.split('\n')[4] ?? '';
      const comments = (text: string): string[] => text.match(/<!--[\s\S]*?-->/g) ?? [];
      assert.deepEqual(comments(body), comments(fixture.body), `${id}: ${fixture.folder}/${fixture.file} keeps its comments`);
      assert.equal(body, fixture.body, `${id}: ${fixture.folder}/${fixture.file} body byte for byte`);
      assert.equal(written, fixture.text, `${id}: ${fixture.folder}/${fixture.file} whole file`);
    });
  }
});
