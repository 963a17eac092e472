const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

export function isRedirect(status: number): boolean {
  return REDIRECT_STATUSES.has(status);
}

/**
 * Where a redirect points, resolved against the URL that answered, or an explanation
 * of why it cannot be followed. Only http(s) targets are allowed: a remote feed must
 * never be able to send us to file:// and read local files.
 */
export function redirectTarget(location: string | undefined, from: URL): URL | string {
  if (!location) return 'redirect without a Location header';
  let target: URL;
  try {
    target = new URL(location, from);
  } catch {
    return `redirect to an invalid URL (${JSON.stringify(location)})`;
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    return `redirect to unsupported URL ${target.href}`;
  }
  return target;
}
