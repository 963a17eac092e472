/**
 * Validates the text of `newsmirror.yaml`: YAML syntax errors and schema errors both name the file, the key and the line.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './errors.js';
import { configSchema, type Config } from './schema.js';

export { ConfigError };

export interface LoadedConfig {
  file: string;
  /** Folder of the config file: relative feed paths are resolved against it. */
  dir: string;
  config: Config;
}

function keyPath(issuePath: readonly PropertyKey[]): string {
  return issuePath.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}

/** The YAML node an issue points at (or its nearest existing parent), to report its line. */
function nodeAt(root: unknown, issuePath: readonly PropertyKey[], unknownKey?: string): Node | undefined {
  let node = root as Node | undefined;
  for (const key of issuePath) {
    const next: unknown = isMap(node) || isSeq(node) ? node.get(key as string | number, true) : undefined;
    if (next === undefined) break;
    node = next as Node;
  }
  if (unknownKey !== undefined && isMap(node)) {
    const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === unknownKey);
    if (pair?.key) return pair.key as Node;
  }
  return node;
}

interface Described {
  path: readonly PropertyKey[];
  key?: string;
  message: string;
}

/** One entry per problem; an object with several unknown keys yields one per key, each with its own line. */
function describe(issue: z.core.$ZodIssue): Described[] {
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: issue.path, key, message: `unknown key "${key}"` }));
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) {
    return [{ path: issue.path, message: `required key is missing (${issue.expected})` }];
  }
  return [{ path: issue.path, message: issue.message }];
}

export function parseConfig(text: string, file: string): Config {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number | undefined): number => (offset === undefined ? 1 : lineCounter.linePos(offset).line);
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    throw new ConfigError(`${file}:${lineOf(error.pos[0])}: invalid YAML: ${error.message.split('\n')[0]}`);
  }
  const result = configSchema.safeParse(doc.toJS() ?? {});
  if (result.success) return result.data;
  const messages = result.error.issues.flatMap(describe).map(({ path: issuePath, key, message }) => {
    const node = nodeAt(doc.contents, issuePath, key);
    const where = keyPath(key === undefined ? issuePath : [...issuePath, key]) || '(top level)';
    return `${file}:${lineOf(node?.range?.[0])}: ${where}: ${message}`;
  });
  throw new ConfigError(messages.join('\n'));
}
