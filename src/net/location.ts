import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * A config's feed entry as a URL: remote URLs and file URLs pass through; anything else
 * is a path relative to the config's directory (not the process cwd, so a config
 * works the same wherever the command is run from).
 */
export function resolveSourceLocation(feed: string, baseDir: string): string {
  const trimmed = feed.trim();
  if (/^https?:\/\//i.test(trimmed) || /^file:\/\//i.test(trimmed)) return trimmed;
  return pathToFileURL(path.resolve(baseDir, trimmed)).href;
}
