/**
 * The bench workload, generated (deterministically) rather than shipped: 20 sources, each with a timeline of
 * items indexed by an integer i. Feed A serves items 0..99 (newest first), feed B items 100..199; items below 0
 * are the archive's history, written straight to disk as article files.
 *
 * Bodies are about 5 KB of Chinese-language HTML spread over indented lines (so that the body line-join has
 * work to do); one source carries HTML comments in its CDATA bodies as FT's feed does; sources vary between
 * <description> and <content:encoded>, permalink and opaque guids, GMT and +0800 dates.
 * Pure: values in, strings out.
 */
import { between, pick, seeded, type Random } from './prng.js';

export const SOURCE_COUNT = 20;
export const ITEMS_PER_FEED = 100;
/** The first number of an empty source folder (DESIGN 2.2). */
export const FIRST_NUMBER = 0xfffff - 1;

/** Items of feed A are 0..99 and those of feed B 100..199. */
export type FeedName = 'a' | 'b';
export const FEED_START: Record<FeedName, number> = { a: 0, b: ITEMS_PER_FEED };

/** Start of feed A; history runs back from here, one item per STEP_MS on average. */
const T0 = Date.UTC(2025, 5, 1);
const STEP_MS = 2.5 * 3_600_000;

export interface SourceSpec {
  index: number;
  id: string;
  name: string;
  host: string;
  /** Where the body goes; with content:encoded the description is a one-sentence summary. */
  bodyElement: 'description' | 'content:encoded';
  /** Opaque guids (isPermaLink="false") or the link repeated. */
  opaqueGuid: boolean;
  /** Dates in +0800 (as Chinese outlets write them) instead of GMT. */
  chinaTime: boolean;
  /** HTML comments inside the CDATA bodies (FT's paywall markers). */
  comments: boolean;
  titleInCdata: boolean;
}

export function sourceSpecs(count = SOURCE_COUNT): SourceSpec[] {
  return Array.from({ length: count }, (_, index) => {
    const two = String(index + 1).padStart(2, '0');
    return {
      index,
      id: `s${two}`,
      name: `测试源${two}`,
      host: `www.outlet${two}.example`,
      bodyElement: index % 4 === 1 ? 'content:encoded' : 'description',
      opaqueGuid: index % 2 === 0,
      chinaTime: index % 3 === 0,
      comments: index === 5,
      titleInCdata: index % 2 === 1,
    };
  });
}

export interface BenchItem {
  i: number;
  title: string;
  url: string;
  guid: string;
  /** Whole seconds, as RSS dates carry no milliseconds. */
  pubDate: number;
  /** Raw body HTML, several lines, as served in the feed. */
  body: string;
  summary: string;
  category: string;
}

// Common characters of news text: words are drawn from them once, with a fixed seed.
const HANZI =
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理世车' +
  '香港台湾北京上海美国日本欧洲俄罗斯政府官员总统总理议会选举经济市场贸易关税投资银行企业科技公司学生教育医院疫情警方法院记者报道表示认为指出称据悉消息人士';
const ENGLISH = ['Reuters', 'AFP', 'BBC', 'G20', 'WTO', 'AI', 'GDP', 'NASA', 'IMF', 'iPhone', 'TikTok', 'COVID-19'];

let vocabulary: string[] | undefined;

function words(): string[] {
  if (vocabulary) return vocabulary;
  const random = seeded('vocabulary');
  const chars = [...HANZI];
  vocabulary = Array.from({ length: 900 }, () => {
    const length = pick(random, [1, 2, 2, 2, 2, 3, 3, 4]);
    return Array.from({ length }, () => pick(random, chars)).join('');
  });
  return vocabulary;
}

function phrase(random: Random, min: number, max: number): string {
  const vocab = words();
  const count = between(random, min, max);
  let text = '';
  for (let k = 0; k < count; k += 1) {
    const roll = random();
    if (roll < 0.03) text += ` ${pick(random, ENGLISH)} `;
    else if (roll < 0.05) text += `${between(random, 2, 98)}%`;
    else text += pick(random, vocab);
  }
  return text;
}

function sentence(random: Random): string {
  const clauses = between(random, 1, 3);
  return Array.from({ length: clauses }, () => phrase(random, 3, 9)).join('，') + '。';
}

function paragraph(random: Random, source: SourceSpec, i: number): string {
  const sentences = Array.from({ length: between(random, 2, 5) }, () => sentence(random));
  if (random() < 0.3) {
    const at = between(random, 0, sentences.length - 1);
    sentences[at] = `<strong>${sentences[at] ?? ''}</strong>`;
  }
  if (random() < 0.25) {
    const link = `https://${source.host}/related/${between(random, 100000, 999999)}/?from=${i}`;
    sentences.push(`<a href="${link}" target="_blank">${phrase(random, 2, 4)}</a>`);
  }
  return sentences.join('');
}

