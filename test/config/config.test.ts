import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { loadConfigCached } from '../../src/config/cached.js';
import { SCHEMA_FINGERPRINT } from '../../src/config/fingerprint.js';
import { tempDir } from '../helpers/tmp.js';
import { DEFAULT_OUTLETS } from '../../src/config/default-outlets.js';
import { ConfigError, parseConfig } from '../../src/config/load.js';
import { configSchema } from '../../src/config/schema.js';

const FILE = '/archive/newsmirror.yaml';

function errorOf(yaml: string): string {
  try {
    parseConfig(yaml, FILE);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.message;
  }
  assert.fail('expected a config error');
}

test('the DESIGN example parses, with defaults filled in', () => {
  const config = parseConfig(
    ['timezone: Asia/Shanghai', 'listLimit: 300', 'sources:', '  - id: nyt', '    name: 纽约时报', '    feed: https://feedx.net/rss/nytimes.xml', '  - id: 纽约时报', '    name: 纽约时报旧', '    feed: ./old.xml', '    numbering: wp-post-xor', ''].join('\n'),
    FILE,
  );
  assert.equal(config.sources.length, 2);
  assert.equal(config.sources[0]?.numbering, 'countdown');
  assert.equal(config.sources[1]?.numbering, 'wp-post-xor');
  assert.equal(config.http.maxBodyBytes, 20 * 1024 * 1024);
  assert.equal(config.http.perHost, 2);
});

test('an unknown key is named with its file and line', () => {
  assert.equal(errorOf('sources:\n  - id: a\n    name: A\n    feed: f\n    fulltext: page\n'), `${FILE}:5: sources[0].fulltext: unknown key "fulltext"`);
  assert.equal(errorOf('listlimit: 3\nsources:\n  - {id: a, name: A, feed: f}\n'), `${FILE}:1: listlimit: unknown key "listlimit"`);
});

test('a missing required key and a bad value name the key and line', () => {
  assert.match(errorOf('sources:\n  - id: a\n    name: A\n'), new RegExp(`^${FILE}:2: sources\\[0\\]\\.feed: required key is missing`));
  assert.match(errorOf('timezone: Mars/Base\nsources:\n  - {id: a, name: A, feed: f}\n'), /:1: timezone: "Mars\/Base" is not an IANA time zone/);
  assert.match(errorOf('listLimit: 0\nsources:\n  - {id: a, name: A, feed: f}\n'), /:1: listLimit: /);
});

test('ids and names that could escape the archive are refused', () => {
  for (const bad of ['../etc', 'a/b', 'a\\b', '.hidden', 'x'.repeat(101), 'tab\there']) {
    assert.match(errorOf(`sources:\n  - id: ${JSON.stringify(bad)}\n    name: A\n    feed: f\n`), /:2: sources\[0\]\.id: /, bad);
  }
});

test('duplicate ids and names are refused', () => {
  assert.match(errorOf('sources:\n  - {id: a, name: A, feed: f}\n  - {id: a, name: B, feed: g}\n'), /:3: sources\[1\]\.id: duplicate id "a"/);
  assert.match(errorOf('sources:\n  - {id: a, name: A, feed: f}\n  - {id: b, name: A, feed: g}\n'), /sources\[1\]\.name: duplicate name "A"/);
});

test('YAML syntax errors name the line', () => {
  assert.match(errorOf('sources:\n  - id: a\n   name: [unclosed\n'), new RegExp(`^${FILE}:\\d+: invalid YAML`));
});

test('the built-in outlets are a valid config, with CDT numbered as the existing archive did', () => {
  const parsed = configSchema.parse({ sources: DEFAULT_OUTLETS.map(({ id, name, feed, numbering }) => ({ id, name, feed, ...(numbering ? { numbering } : {}) })) });
  assert.deepEqual(parsed.sources.map((s) => s.id), ['nyt', 'bbc', 'dw', 'rfi', 'voa', 'ft', 'reuters', 'rfa', 'cdt']);
  assert.equal(parsed.sources.find((s) => s.id === 'cdt')?.numbering, 'wp-post-xor');
});

test('the schema fingerprint matches schema.ts, so cached configs are re-validated after a schema change', () => {
  const source = fs.readFileSync(new URL('../../src/config/schema.ts', import.meta.url));
  const actual = createHash('sha256').update(source).digest('hex');
  assert.equal(SCHEMA_FINGERPRINT, actual, `schema.ts changed: set SCHEMA_FINGERPRINT in src/config/fingerprint.ts to '${actual}'`);
});

test('the cached loader validates once, then serves the cached result until the text changes', async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'newsmirror.yaml');
  const cache = path.join(dir, '.newsmirror', 'cache');
  fs.writeFileSync(file, 'sources:\n  - {id: a, name: A, feed: f.xml}\n');
  const first = await loadConfigCached(file, cache);
  assert.equal(first.config.sources[0]?.id, 'a');
  assert.ok(fs.existsSync(path.join(cache, 'config.json')));
  assert.deepEqual((await loadConfigCached(file, cache)).config, first.config);
  fs.writeFileSync(file, 'sources:\n  - {id: b, name: B, feed: f.xml}\n  - {id: c, name: C, feed: g.xml, bogus: 1}\n');
  await assert.rejects(loadConfigCached(file, cache), /:3: sources\[1\]\.bogus: unknown key "bogus"/);
  fs.writeFileSync(file, 'sources:\n  - {id: b, name: B, feed: f.xml}\n');
  assert.equal((await loadConfigCached(file, cache)).config.sources[0]?.id, 'b');
  await assert.rejects(loadConfigCached(path.join(dir, 'missing.yaml'), cache), /missing\.yaml: no such config file/);
});

test('every unknown key of an object is reported, each on its own line', () => {
  const message = errorOf('sources:\n  - id: a\n    name: A\n    feed: f\n    fulltext: page\n    cleaning: true\n');
  assert.equal(message, `${FILE}:5: sources[0].fulltext: unknown key "fulltext"\n${FILE}:6: sources[0].cleaning: unknown key "cleaning"`);
});
