/** Size warnings: counted only for what grew, measured on the real repository. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { SourceReport, UpdateReport } from '../../src/pipeline/update.js';
import { hygieneWarnings, objectBytes } from '../../src/publish/hygiene.js';
import { tempDir } from '../helpers/tmp.js';
import { isolateGit, workRepo } from './git-helpers.js';

isolateGit();

function report(id: string, written: number, changed: string[]): UpdateReport {
  const source: SourceReport = { id, name: id, status: written ? 'updated' : 'unchanged', new: written, known: 0, skipped: 0, filtered: 0, failed: 0, broken: [], written: [], ms: 0 };
  return { sources: [source], changed, problems: [] };
}

test('folders and the repository are checked against the limits only when they grew', async (t) => {
  const root = workRepo(tempDir(t), 'archive');
  const dir = path.join(root, 'articles', 'a');
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < 6; i += 1) fs.writeFileSync(path.join(dir, `${i}.md`), 'x');
  const limits = { files: 5, bytes: 1 };

  const warnings = await hygieneWarnings(root, report('a', 1, ['articles/a/5.md']), limits);
  assert.equal(warnings.length, 2, warnings.join('\n'));
  assert.match(warnings[0] ?? '', /^articles\/a holds 6 files \(over 5\)/);
  assert.match(warnings[1] ?? '', /^the git repository is \d+\.\d\d GB \(over 1e-9 GB\)/);

  assert.deepEqual(await hygieneWarnings(root, report('a', 0, []), limits), [], 'nothing new: nothing checked');
  assert.deepEqual(await hygieneWarnings(root, report('a', 1, ['x']), { files: 6, bytes: 1e9 }), []);
  // Outside a repository there is no repository to measure.
  const plain = tempDir(t);
  assert.deepEqual(await hygieneWarnings(plain, report('a', 0, ['x']), limits), []);
});

test('git count-objects output: loose and packed KiB', () => {
  assert.equal(objectBytes('count: 3\nsize: 12\nin-pack: 10\npacks: 1\nsize-pack: 1000\nprune-packable: 0\ngarbage: 0\nsize-garbage: 0\n'), 1012 * 1024);
  assert.equal(objectBytes(''), 0);
});