function indent(random: Random): string {
  return pick(random, ['', '', '', '  ', '    ', '\t', ' ']);
}

function body(random: Random, source: SourceSpec, i: number, serial: number): string {
  const target = between(random, 4000, 4800);
  const lines = [
    '<figure>',
    `${indent(random)}<img src="https://img.${source.host.slice(4)}/images/${serial}/${between(random, 1, 9)}.jpg" alt="${phrase(random, 2, 4)}" width="800" height="533" loading="lazy">`,
    `${indent(random)}<figcaption>${sentence(random)}</figcaption>`,
    '</figure>',
  ];
  let bytes = lines.reduce((n, line) => n + Buffer.byteLength(line) + 1, 0);
  let paragraphs = 0;
  while (bytes < target) {
    const line = `${indent(random)}<p>${paragraph(random, source, i)}</p>${random() < 0.1 ? '  ' : ''}`;
    lines.push(line);
    bytes += Buffer.byteLength(line) + 1;
    paragraphs += 1;
    if (source.comments && paragraphs === 2) lines.push('<!--pay wall 1: 0-->');
  }
  return lines.join('\n');
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Item i of a source: the same arguments always give the same item. */
export function makeItem(source: SourceSpec, i: number): BenchItem {
  const random = seeded(`item/${source.id}/${i}`);
  const serial = 500_000 + i;
  // Whole seconds, strictly increasing with i (jitter stays inside one step).
  const pubDate = Math.floor((T0 + i * STEP_MS + random() * STEP_MS * 0.9) / 1000) * 1000;
  const day = new Date(pubDate);
  const url = `https://${source.host}/${day.getUTCFullYear()}${pad(day.getUTCMonth() + 1)}${pad(day.getUTCDate())}/article-${serial}/`;
  const title = random() < 0.4 ? `${phrase(random, 2, 3)}：${phrase(random, 2, 4)}` : phrase(random, 3, 6);
  return {
    i,
    title: title.trim(),
    url,
    guid: source.opaqueGuid ? `${source.id}:${serial}` : url,
    pubDate,
    body: body(random, source, i, serial),
    summary: sentence(random),
    category: pick(random, ['国际', '中国', '经济', '科技', '文化', '评论']),
  };
}

/** The items a feed serves, newest first as feeds list them. */
export function feedItems(source: SourceSpec, feed: FeedName): BenchItem[] {
  const start = FEED_START[feed];
  return Array.from({ length: ITEMS_PER_FEED }, (_, k) => makeItem(source, start + ITEMS_PER_FEED - 1 - k));
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 822 date, in GMT or in +0800. */
export function rfc822(ms: number, chinaTime: boolean): string {
  const offset = chinaTime ? 8 * 3_600_000 : 0;
  const d = new Date(ms + offset);
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const date = `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  return `${date} ${time} ${chinaTime ? '+0800' : 'GMT'}`;
}

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function renderItem(source: SourceSpec, item: BenchItem): string {
  const title = source.titleInCdata ? `<![CDATA[${item.title}]]>` : escapeXml(item.title);
  const guid = source.opaqueGuid ? `<guid isPermaLink="false">${escapeXml(item.guid)}</guid>` : `<guid>${escapeXml(item.guid)}</guid>`;
  const content =
    source.bodyElement === 'content:encoded'
      ? `      <description>${escapeXml(item.summary)}</description>\n      <content:encoded><![CDATA[${item.body}]]></content:encoded>`
      : `      <description><![CDATA[${item.body}]]></description>`;
  return [
    '    <item>',
    `      <title>${title}</title>`,
    `      <link>${escapeXml(item.url)}</link>`,
    `      ${guid}`,
    `      <pubDate>${rfc822(item.pubDate, source.chinaTime)}</pubDate>`,
    `      <category>${item.category}</category>`,
    content,
    '    </item>',
  ].join('\n');
}

/** An RSS 2.0 document; its bytes are the same on every call (no build date that moves). */
export function renderFeed(source: SourceSpec, items: BenchItem[]): string {
  const built = items.reduce((latest, item) => Math.max(latest, item.pubDate), 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '  <channel>',
    `    <title>${source.name}</title>`,
    `    <link>https://${source.host}/</link>`,
    `    <description>${source.name} 新闻</description>`,
    '    <language>zh-cn</language>',
    `    <lastBuildDate>${rfc822(built, source.chinaTime)}</lastBuildDate>`,
    '    <ttl>30</ttl>',
    ...items.map((item) => renderItem(source, item)),
    '  </channel>',
    '</rss>',
    '',
  ].join('\n');
}

/** The archive's article file (DESIGN 2.1), written from the contract, not from the tool's code. */
export function articleFile(item: BenchItem): string {
  const bodyLine = item.body
    .split('\n')
    .map((line) => line.trim())
    .join('');
  return `<!--${item.pubDate}-->\n[${item.title}](${item.url})\n------\n\n${bodyLine}\n`;
}
