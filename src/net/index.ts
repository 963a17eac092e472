// The public surface of net/; everything else in this folder is an implementation detail.
export { defaultNetOptions, type NetOptions } from './options.js';
export { FetchError, type FetchErrorKind } from './errors.js';
export type { Validators } from './http.js';
export { Fetcher, type FetchOutcome, type FetchOptions } from './fetcher.js';
export type { RetryInfo } from './retry.js';
export { resolveSourceLocation } from './location.js';
export { decodeBody } from './charset.js';
