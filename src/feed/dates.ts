/**
 * Feed dates → epoch milliseconds. Pure.
 * RFC 822 / 2822 (with the obsolete named zones and two-digit years feeds still send), ISO 8601 / W3C-DTF
 * (Atom, dc:date, JSON Feed). Anything else → undefined, and the caller uses the first-seen time.
 */

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};

/** RFC 822 zone names in minutes east of UTC (US zones as the RFC defines them, not as feeds may mean them). */
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
};

const RFC822 =
  /^(?:[a-z]{2,9}\.?,?\s*)?(\d{1,2})\s+([a-z]{3})[a-z]*\.?\s+(\d{2,4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*([+-]\d{2}:?\d{2}|[a-z]{1,5})?\s*(?:\([^)]*\))?$/i;

const ISO8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[t\s](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(z|[+-]\d{2}(?::?\d{2})?)?$/i;

function zoneOffsetMinutes(zone: string | undefined): number | undefined {
  if (!zone) return 0;
  const numeric = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (numeric) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3] ?? 0);
    return numeric[1] === '-' ? -minutes : minutes;
  }
  const named = ZONES[zone.toLowerCase()];
  if (named !== undefined) return named;
  // RFC 822 military zones are ill-defined (the RFC got their signs backwards): read them as UTC.
  return /^[a-z]$/i.test(zone) ? 0 : undefined;
}

function utc(year: number, month: number, day: number, h: number, m: number, s: number, ms: number, offset: number): number | undefined {
  if (month < 0 || month > 11 || day < 1 || day > 31 || h > 24 || m > 59 || s > 60) return undefined;
  const t = Date.UTC(year, month, day, h, m, s, ms) - offset * 60_000;
  return Number.isFinite(t) ? t : undefined;
}

function fullYear(year: string): number {
  const y = Number(year);
  if (year.length > 2) return y;
  // RFC 2822 4.3: two-digit years below 50 are 20xx.
  return y < 50 ? 2000 + y : 1900 + y;
}

export function parseFeedDate(input: string | undefined): number | undefined {
  const text = input?.trim();
  if (!text) return undefined;

  const iso = ISO8601.exec(text);
  if (iso) {
    const [, y, mo, d, h, mi, s, frac, zone] = iso;
    const offset = zoneOffsetMinutes(zone);
    if (offset === undefined) return undefined;
    const ms = frac ? Math.round(Number(frac) * 1000) : 0;
    return utc(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), ms, offset);
  }

  const rfc = RFC822.exec(text);
  if (rfc) {
    const [, d, mon, y, h, mi, s, zone] = rfc;
    const month = MONTHS[(mon ?? '').toLowerCase()];
    const offset = zoneOffsetMinutes(zone);
    if (month === undefined || offset === undefined) return undefined;
    return utc(fullYear(y ?? ''), month, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), 0, offset);
  }

  // Last resort for the odd formats V8 understands; it reads zone-less text as local time, so refuse that.
  if (!/(?:z|gmt|utc|[+-]\d{2}:?\d{2})\s*$/i.test(text)) return undefined;
  const fallback = Date.parse(text);
  return Number.isFinite(fallback) ? fallback : undefined;
}
