/**
 * `newsmirror init` through the built CLI, and the workflow it writes: its `run:` steps are run here as the
 * GitHub runner would run them (bash -e, in a fresh full clone), installing this checkout instead of the
 * registry's package.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { REPO, runCli, type CliResult } from '../helpers/cli.js';
import { rss, type TestItem } from '../helpers/feeds.js';
import { body, startServer, type TestServer } from '../helpers/server.js';
import { listFiles, tempDir } from '../helpers/tmp.js';
import { parseConfig } from '../../src/config/load.js';
import { DEFAULT_OUTLETS } from '../../src/config/default-outlets.js';
import { bareRepo, GIT_ENV, log, sh } from '../publish/git-helpers.js';

const cli = (args: string[], cwd?: string): Promise<CliResult> => runCli(args, { env: GIT_ENV, ...(cwd ? { cwd } : {}) });

function expectExit(result: CliResult, code: number): void {
  assert.equal(result.code, code, `expected exit ${code}, got ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
}

/** The config as the CLI would read it (validated, defaults filled in). */
function loadYaml(file: string): { config: ReturnType<typeof parseConfig> } {
  return { config: parseConfig(fs.readFileSync(file, 'utf8'), file) };
}

test('init writes a loadable config, README, .gitignore and workflow; refuses to overwrite; --force; bad outlets exit 2', async (t) => {
  const dir = tempDir(t);
  const root = path.join(dir, 'news');
  const made = await cli(['init', 'news'], dir);
  expectExit(made, 0);
  assert.match(made.stdout, /initialised a git repository/);
  assert.deepEqual(
    listFiles(root).filter((f) => !f.startsWith('.git' + path.sep)),
    ['.github/workflows/newsmirror.yml', '.gitignore', 'README.md', 'newsmirror.yaml'],
  );
  const { config } = loadYaml(path.join(root, 'newsmirror.yaml'));
  assert.deepEqual(
    config.sources.map((s) => s.id),
    DEFAULT_OUTLETS.map((o) => o.id),
  );
  assert.match(fs.readFileSync(path.join(root, '.gitignore'), 'utf8'), /^\.newsmirror\/cache\/$/m);
  assert.match(fs.readFileSync(path.join(root, 'README.md'), 'utf8'), /<!-- newsmirror:sources -->\n\[纽约时报\]/);

  const again = await cli(['init', root, '--outlets', 'bbc']);
  expectExit(again, 2);
  assert.match(again.stderr, /newsmirror\.yaml already exists/);
  assert.match(again.stderr, /--force/);
  assert.equal(loadYaml(path.join(root, 'newsmirror.yaml')).config.sources.length, DEFAULT_OUTLETS.length, 'untouched');

  fs.appendFileSync(path.join(root, 'README.md'), '\n我的说明\n');
  const forced = await cli(['init', root, '--outlets', 'bbc', '--force', '--json']);
  expectExit(forced, 0);
  const report = JSON.parse(forced.stdout) as { gitInit: boolean; outlets: string[]; files: { path: string; action: string }[] };
  assert.equal(report.gitInit, false);
  assert.deepEqual(report.outlets, ['bbc']);
  assert.deepEqual(Object.fromEntries(report.files.map((f) => [f.path, f.action])), {
    'newsmirror.yaml': 'overwritten',
    'README.md': 'updated',
    '.gitignore': 'kept',
    '.github/workflows/newsmirror.yml': 'overwritten',
  });
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  assert.ok(readme.includes('我的说明'), "the operator's text is kept");
  assert.ok(readme.includes('[BBC](lists/BBC.md)') && !readme.includes('[纽约时报]'));

  const unknown = await cli(['init', path.join(dir, 'other'), '--outlets', 'nyt,cnn']);
  expectExit(unknown, 2);
  assert.match(unknown.stderr, /unknown outlet "cnn"; valid ids: nyt \(纽约时报\), bbc \(BBC\)/);
  assert.ok(!fs.existsSync(path.join(dir, 'other')), 'nothing created');
});

interface Step {
  name?: string;
  uses?: string;
  run?: string;
}

