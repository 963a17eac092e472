/** The pure parts of publishing: init's files, commit messages, watch's durations. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { BEGIN, END } from '../../src/archive/readme.js';
import { DEFAULT_OUTLETS } from '../../src/config/default-outlets.js';
import { parseConfig } from '../../src/config/load.js';
import type { SourceReport, UpdateReport } from '../../src/pipeline/update.js';
import { chooseOutlets, InitError } from '../../src/commands/init.js';
import { commitMessage } from '../../src/publish/message.js';
import { formatDuration, nextDelay, parseDuration, scheduleSchema } from '../../src/publish/schedule.js';
import { GITIGNORE_LINES, mergeGitignore, renderConfig, renderReadme, renderWorkflow } from '../../src/publish/templates.js';

test('the generated config loads, with every default outlet, its description and its own feed as comments', () => {
  const text = renderConfig(DEFAULT_OUTLETS);
  const config = parseConfig(text, 'newsmirror.yaml');
  assert.deepEqual(
    config.sources.map((s) => [s.id, s.name, s.feed, s.numbering]),
    DEFAULT_OUTLETS.map((o) => [o.id, o.name, o.feed, o.numbering ?? 'countdown']),
  );
  for (const outlet of DEFAULT_OUTLETS) {
    assert.ok(text.includes(`# ${outlet.description}\n  - id: ${outlet.id}\n`) || text.includes(`# ${outlet.description}\n  # `), `${outlet.id}: described`);
    if (outlet.ownFeed) assert.ok(text.includes(`# The outlet's own feed (summaries only): ${outlet.ownFeed}`), `${outlet.id}: own feed`);
  }
  // The commented publish block is valid once uncommented.
  const uncommented = text.replace(/^# (publish:| {2})/gm, '$1').replace(/^# {3}/gm, '  ');
  const withPublish = parseConfig(uncommented, 'newsmirror.yaml');
  assert.deepEqual(withPublish.publish.remotes, ['origin', { name: 'mirror', url: 'https://git.example.org/you/news.git' }]);
  assert.deepEqual(withPublish.publish.author, { name: 'newsmirror', email: 'newsmirror@localhost' });
});

test('--outlets: chosen in the given order; an unknown id names the valid ones', () => {
  assert.deepEqual(
    chooseOutlets('cdt, nyt,cdt').map((o) => o.id),
    ['cdt', 'nyt'],
  );
  assert.equal(chooseOutlets(undefined).length, DEFAULT_OUTLETS.length);
  assert.throws(
    () => chooseOutlets('nyt,nope'),
    (error: Error) => error instanceof InitError && /unknown outlet "nope"/.test(error.message) && DEFAULT_OUTLETS.every((o) => error.message.includes(o.id)),
  );
  assert.throws(() => chooseOutlets(' , '), InitError);
});

test('publish config: remotes unique, names valid, unknown keys rejected', () => {
  const base = 'sources:\n  - {id: a, name: A, feed: f}\n';
  assert.match(assertError(`publish:\n  remotes: [origin, origin]\n${base}`), /:2: publish\.remotes\[1\]: remote "origin" is listed twice/);
  assert.match(assertError(`publish:\n  pushTo: [origin]\n${base}`), /:2: publish\.pushTo: unknown key "pushTo"/);
  assert.match(assertError(`publish:\n  remotes: ["-f"]\n${base}`), /publish\.remotes\[0\]/);
  assert.equal(parseConfig(base, 'x.yaml').publish.timeoutMs, 120_000);
});

function assertError(text: string): string {
  try {
    parseConfig(text, 'newsmirror.yaml');
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail('expected a config error');
}

test('the README has the generated section between the markers, and .gitignore merging keeps what is there', () => {
  const readme = renderReadme(['纽约时报', 'BBC']);
  const section = readme.slice(readme.indexOf(BEGIN), readme.indexOf(END) + END.length);
  assert.ok(section.includes('[纽约时报](lists/纽约时报.md)') && section.includes('[BBC](lists/BBC.md)'));
  assert.equal(readme.split(BEGIN).length, 2, 'the marker appears once (the operator note does not repeat it)');

  assert.equal(mergeGitignore(undefined), `# newsmirror: caches and the run lock are not content\n${GITIGNORE_LINES.join('\n')}\n`);
  assert.equal(mergeGitignore('node_modules/\n.newsmirror/cache/'), `node_modules/\n.newsmirror/cache/\n.newsmirror/run.lock\n`);
  assert.equal(mergeGitignore(GITIGNORE_LINES.join('\n') + '\n'), undefined);
});

interface Workflow {
  on: { schedule: { cron: string }[] };
  permissions: Record<string, string>;
  concurrency: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<string, { steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] }>;
}

test('the workflow is valid YAML: hourly off the hour, one at a time, full history, node 20, contents: write', () => {
  const workflow = parse(renderWorkflow()) as Workflow;
  const cron = workflow.on.schedule[0]?.cron ?? '';
  const [minute, ...rest] = cron.split(' ');
  assert.deepEqual(rest, ['*', '*', '*', '*'], 'every hour');
  assert.ok(Number(minute) > 0 && Number(minute) < 60, `a minute off the hour: ${cron}`);
  assert.deepEqual(workflow.concurrency, { group: 'newsmirror', 'cancel-in-progress': false });
  assert.deepEqual(workflow.permissions, { contents: 'write' });
  const steps = Object.values(workflow.jobs)[0]?.steps ?? [];
  const checkout = steps.find((s) => s.uses?.startsWith('actions/checkout@'));
  assert.equal(checkout?.with?.['fetch-depth'], 0);
  assert.equal(steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with?.['node-version'], 20);
  const run = steps.map((s) => s.run ?? '').join('\n');
  assert.match(run, /npm install --global .*NEWSMIRROR_PACKAGE:-newsmirror/);
  assert.match(run, /newsmirror run --commit --push/);

  const sub = parse(renderWorkflow("news's")) as Workflow;
  const subRun = (Object.values(sub.jobs)[0]?.steps ?? []).map((s) => s.run ?? '').join('\n');
  assert.ok(subRun.includes(`newsmirror run --archive 'news'\\''s' --commit --push`), subRun);
});

function source(name: string, n: number): SourceReport {
  return { id: name, name, status: n > 0 ? 'updated' : 'unchanged', new: n, known: 0, skipped: 0, filtered: 0, failed: 0, broken: [], written: [], ms: 0 };
}

test('commit messages say what came in, per source in config order', () => {
  const report: UpdateReport = { sources: [source('纽约时报', 3), source('德国之声', 0), source('BBC', 9)], changed: ['x'], problems: [] };
  assert.equal(commitMessage(report), 'newsmirror: 12 new (纽约时报 3, BBC 9)');
  assert.equal(commitMessage(report, 2), 'newsmirror: 12 new (纽约时报 3, BBC 9)\n\nAlso 2 files an earlier run left uncommitted.');
  assert.equal(commitMessage({ sources: [source('BBC', 0)], changed: [], problems: [] }, 1), 'newsmirror: 1 file an earlier run left uncommitted');
});

test('durations: 90s, 5m, 1h, plain milliseconds; every ± jitter', () => {
  assert.equal(parseDuration('90s'), 90_000);
  assert.equal(parseDuration('5m'), 300_000);
  assert.equal(parseDuration('1h'), 3_600_000);
  assert.equal(parseDuration('1500'), 1500);
  assert.equal(parseDuration('250ms'), 250);
  assert.equal(parseDuration('1.5h'), 5_400_000);
  for (const bad of ['', 'soon', '5 minutes', '-5m', '1d']) assert.equal(parseDuration(bad), undefined, bad);

  assert.deepEqual(scheduleSchema.parse({ every: '60m', jitter: '5m' }), { every: 3_600_000, jitter: 300_000 });
  const issues = (every: string, jitter: string): string => {
    const result = scheduleSchema.safeParse({ every, jitter });
    return result.success ? '' : result.error.issues.map((i) => i.message).join('; ');
  };
  assert.match(issues('often', '0'), /--every: "often" is not a duration/);
  assert.match(issues('500', '0'), /at least 1s/);
  assert.match(issues('1m', '2m'), /--jitter must not be longer than --every/);

  const schedule = { every: 60_000, jitter: 10_000 };
  assert.equal(nextDelay(schedule, () => 0), 50_000);
  assert.equal(nextDelay(schedule, () => 0.5), 60_000);
  assert.equal(nextDelay(schedule, () => 1), 70_000);
  assert.equal(formatDuration(3_720_000), '1h02m');
  assert.equal(formatDuration(61_000), '1m01s');
  assert.equal(formatDuration(5000), '5s');
});
