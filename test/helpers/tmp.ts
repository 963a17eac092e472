/** Temporary folders removed when the test ends. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestContext } from 'node:test';

export function tempDir(t: TestContext, prefix = 'newsmirror-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Every file below dir, relative, sorted: to compare trees before and after a run. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? path.join(rel, entry.name) : entry.name;
      if (entry.isDirectory()) walk(child);
      else out.push(child);
    }
  };
  walk('');
  return out.sort();
}

/** path → content of every file below dir except those under `except` prefixes. */
export function snapshot(dir: string, except: string[] = ['.newsmirror/cache']): Map<string, string> {
  return new Map(
    listFiles(dir)
      .filter((f) => !except.some((e) => f.startsWith(e)))
      .map((f) => [f, fs.readFileSync(path.join(dir, f), 'latin1')]),
  );
}

/** Paths added, removed or changed between two snapshots, sorted: empty when the trees are the same. */
export function diffSnapshots(before: Map<string, string>, after: Map<string, string>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((p) => before.get(p) !== after.get(p)).sort();
}
