export type FetchErrorKind = 'timeout' | 'http' | 'network' | 'too-large' | 'redirects' | 'not-found' | 'io' | 'aborted';

export interface FetchErrorInit {
  status?: number;
  attempts?: number;
  cause?: unknown;
  /** What the message names, when friendlier than the URL (a file path). */
  subject?: string;
}

/** The one error type callers of net/ see; `message` is ready to show to a user. */
export class FetchError extends Error {
  readonly kind: FetchErrorKind;
  readonly url: string;
  readonly status?: number;
  readonly attempts: number;

  /** `detail` is the cause; the message becomes `<url or subject>: <detail>`. */
  constructor(kind: FetchErrorKind, url: string, detail: string, init: FetchErrorInit = {}) {
    super(`${init.subject ?? url}: ${detail}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'FetchError';
    this.kind = kind;
    this.url = url;
    if (init.status !== undefined) this.status = init.status;
    this.attempts = init.attempts ?? 1;
  }
}

/**
 * One failed try at one URL. Kept apart from FetchError because the attempt count and
 * the retry decision are only known to the retry loop, which turns this into a FetchError.
 */
export class AttemptError extends Error {
  readonly kind: FetchErrorKind;
  readonly url: string;
  readonly detail: string;
  readonly status?: number;
  /** Server-requested wait (Retry-After), already converted to ms. */
  readonly retryAfterMs?: number;

  constructor(kind: FetchErrorKind, url: string, detail: string, init: { status?: number; retryAfterMs?: number; cause?: unknown } = {}) {
    super(`${url}: ${detail}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'AttemptError';
    this.kind = kind;
    this.url = url;
    this.detail = detail;
    if (init.status !== undefined) this.status = init.status;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }
}

/** The `code` of a Node or zlib error, if it has one. */
export function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  return typeof err.code === 'string' ? err.code : undefined;
}

/** A one-line cause; connection errors to multi-address hosts arrive as AggregateErrors. */
export function describeError(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return describeError(err.errors[0]);
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
