/**
 * feedsmith (fast-xml-parser) drops HTML comments inside CDATA sections, which breaks byte-fidelity of bodies
 * such as FT's `<!--pay wall 1: 0-->`. Before parsing, comment openers inside CDATA are swapped for a marker
 * that the document does not contain; after parsing, the marker is swapped back in the extracted strings.
 */

const CANDIDATES = ['\uE000', '\uE001', '\uE002', '\uF8FF', '\uFDD0', '\uFDD1'];
const OPENER = '<!--';

export interface Protected {
  text: string;
  restore: (value: string) => string;
}

const identity = (value: string): string => value;

export function protectCdataComments(xml: string): Protected {
  if (!xml.includes(OPENER) || !xml.includes('<![CDATA[')) return { text: xml, restore: identity };
  const marker = CANDIDATES.find((c) => !xml.includes(c));
  if (marker === undefined) return { text: xml, restore: identity };

  const parts: string[] = [];
  let cursor = 0;
  let changed = false;
  for (;;) {
    const start = xml.indexOf('<![CDATA[', cursor);
    if (start < 0) break;
    const end = xml.indexOf(']]>', start + 9);
    const stop = end < 0 ? xml.length : end;
    const section = xml.slice(start, stop);
    if (section.includes(OPENER)) {
      parts.push(xml.slice(cursor, start), section.replaceAll(OPENER, marker + '!--'));
      changed = true;
    } else {
      parts.push(xml.slice(cursor, stop));
    }
    cursor = stop;
  }
  if (!changed) return { text: xml, restore: identity };
  parts.push(xml.slice(cursor));
  const swapped = marker + '!--';
  return {
    text: parts.join(''),
    restore: (value) => (value.includes(marker) ? value.replaceAll(swapped, OPENER) : value),
  };
}
