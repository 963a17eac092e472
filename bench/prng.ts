/**
 * A small seeded pseudo-random generator, so that every bench run generates byte-identical feeds and archives
 * (and so that a feed served twice hashes the same: the nothing-new path depends on it).
 */

export type Random = () => number;

/** 32-bit FNV-1a of a string: turns a seed label into generator state. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** sfc32 ("small fast counting"): four 32-bit words of state, uniform floats in [0, 1). */
function sfc32(a: number, b: number, c: number, d: number): Random {
  return () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/** A generator fully determined by `label`. */
export function seeded(label: string): Random {
  const next = sfc32(hash32(label), hash32(`${label}/1`), hash32(`${label}/2`), hash32(`${label}/3`));
  // The first outputs of sfc32 still show the seed's structure.
  for (let i = 0; i < 12; i += 1) next();
  return next;
}

/** An integer in [min, max]. */
export function between(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}
