import assert from 'node:assert/strict';
import { test } from 'node:test';
import { byMonth, newestFirst, renderListPage, renderMonthIndex, renderMonthPage, type ListEntry } from '../../src/archive/lists.js';
import { ReadmeMarkersError, updateReadme } from '../../src/archive/readme.js';
import { Calendar } from '../../src/archive/timezone.js';

const shanghai = new Calendar('Asia/Shanghai');
const at = (iso: string): number => Date.parse(iso);

const entries: ListEntry[] = [
  { n: 1043575, file: '1043575.md', pubDate: at('2022-09-11T01:00:00Z'), title: '英国女王逝世：灵柩前往爱丁堡' },
  // 16:30 UTC on 31 August is 1 September in Shanghai.
  { n: 1043616, file: '1043616.md', pubDate: at('2022-08-31T16:30:00Z'), title: '解决核废料处理难题' },
  { n: 1043617, file: '1043617.md', pubDate: at('2022-08-31T16:30:00Z'), title: '同一时刻' },
  { n: 1047717, file: '1047717_Zoom营收暴增 受益于疫情.md', pubDate: at('2020-09-01T01:00:00Z'), title: 'Zoom营收暴增 受益于疫情' },
];

test('list page: heading, then entries newest first with M-D in the archive time zone, blank line between', () => {
  const sorted = [...entries].sort(newestFirst);
  assert.equal(
    renderListPage('BBC', 'bbc', sorted, 300, shanghai),
    'BBC\n------\n\n' +
      '9-11 [英国女王逝世：灵柩前往爱丁堡](/articles/bbc/1043575.md)\n\n' +
      '9-1 [解决核废料处理难题](/articles/bbc/1043616.md)\n\n' +
      '9-1 [同一时刻](/articles/bbc/1043617.md)\n\n' +
      '9-1 [Zoom营收暴增 受益于疫情](/articles/bbc/1047717_Zoom营收暴增%20受益于疫情.md)\n\n',
  );
});

test('list page keeps only the newest `limit` entries', () => {
  const page = renderListPage('BBC', 'bbc', [...entries].sort(newestFirst), 2, shanghai);
  assert.equal(page.split('\n').filter((l) => l.includes('](')).length, 2);
  // Equal dates: the smaller number (written later) comes first, so 同一时刻 (1043617) is cut.
  assert.match(page, /解决核废料/);
  assert.doesNotMatch(page, /同一时刻/);
});

test('month pages group by the local month; the index lists months newest first with counts', () => {
  const months = byMonth([...entries].sort(newestFirst), shanghai);
  assert.deepEqual([...months.keys()], ['2022-09', '2020-09']);
  assert.equal(months.get('2022-09')?.length, 3);
  assert.equal(renderMonthPage('BBC', 'bbc', '2020-09', months.get('2020-09') ?? [], shanghai), 'BBC 2020-09\n------\n\n9-1 [Zoom营收暴增 受益于疫情](/articles/bbc/1047717_Zoom营收暴增%20受益于疫情.md)\n\n');
  assert.equal(renderMonthIndex('BBC', new Map([['2020-09', 1], ['2022-09', 3]])), 'BBC\n------\n\n[2022-09](/lists/BBC/2022-09.md) (3)\n\n[2020-09](/lists/BBC/2020-09.md) (1)\n\n');
});

test('calendar dates follow the configured zone', () => {
  const instant = at('2022-12-31T20:00:00Z');
  assert.deepEqual(shanghai.date(instant), { year: 2023, month: 1, day: 1 });
  assert.deepEqual(new Calendar('America/New_York').date(instant), { year: 2022, month: 12, day: 31 });
  assert.equal(new Calendar('UTC').monthKey(instant), '2022-12');
  assert.throws(() => Calendar.validate('Mars/Olympus'));
});

test('calendar dates stay right across daylight-saving transitions', () => {
  const newYork = new Calendar('America/New_York');
  const reference = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', year: 'numeric', month: 'numeric', day: 'numeric' });
  for (let t = Date.UTC(2024, 2, 9); t < Date.UTC(2024, 2, 12); t += 7 * 60_000) {
    const parts = Object.fromEntries(reference.formatToParts(new Date(t)).map((p) => [p.type, Number(p.value)]));
    assert.deepEqual(newYork.date(t), { year: parts.year, month: parts.month, day: parts.day }, new Date(t).toISOString());
  }
});

test('README: the section between markers is replaced, operator text around it kept', () => {
  const before = '抓取新闻媒体文章\n------\n\n<!-- newsmirror:sources -->\nold\n<!-- /newsmirror:sources -->\n\n鸣谢\n------\n';
  const after = updateReadme(before, ['纽约时报', 'BBC']);
  assert.equal(
    after,
    '抓取新闻媒体文章\n------\n\n<!-- newsmirror:sources -->\n[纽约时报](lists/纽约时报.md) · [按月](lists/纽约时报/index.md)\n\n[BBC](lists/BBC.md) · [按月](lists/BBC/index.md)\n<!-- /newsmirror:sources -->\n\n鸣谢\n------\n',
  );
  assert.equal(updateReadme(after, ['纽约时报', 'BBC']), after);
});

test('README without markers (an existing archive) gets the section appended; none at all gets a new README', () => {
  const old = '抓取新闻媒体文章\n------\n\n[BBC](lists/BBC.md)\n';
  const updated = updateReadme(old, ['BBC']);
  assert.ok(updated.startsWith(old));
  assert.match(updated, /<!-- newsmirror:sources -->\n\[BBC\]\(lists\/BBC\.md\)/);
  assert.match(updateReadme(undefined, ['BBC']), /^# .+\n\n<!-- newsmirror:sources -->/);
});

test('README markers that do not pair up are refused, naming the line', () => {
  const begin = '<!-- newsmirror:sources -->';
  const end = '<!-- /newsmirror:sources -->';
  for (const [text, line] of [
    [`a\n${begin}\nmine\n`, 2],
    [`a\nb\n${end}\n`, 3],
    [`${end}\n${begin}\n`, 1],
    [`${begin}\n${end}\n${begin}\n${end}\n`, 3],
  ] as const) {
    assert.throws(() => updateReadme(text, ['BBC']), (error: Error) => error instanceof ReadmeMarkersError && error.message.startsWith(`README.md:${line}:`), text);
  }
});
