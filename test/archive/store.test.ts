import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { acquireLock, LockedError } from '../../src/archive/lock.js';
import { parseArticle, serializeArticle } from '../../src/archive/format.js';
import { ArchiveState } from '../../src/archive/state.js';
import { SourceStore, type Candidate, type SourceSettings } from '../../src/archive/store.js';
import { Calendar } from '../../src/archive/timezone.js';
import { listFiles } from '../helpers/tmp.js';
import { hostname } from 'node:os';
import { tempDir } from '../helpers/tmp.js';

const settings: SourceSettings = { id: 'nyt', name: '纽约时报', numbering: 'countdown', dedupeTitles: false, layout: 'flat' };
const shanghai = new Calendar('Asia/Shanghai');
const item = (i: number, extra: Partial<Candidate> = {}): Candidate => ({
  title: `标题 ${i}`,
  url: `https://cn.nytimes.com/a/${i}/`,
  pubDate: 1_700_000_000_000 + i * 60_000,
  body: `<p>${i}</p>`,
  order: 100 - i,
  ...extra,
});

function store(root: string, s: SourceSettings = settings): SourceStore {
  return new SourceStore(root, s, ArchiveState.load(root), shanghai);
}

test('new items are numbered oldest first, so the newest gets the smallest number', async (t) => {
  const root = tempDir(t);
  const s = store(root);
  const { fresh, known } = s.classify([item(3), item(1), item(2)]);
  assert.equal(known, 0);
  const result = await s.write(fresh);
  assert.deepEqual(result.written.map((w) => [w.n, w.title]), [[1048574, '标题 1'], [1048573, '标题 2'], [1048572, '标题 3']]);
  assert.equal(parseArticle(fs.readFileSync(path.join(root, 'articles/nyt/1048572.md'), 'utf8')).title, '标题 3');
});

test('equal dates keep feed order: the item listed first is numbered first', async (t) => {
  const root = tempDir(t);
  const s = store(root);
  const a = item(1, { order: 0, pubDate: 5 });
  const b = item(2, { order: 1, pubDate: 5 });
  const written = (await s.write(s.classify([b, a]).fresh)).written;
  assert.deepEqual(written.map((w) => w.url), [a.url, b.url]);
});

test('known items are recognised by URL variants and by guid; duplicates within one feed count once', async (t) => {
  const root = tempDir(t);
  const first = store(root);
  await first.write(first.classify([item(1, { guid: 'g-1' })]).fresh);
  first.catalog.save();
  const again = store(root);
  const { fresh, known } = again.classify([
    item(1, { url: 'HTTPS://CN.NYTIMES.COM/a/1/?utm_source=feed#top' }),
    item(9, { guid: 'g-1', url: 'https://cn.nytimes.com/moved/' }),
    item(5),
    item(5),
  ]);
  assert.equal(known, 3);
  assert.deepEqual(fresh.map((c) => c.url), ['https://cn.nytimes.com/a/5/']);
});

test('an existing archive continues below its smallest number; <n>_<title>.md names count; files stay untouched', async (t) => {
  const root = tempDir(t);
  const dir = path.join(root, 'articles', 'nyt');
  fs.mkdirSync(dir, { recursive: true });
  const old = serializeArticle({ pubDate: 1, title: '旧', url: 'https://old.test/1', body: '<p>old</p>' });
  fs.writeFileSync(path.join(dir, '1046800.md'), old);
  fs.writeFileSync(path.join(dir, '1042046_旧 标题 .md'), old.replace('/1', '/2'));
  fs.writeFileSync(path.join(dir, 'README.txt'), 'not an article');
  const s = store(root);
  const { fresh, known } = s.classify([item(1), { ...item(2), url: 'https://old.test/2' }]);
  assert.equal(known, 1);
  assert.deepEqual((await s.write(fresh)).written.map((w) => w.file), ['1042045.md']);
  assert.equal(fs.readFileSync(path.join(dir, '1046800.md'), 'utf8'), old);
});

test('a number is never reused, even after the newest file is deleted', async (t) => {
  const root = tempDir(t);
  const state = ArchiveState.load(root);
  const s = new SourceStore(root, settings, state, shanghai);
  await s.write(s.classify([item(1), item(2)]).fresh);
  state.save();
  fs.rmSync(path.join(root, 'articles/nyt/1048573.md'));
  const next = store(root);
  assert.deepEqual((await next.write(next.classify([item(3)]).fresh)).written.map((w) => w.n), [1048572]);
});

test('a file that appeared under a number is never overwritten: the next free number is used', async (t) => {
  const root = tempDir(t);
  const s = store(root);
  // Another writer (a pull) created 1048574.md after the catalog was read.
  fs.mkdirSync(path.join(root, 'articles/nyt'), { recursive: true });
  fs.writeFileSync(path.join(root, 'articles/nyt/1048574.md'), 'foreign');
  const written = (await s.write(s.classify([item(1)]).fresh)).written;
  assert.deepEqual(written.map((w) => w.n), [1048573]);
  assert.equal(fs.readFileSync(path.join(root, 'articles/nyt/1048574.md'), 'utf8'), 'foreign');
});

