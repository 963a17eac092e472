import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelay, MAX_RETRY_AFTER_MS } from './backoff.js';
import { AttemptError, describeError, FetchError } from './errors.js';

export interface RetryInfo {
  /** 1-based number of the attempt that just failed. */
  attempt: number;
  delayMs: number;
  reason: string;
}

export interface RetryPolicy {
  retries: number;
  retryBaseMs: number;
  signal?: AbortSignal;
  onRetry?: (info: RetryInfo) => void;
  random?: () => number;
}

/** Only failures that may go away on their own are worth another request. */
export function isRetryable(failure: AttemptError): boolean {
  switch (failure.kind) {
    case 'timeout':
    case 'network':
      return true;
    case 'http':
      return failure.status !== undefined && (failure.status >= 500 || failure.status === 429);
    default:
      return false;
  }
}

function finalError(url: string, failure: AttemptError, attempts: number, note = ''): FetchError {
  // Name the URL the caller asked for; say where it broke if a redirect led elsewhere.
  const via = failure.url === url ? '' : ` (at ${failure.url})`;
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  return new FetchError(failure.kind, url, `${failure.detail}${note}${via}${tries}`, {
    attempts,
    cause: failure,
    ...(failure.status === undefined ? {} : { status: failure.status }),
  });
}

function asAttemptError(url: string, err: unknown): AttemptError {
  if (err instanceof AttemptError) return err;
  return new AttemptError('network', url, describeError(err), { cause: err });
}

/**
 * Runs `attempt` until it succeeds, fails for good, or retries run out. The wait happens
 * here, outside `attempt`, so a request waiting to retry does not hold a per-host slot.
 */
export async function withRetries<T>(url: string, policy: RetryPolicy, attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    let failure: AttemptError;
    try {
      return await attempt();
    } catch (err) {
      failure = asAttemptError(url, err);
    }
    if (policy.signal?.aborted && failure.kind !== 'aborted') failure = new AttemptError('aborted', url, 'aborted', { cause: failure });
    if (!isRetryable(failure) || n > policy.retries) throw finalError(url, failure, n);

    let delayMs = backoffDelay(n - 1, policy.retryBaseMs, policy.random);
    if (failure.retryAfterMs !== undefined) {
      if (failure.retryAfterMs > MAX_RETRY_AFTER_MS) {
        const note = `; server asked to retry after ${Math.ceil(failure.retryAfterMs / 1000)} s, more than the ${MAX_RETRY_AFTER_MS / 1000} s limit`;
        throw finalError(url, failure, n, note);
      }
      delayMs = failure.retryAfterMs;
    }
    policy.onRetry?.({ attempt: n, delayMs, reason: failure.message });
    try {
      await sleep(delayMs, undefined, policy.signal ? { signal: policy.signal } : {});
    } catch (err) {
      throw new FetchError('aborted', url, 'aborted while waiting to retry', { attempts: n, cause: err });
    }
  }
}