/** Runs one workflow `run:` script the way the GitHub runner does (bash -e -o pipefail). */
function runStep(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

function items(server: TestServer, prefix: string, count: number): TestItem[] {
  return Array.from({ length: count }, (_, i) => ({ title: `${prefix} ${i}`, link: `${server.url}/${prefix}/${i}`, pubDate: Date.UTC(2024, 4, 1) + i * 60_000, body: `<p>${i}</p>` }));
}

test("the workflow's steps, run locally in a fresh clone: install, run --commit --push; exit 1 is progress, 3 fails the job", async (t) => {
  const dir = tempDir(t);
  const server = await startServer(t);
  server.route('/nyt.xml', body(rss(items(server, 'nyt', 2))));
  server.route('/bbc.xml', body(rss(items(server, 'bbc', 1))));
  const origin = bareRepo(dir, 'origin');

  // The operator: init, point the feeds at the test server, commit, push.
  const root = path.join(dir, 'news');
  expectExit(await cli(['init', root, '--outlets', 'nyt,bbc']), 0);
  const configFile = path.join(root, 'newsmirror.yaml');
  fs.writeFileSync(configFile, fs.readFileSync(configFile, 'utf8').replace('https://feedx.net/rss/nytimes.xml', `${server.url}/nyt.xml`).replace('https://feedx.net/rss/bbc.xml', `${server.url}/bbc.xml`) + 'http:\n  retries: 0\n');
  sh(root, 'add', '-A');
  sh(root, 'commit', '--quiet', '-m', 'newsmirror archive');
  sh(root, 'remote', 'add', 'origin', origin);
  sh(root, 'push', '--quiet', 'origin', 'main');

  const workflow = parse(fs.readFileSync(path.join(root, '.github', 'workflows', 'newsmirror.yml'), 'utf8')) as { jobs: Record<string, { steps: Step[] }> };
  const steps = Object.values(workflow.jobs)[0]?.steps ?? [];
  const scripts = steps.filter((s) => s.run !== undefined);
  assert.deepEqual(
    scripts.map((s) => s.name),
    ['Install newsmirror', 'Update and publish'],
  );

  // actions/checkout with fetch-depth 0: a full clone. The runner's npm installs into a prefix of our own.
  const prefix = path.join(dir, 'npm-prefix');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...GIT_ENV,
    PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
    npm_config_prefix: prefix,
    npm_config_offline: 'true',
    npm_config_ignore_scripts: 'true',
    npm_config_cache: path.join(dir, 'npm-cache'),
    npm_config_update_notifier: 'false',
    NEWSMIRROR_PACKAGE: REPO,
  };
  const runAll = async (cwd: string): Promise<{ code: number | null; output: string }> => {
    let output = '';
    for (const step of scripts) {
      const result = await runStep(step.run ?? '', cwd, env);
      output += `--- ${step.name}\n${result.output}`;
      if (result.code !== 0) return { code: result.code, output };
    }
    return { code: 0, output };
  };
  const checkout = (name: string): string => {
    const clone = path.join(dir, name);
    sh(dir, 'clone', '--quiet', origin, clone);
    return clone;
  };

  const first = await runAll(checkout('ci-1'));
  assert.equal(first.code, 0, first.output);
  assert.ok(fs.existsSync(path.join(prefix, 'bin', os.platform() === 'win32' ? 'newsmirror.cmd' : 'newsmirror')), 'installed');
  assert.deepEqual(log(origin), ['newsmirror: 3 new (纽约时报 2, BBC 1)', 'newsmirror archive']);

  // A source failing: exit 1 is still progress, what came in is pushed, and the job says so.
  server.route('/nyt.xml', body('gone', { 'content-type': 'text/plain' }, 500));
  server.route('/bbc.xml', body(rss(items(server, 'bbc', 2))));
  const partial = await runAll(checkout('ci-2'));
  assert.equal(partial.code, 0, partial.output);
  assert.match(partial.output, /::warning title=newsmirror::some sources or remotes failed/);
  assert.deepEqual(log(origin).slice(0, 1), ['newsmirror: 1 new (BBC 1)']);

  // A locked archive (exit 3) fails the job.
  const locked = checkout('ci-3');
  fs.mkdirSync(path.join(locked, '.newsmirror'), { recursive: true });
  fs.writeFileSync(path.join(locked, '.newsmirror', 'run.lock'), JSON.stringify({ pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() }));
  const refused = await runAll(locked);
  assert.equal(refused.code, 3, refused.output);
  assert.match(refused.output, /locked/);
});
