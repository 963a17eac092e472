export interface NetOptions {
  /** TCP/TLS connect timeout. */
  connectTimeoutMs: number;
  /** Budget for one request: headers and the whole body. */
  timeoutMs: number;
  /** Extra attempts after the first. */
  retries: number;
  /** Backoff base: delay = base * 2^attempt with full jitter, capped at 30 s. */
  retryBaseMs: number;
  /** Cap on the decompressed body (and on file reads). */
  maxBodyBytes: number;
  maxRedirects: number;
  /** Requests in flight per host; the rest queue. */
  perHost: number;
  userAgent: string;
}

export const defaultNetOptions: NetOptions = Object.freeze({
  connectTimeoutMs: 10_000,
  timeoutMs: 60_000,
  retries: 3,
  retryBaseMs: 500,
  maxBodyBytes: 20 * 1024 * 1024,
  maxRedirects: 5,
  perHost: 2,
  userAgent: 'newsmirror/0.1 (+https://github.com/newsmirror)',
});

type NumericOption = Exclude<keyof NetOptions, 'userAgent'>;

// Zero is meaningless (and would hang or reject everything) for these; the others may be 0.
const mustBePositive: ReadonlySet<NumericOption> = new Set(['connectTimeoutMs', 'timeoutMs', 'maxBodyBytes', 'perHost']);

/**
 * Fills in defaults and rejects nonsense early, so a bad config fails at start-up
 * with a clear message instead of as odd network behaviour later.
 */
export function resolveOptions(partial: Partial<NetOptions> = {}): NetOptions {
  const merged: NetOptions = { ...defaultNetOptions };
  for (const [key, value] of Object.entries(partial) as [keyof NetOptions, unknown][]) {
    // Spreading would let an explicit `undefined` wipe out a default.
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
  }
  for (const key of Object.keys(defaultNetOptions) as (keyof NetOptions)[]) {
    if (key === 'userAgent') {
      if (typeof merged.userAgent !== 'string' || merged.userAgent.trim() === '') {
        throw new RangeError('net option userAgent must be a non-empty string');
      }
      continue;
    }
    const value = merged[key];
    const min = mustBePositive.has(key) ? 1 : 0;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
      throw new RangeError(`net option ${key} must be a number >= ${min}, got ${String(value)}`);
    }
  }
  return merged;
}
