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
const DAY = 24 * HOUR;

export class Calendar {
  private formatter: Intl.DateTimeFormat | undefined;
  private readonly offsets = new Map<number, number>();
  /** Per UTC day: the offset when constant all day, null when the day holds a transition. */
  private readonly dayOffsets = new Map<number, number | null>();

  constructor(readonly timeZone: string) {}

  /** Made on first use: loading ICU's zone data is the slow part, and runs with nothing new never need it. */
  private get format(): Intl.DateTimeFormat {
    this.formatter ??= new Intl.DateTimeFormat('en-US', {
      timeZone: this.timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    return this.formatter;
  }

  /**
   * Throws a RangeError naming the zone when it is not an IANA time zone. The list lookup costs about 1 ms;
   * building a formatter loads ICU's zone data (12 ms), which a run with nothing new never needs otherwise,
   * so it is only the fallback for aliases the list leaves out (US/Eastern, Asia/Chongqing).
   */
  static validate(timeZone: string): void {
    if (Intl.supportedValuesOf('timeZone').includes(timeZone)) return;
    new Intl.DateTimeFormat('en-US', { timeZone });
  }

  private offsetOfHour(bucket: number): number {
    let offset = this.offsets.get(bucket);
    if (offset === undefined) {
      const parts = Object.fromEntries(this.format.formatToParts(new Date(bucket * HOUR)).map((p) => [p.type, p.value]));
      const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
      offset = local - bucket * HOUR;
      this.offsets.set(bucket, offset);
    }
    return offset;
  }

  /**
   * The zone's offset at an instant. A day whose first and last hours share an offset has no transition in it,
   * so one Intl call serves the whole day (an archive spans thousands of distinct hours).
   */
  private offsetAt(ms: number): number {
    const day = Math.floor(ms / DAY);
    let offset = this.dayOffsets.get(day);
    if (offset === undefined) {
      const first = this.offsetOfHour(day * 24);
      offset = first === this.offsetOfHour(day * 24 + 23) ? first : null;
      this.dayOffsets.set(day, offset);
    }
    return offset ?? this.offsetOfHour(Math.floor(ms / HOUR));
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
