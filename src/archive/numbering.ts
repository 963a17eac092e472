/**
 * Article numbers (DESIGN 2.2). Pure: given what is taken, say which number an item gets.
 */

/** 0xFFFFF − 1: the first number of an empty folder, as in the existing archive. */
export const FIRST_NUMBER = 0xfffff - 1;

export type NumberingScheme = 'countdown' | 'wp-post-xor';

export class NumberingError extends Error {}

/** WordPress post id from a guid such as `https://chinadigitaltimes.net/chinese/?p=715653`. */
export function wordpressPostId(guid: string | undefined): number | undefined {
  const match = guid ? /[?&]p=(\d+)(?:&|#|$)/.exec(guid) : null;
  return match?.[1] ? Number(match[1]) : undefined;
}

/** The number the existing archive gave a WordPress post: 0xFFFFF XOR its id. */
export function wpPostXorNumber(postId: number): number | undefined {
  if (postId <= 0 || postId > 0xfffff) return undefined;
  const n = 0xfffff ^ postId;
  return n > 0 ? n : undefined;
}

/** Hands out count-down numbers below everything taken so far. */
export class Countdown {
  private next: number;

  /** `floor` is the lowest number ever used in the folder (files or recorded state), if any. */
  constructor(floor: number | undefined) {
    this.next = floor === undefined ? FIRST_NUMBER : floor - 1;
  }

  take(sourceId: string): number {
    if (this.next < 0) {
      throw new NumberingError(`source "${sourceId}": article numbers are used up (count-down reached 0); move older articles to a new source folder`);
    }
    const n = this.next;
    this.next -= 1;
    return n;
  }

  /** The lowest number handed out or known. */
  get lowest(): number {
    return this.next + 1;
  }
}
