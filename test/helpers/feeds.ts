/** Builds RSS 2.0 documents for tests. */

export interface TestItem {
  title: string;
  link: string;
  guid?: string;
  pubDate?: number;
  body: string;
  categories?: string[];
}

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Wraps text in CDATA, splitting any `]]>` inside so the body survives byte for byte. */
export const cdata = (text: string): string => `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

export function rss(items: TestItem[], title = 'Test feed'): string {
  const entries = items.map((item) =>
    [
      '    <item>',
      `      <title>${escapeXml(item.title)}</title>`,
      `      <link>${escapeXml(item.link)}</link>`,
      item.guid ? `      <guid isPermaLink="false">${escapeXml(item.guid)}</guid>` : '',
      item.pubDate !== undefined ? `      <pubDate>${new Date(item.pubDate).toUTCString()}</pubDate>` : '',
      ...(item.categories ?? []).map((c) => `      <category>${escapeXml(c)}</category>`),
      `      <description>${cdata(item.body)}</description>`,
      '    </item>',
    ]
      .filter(Boolean)
      .join('\n'),
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n  <channel>\n    <title>${escapeXml(title)}</title>\n    <link>http://example.test/</link>\n    <description>test</description>\n${entries.join('\n')}\n  </channel>\n</rss>\n`;
}

/** Writes a config for the given sources (feed: URL or path). */
export function config(sources: { id: string; name: string; feed: string; extra?: string }[], head = ''): string {
  return `${head}sources:\n${sources.map((s) => `  - id: ${JSON.stringify(s.id)}\n    name: ${JSON.stringify(s.name)}\n    feed: ${JSON.stringify(s.feed)}\n${s.extra ?? ''}`).join('')}`;
}