test('wp-post-xor numbers WordPress posts as the existing archive did; no post id falls back to count-down', async (t) => {
  const root = tempDir(t);
  const cdt = { ...settings, id: 'cdt', numbering: 'wp-post-xor' as const };
  const s = store(root, cdt);
  const post = item(1, { url: 'https://chinadigitaltimes.net/chinese/715653.html', guid: 'https://chinadigitaltimes.net/chinese/?p=715653' });
  const { written } = await s.write(s.classify([post, item(2, { guid: 'no-post-id' })]).fresh);
  assert.deepEqual(written.map((w) => w.n), [332922, 332921]);
  // The same post again under another URL (and the catalog rebuilt from the files, so no guid is known): its
  // number is held by its own URL, so it is archived already.
  fs.rmSync(path.join(root, '.newsmirror/cache'), { recursive: true, force: true });
  const again = store(root, cdt);
  const result = await again.write(again.classify([item(7, { guid: 'https://chinadigitaltimes.net/chinese/?p=715653' })]).fresh);
  assert.equal(result.written.length, 0);
  assert.equal(result.known, 1);
});

test('wp-post-xor: a post whose number a count-down fallback took is still archived, under count-down', async (t) => {
  const root = tempDir(t);
  const cdt = { ...settings, id: 'cdt', numbering: 'wp-post-xor' as const };
  const s = store(root, cdt);
  // Post 1000 → 0xFFFFF ^ 1000 = 1047575; the item without a post id then gets 1047574, which is post 1001's.
  await s.write(s.classify([item(1, { guid: 'https://cdt.test/?p=1000' }), item(2, { guid: 'none' })]).fresh);
  const next = store(root, cdt);
  const result = await next.write(next.classify([item(3, { guid: 'https://cdt.test/?p=1001' })]).fresh);
  assert.deepEqual(result.written.map((w) => [w.n, w.title]), [[1047573, '标题 3']]);
  assert.equal(result.known, 0);
});

test('dedupeTitles treats the same title within two days as the same story', async (t) => {
  const root = tempDir(t);
  const s = store(root, { ...settings, dedupeTitles: true });
  await s.write(s.classify([item(1)]).fresh);
  const { fresh, known } = s.classify([
    { ...item(1), url: 'https://cn.nytimes.com/dup/', pubDate: item(1).pubDate + 3_600_000 },
    { ...item(1), url: 'https://cn.nytimes.com/later/', pubDate: item(1).pubDate + 5 * 86_400_000 },
  ]);
  assert.equal(known, 1);
  assert.deepEqual(fresh.map((c) => c.url), ['https://cn.nytimes.com/later/']);
});

test('the catalog notices files added and removed behind its back, and unreadable files keep their number', async (t) => {
  const root = tempDir(t);
  const s = store(root);
  await s.write(s.classify([item(1)]).fresh);
  s.catalog.save();
  const dir = path.join(root, 'articles/nyt');
  fs.writeFileSync(path.join(dir, '1000000.md'), serializeArticle({ ...item(50), body: '' }));
  fs.writeFileSync(path.join(dir, '999999.md'), 'garbage');
  const next = store(root);
  assert.equal(next.catalog.find('https://cn.nytimes.com/a/50/', undefined)?.n, 1000000);
  assert.deepEqual(next.catalog.broken().map((e) => e.file), ['999999.md']);
  assert.equal(next.catalog.lowestNumber(), 999999);
  fs.rmSync(path.join(dir, '1000000.md'));
  assert.equal(store(root).catalog.find('https://cn.nytimes.com/a/50/', undefined), undefined);
});

test('the run lock: a live holder is named; a dead holder is taken over', (t) => {
  const root = tempDir(t);
  const file = path.join(root, '.newsmirror/run.lock');
  const lock = acquireLock(root);
  assert.equal(lock.tookOverStale, false);
  assert.throws(() => acquireLock(root), (error: Error) => error instanceof LockedError && error.message.includes(`pid ${process.pid}`));
  lock.release();
  assert.equal(fs.existsSync(file), false);

  // A dead process on this host.
  fs.writeFileSync(file, JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), startedAt: 'then' }));
  const taken = acquireLock(root);
  assert.equal(taken.tookOverStale, true);
  taken.release();

  // A container restarted after a kill: the dead run had our pid, but this process never took the lock.
  fs.writeFileSync(file, JSON.stringify({ pid: process.pid, host: hostname(), startedAt: 'before the restart' }));
  const again = acquireLock(root);
  assert.equal(again.tookOverStale, true);
  again.release();
});

