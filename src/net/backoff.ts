export const MAX_BACKOFF_MS = 30_000;
/** Longer server-requested waits are treated as "not today" rather than slept through. */
export const MAX_RETRY_AFTER_MS = 5 * 60_000;

/**
 * Delay before retry number `attempt` (0 for the first retry). Full jitter
 * (uniform in [0, ceiling)) spreads many feeds retrying the same host apart.
 */
export function backoffDelay(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/**
 * Retry-After is either delta-seconds or an HTTP-date. Returns ms to wait,
 * or undefined when the header is absent or unparseable (caller falls back to backoff).
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Date.parse accepts things like "1" too, so only try it on something date-shaped.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
