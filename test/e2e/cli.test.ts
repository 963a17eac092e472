/**
 * The CLI surface: every command has --help (exit 0), unknown commands exit 2, and a reader that closes the
 * pipe early does not stop a run halfway through its writes.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { collect, runCli, spawnCli } from '../helpers/cli.js';
import { config, rss } from '../helpers/feeds.js';
import { body, startServer } from '../helpers/server.js';
import { listFiles, tempDir } from '../helpers/tmp.js';

test('every command has --help with its exit codes; no command or an unknown one exits 2', async () => {
  for (const command of ['run', 'add', 'init', 'watch']) {
    const result = await runCli([command, '--help']);
    assert.equal(result.code, 0, command);
    assert.match(result.stdout, new RegExp(`^Usage: newsmirror ${command}`), command);
    assert.match(result.stdout, /Exit codes:/, `${command} documents its exit codes`);
  }
  assert.equal((await runCli([])).code, 2);
  const unknown = await runCli(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command 'frobnicate'/);
});

test('a reader that closes stdout early (| head) does not stop the run', async (t) => {
  const server = await startServer(t);
  const items = Array.from({ length: 200 }, (_, i) => ({ title: `标题 ${i}`, link: `${server.url}/a/${i}`, pubDate: Date.UTC(2025, 0, 1) + i * 60_000, body: `<p>${i}</p>` }));
  server.route('/f.xml', body(rss(items)));
  const root = tempDir(t);
  fs.writeFileSync(path.join(root, 'newsmirror.yaml'), config([{ id: 's', name: '源', feed: `${server.url}/f.xml` }]));
  const child = spawnCli(['run', '--archive', root, '--json']);
  child.stdout?.destroy();
  const result = await collect(child);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(listFiles(path.join(root, 'articles/s')).length, 200);
});

test('init takes the archive directory as DIR or as --archive, like every other command', async (t) => {
  const root = path.join(tempDir(t), 'archive');
  const result = await runCli(['init', '--archive', root, '--outlets', 'nyt']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(fs.readFileSync(path.join(root, 'newsmirror.yaml'), 'utf8'), /id: nyt/);
});