test('the run lock: a lock of another host is respected; an unreadable lock only once it is old', (t) => {
  const root = tempDir(t);
  const file = path.join(root, '.newsmirror/run.lock');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ pid: 1, host: 'elsewhere', startedAt: 'then' }));
  assert.throws(() => acquireLock(root), /pid 1 on elsewhere.*delete .*run\.lock/);
  fs.writeFileSync(file, '');
  assert.throws(() => acquireLock(root), /unreadable/);
  const old = new Date(Date.now() - 120_000);
  fs.utimesSync(file, old, old);
  acquireLock(root).release();
  assert.deepEqual(fs.readdirSync(path.dirname(file)), [], 'no temp file left');
});

test('layout: monthly writes articles/<id>/<YYYY>/<MM>/<n>.md (local month), numbers unchanged, lists link there', async (t) => {
  const root = tempDir(t);
  const monthly = { ...settings, layout: 'monthly' as const };
  const s = store(root, monthly);
  // 16:30 UTC on 31 October is 1 November in Shanghai.
  const october = item(1, { pubDate: Date.UTC(2026, 9, 31, 10) });
  const november = item(2, { pubDate: Date.UTC(2026, 9, 31, 16, 30) });
  const { written } = await s.write(s.classify([november, october]).fresh);
  assert.deepEqual(written.map((w) => w.file), ['2026/10/1048574.md', '2026/11/1048573.md']);
  s.updateLists(new Set(['2026-10', '2026-11']), 300);
  s.catalog.save();
  const list = fs.readFileSync(path.join(root, 'lists/纽约时报.md'), 'utf8');
  assert.match(list, /^11-1 \[标题 2\]\(\/articles\/nyt\/2026\/11\/1048573\.md\)$/m);
  assert.match(list, /^10-31 \[标题 1\]\(\/articles\/nyt\/2026\/10\/1048574\.md\)$/m);

  // A fresh catalog (cache deleted) finds them in their folders; a file added to a month folder behind its
  // back is noticed through that folder's time alone.
  fs.rmSync(path.join(root, '.newsmirror/cache'), { recursive: true, force: true });
  const next = store(root, monthly);
  assert.equal(next.catalog.find(october.url, undefined)?.file, '2026/10/1048574.md');
  fs.writeFileSync(path.join(root, 'articles/nyt/2026/11/1048000.md'), serializeArticle(item(9)));
  next.catalog.save();
  const again = store(root, monthly);
  assert.equal(again.catalog.find(item(9).url, undefined)?.n, 1048000);
  const third = await again.write(again.classify([item(3, { pubDate: Date.UTC(2026, 10, 2) })]).fresh);
  assert.deepEqual(third.written.map((w) => w.file), ['2026/11/1047999.md']);
  assert.deepEqual(listFiles(path.join(root, 'articles/nyt')), ['2026/10/1048574.md', '2026/11/1047999.md', '2026/11/1048000.md', '2026/11/1048573.md']);
});

test('a month folder removed behind the catalog\'s back takes its articles out of the catalog', async (t) => {
  const root = tempDir(t);
  const monthly = { ...settings, layout: 'monthly' as const };
  const s = store(root, monthly);
  await s.write(s.classify([item(1, { pubDate: Date.UTC(2025, 0, 15) }), item(2, { pubDate: Date.UTC(2026, 0, 15) })]).fresh);
  s.catalog.save();
  fs.rmSync(path.join(root, 'articles/nyt/2025'), { recursive: true });
  const next = store(root, monthly);
  assert.equal(next.catalog.find(item(1).url, undefined), undefined);
  assert.ok(next.catalog.find(item(2).url, undefined));
});

test('identity by guid survives a lost cache: guids the URL would not find are kept in .newsmirror/guids', async (t) => {
  const root = tempDir(t);
  const s = store(root);
  await s.write(s.classify([item(1, { guid: 'nyt-guid-1' }), item(2, { guid: 'https://cn.nytimes.com/a/2/' })]).fresh);
  s.catalog.saveGuids();
  s.catalog.save();
  // Only the guid that its URL does not already identify is recorded.
  assert.equal(fs.readFileSync(path.join(root, '.newsmirror/guids/nyt.tsv'), 'utf8'), '1048574.md\tnyt-guid-1\n');
  // A crash cut an append short; the next append starts on a fresh line and the cut line is ignored.
  fs.appendFileSync(path.join(root, '.newsmirror/guids/nyt.tsv'), '1048999.md\t');
  fs.rmSync(path.join(root, '.newsmirror/cache'), { recursive: true, force: true });
  const fresh = store(root);
  const { fresh: items, known } = fresh.classify([item(1, { guid: 'nyt-guid-1', url: 'https://cn.nytimes.com/moved/1/' })]);
  assert.deepEqual([items.length, known], [0, 1]);
  await fresh.write(fresh.classify([item(3, { guid: 'nyt-guid-3' })]).fresh);
  fresh.catalog.saveGuids();
  assert.equal(fs.readFileSync(path.join(root, '.newsmirror/guids/nyt.tsv'), 'utf8'), '1048574.md\tnyt-guid-1\n1048999.md\t\n1048572.md\tnyt-guid-3\n');
});
