import { decodeBody } from './charset.js';
import { AttemptError, FetchError } from './errors.js';
import { readFileUrl } from './file.js';
import { HostLimiter } from './host-limiter.js';
import { requestOnce, type Validators } from './http.js';
import { resolveOptions, type NetOptions } from './options.js';
import { redirectTarget } from './redirect.js';
import { Transport } from './transport.js';
import { withRetries, type RetryInfo } from './retry.js';

export type FetchOutcome =
  | {
      kind: 'ok';
      /** Final URL after redirects. */
      url: string;
      /** Decompressed raw body. */
      bytes: Buffer;
      /** The body decoded (BOM, header, declaration), on first read: a caller that only hashes never pays. */
      readonly text: string;
      readonly charset: string;
      contentType: string | undefined;
      validators: Validators;
    }
  | { kind: 'unchanged'; url: string };

type Ok = Extract<FetchOutcome, { kind: 'ok' }>;

function okOutcome(url: string, bytes: Buffer, contentType: string | undefined, validators: Validators): Ok {
  let decoded: { text: string; charset: string } | undefined;
  const decode = (): { text: string; charset: string } => (decoded ??= decodeBody(bytes, contentType));
  return {
    kind: 'ok',
    url,
    bytes,
    contentType,
    validators,
    get text() {
      return decode().text;
    },
    get charset() {
      return decode().charset;
    },
  };
}

export interface FetchOptions {
  /** From the previous fetch; a 304 then yields `{ kind: 'unchanged' }`. */
  validators?: Validators;
  accept?: string;
  signal?: AbortSignal;
  onRetry?: (info: RetryInfo) => void;
}

const DEFAULT_ACCEPT = '*/*';

/**
 * The HTTP and file client used by the whole app. One instance per run shares a
 * connection pool and the per-host limits across every feed and article fetch.
 */
export class Fetcher {
  private readonly options: NetOptions;
  private readonly transport: Transport;
  private readonly limiter: HostLimiter;

  constructor(options: Partial<NetOptions> = {}) {
    this.options = resolveOptions(options);
    this.transport = new Transport(this.options.connectTimeoutMs);
    this.limiter = new HostLimiter(this.options.perHost);
  }

  async fetch(url: string, opts: FetchOptions = {}): Promise<FetchOutcome> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch (err) {
      throw new FetchError('network', url, 'invalid URL', { cause: err });
    }
    if (parsed.protocol === 'file:') {
      const bytes = await readFileUrl(parsed, this.options.maxBodyBytes, opts.signal);
      return okOutcome(parsed.href, bytes, undefined, {});
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new FetchError('network', url, `unsupported URL scheme ${parsed.protocol}`);
    }
    if (opts.signal?.aborted) throw new FetchError('aborted', url, 'aborted', { cause: opts.signal.reason });
    const policy = {
      retries: this.options.retries,
      retryBaseMs: this.options.retryBaseMs,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.onRetry ? { onRetry: opts.onRetry } : {}),
    };
    return withRetries(url, policy, () => this.followRedirects(parsed, opts));
  }

  /** Closes pooled connections; the Fetcher must not be used afterwards. */
  async close(): Promise<void> {
    this.transport.close();
  }

  /**
   * One attempt: the whole redirect chain from the original URL. A retry starts over,
   * because redirects (signed or load-balanced URLs) can be time-dependent.
   */
  private async followRedirects(start: URL, opts: FetchOptions): Promise<FetchOutcome> {
    const headers = this.requestHeaders(opts);
    let current = start;
    for (let redirects = 0; ; redirects++) {
      const hop = current;
      // The slot is held only for the exchange itself, not across hops or retry waits.
      const result = await this.limiter.run(
        hop.host,
        () =>
          requestOnce({
            url: hop,
            transport: this.transport,
            headers,
            conditional: 'if-none-match' in headers || 'if-modified-since' in headers,
            timeoutMs: this.options.timeoutMs,
            maxBodyBytes: this.options.maxBodyBytes,
            ...(opts.signal ? { signal: opts.signal } : {}),
          }),
        opts.signal,
      ).catch((err: unknown) => {
        if (opts.signal?.aborted && !(err instanceof AttemptError)) throw new AttemptError('aborted', hop.href, 'aborted', { cause: err });
        throw err;
      });
      if (result.kind === 'not-modified') return { kind: 'unchanged', url: hop.href };
      if (result.kind === 'body') {
        return okOutcome(hop.href, result.bytes, result.contentType, result.validators);
      }
      if (redirects >= this.options.maxRedirects) {
        throw new AttemptError('redirects', hop.href, `too many redirects (more than ${this.options.maxRedirects})`, { status: result.status });
      }
      const target = redirectTarget(result.location, hop);
      if (typeof target === 'string') throw new AttemptError('redirects', hop.href, `HTTP ${result.status} ${target}`, { status: result.status });
      current = target;
    }
  }

  private requestHeaders(opts: FetchOptions): Record<string, string> {
    const headers: Record<string, string> = {
      'user-agent': this.options.userAgent,
      accept: opts.accept ?? DEFAULT_ACCEPT,
      'accept-encoding': 'gzip, deflate, br',
    };
    if (opts.validators?.etag) headers['if-none-match'] = opts.validators.etag;
    if (opts.validators?.lastModified) headers['if-modified-since'] = opts.validators.lastModified;
    return headers;
  }
}
