/**
 * Calendar dates of instants in the archive's time zone. Intl is slow per call and offsets change at most
 * twice a year, so offsets are computed once per hour-bucket and reused.
 */

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const HOUR = 3_600_000;

export class Calendar {
  private readonly format: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();

  constructor(readonly timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** Throws a RangeError naming the zone when it is not an IANA time zone. */
  static validate(timeZone: string): void {
    new Intl.DateTimeFormat('en-US', { timeZone });
  }

  private offsetAt(ms: number): number {
    const bucket = Math.floor(ms / HOUR);
    let offset = this.offsets.get(bucket);
    if (offset === undefined) {
      const parts = Object.fromEntries(this.format.formatToParts(new Date(bucket * HOUR)).map((p) => [p.type, p.value]));
      const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
      offset = local - bucket * HOUR;
      this.offsets.set(bucket, offset);
    }
    return offset;
  }

  date(ms: number): CalendarDate {
    const local = new Date(ms + this.offsetAt(ms));
    return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
  }

  /** `YYYY-MM` of the instant. */
  monthKey(ms: number): string {
    const { year, month } = this.date(ms);
    return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
  }
}
