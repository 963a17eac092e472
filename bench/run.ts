/**
 * `npm run bench [-- OPTIONS]`: times whole `newsmirror run` processes on a generated workload served from
 * loopback. See --help.
 *
 * Layout: workload.ts generates the feeds and articles (seeded, byte-identical every time), server.ts serves
 * them, archive.ts builds and clones archives and checks each run's report, scenarios.ts defines what is timed,
 * measure.ts spawns and measures the CLI, report.ts prints the table and the targets, profile.ts summarises
 * `--cpu-prof` output.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { removeDir } from './archive.js';
import { BIN, detectRssMethod, fileCreationCost, REPO, rssMethodDescription } from './measure.js';
import { readProfile, renderSummary, summariseProfile } from './profile.js';
import { checks, OLD_MS, renderResults, scenarioResult, TARGETS, type ScenarioResult } from './report.js';
import { Bench, INTERLEAVED, SCENARIO_NAMES, SCENARIOS, type Sample, type Scenario, type ScenarioName, type Session } from './scenarios.js';
import { startFeedServer } from './server.js';
import { formatMs } from './stats.js';
import { ITEMS_PER_FEED, sourceSpecs } from './workload.js';

const RESULTS_FILE = path.join(REPO, 'bench', 'last-results.json');

const HELP = `usage: npm run bench -- [options]

  --runs N         timed runs per scenario (default 7; 3 with --quick)
  --only NAME      run only these scenarios (repeatable or comma-separated):
                   ${SCENARIO_NAMES.join(', ')}
  --quick          fewer runs and no 100k scenarios (unless named with --only): a smoke test
  --profile        instead of timing: one run of each scenario (--only; default ingest and
                   nothing-new) under node --cpu-prof, summarised by module and function
                   (profiles kept in a temp folder)
  --top N          rows per profile table (default 15)
  --dir DIR        where the temp archives go (default: ${os.tmpdir()}); e.g. /dev/shm to take the
                   disk's file-creation cost out of the figures
  --keep           keep the temp archives (their folder is printed)
  --cli FILE       time another entry script instead of bin/newsmirror.js (an old build, an experiment)

Writes ${path.relative(REPO, RESULTS_FILE)} (git-ignored) after timing.`;

interface Options {
  runs: number;
  only: ScenarioName[];
  quick: boolean;
  profile: boolean;
  top: number;
  keep: boolean;
  dir: string;
  cli: string;
}

function parseOptions(argv: string[]): Options | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string' },
      only: { type: 'string', multiple: true },
      quick: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      top: { type: 'string' },
      keep: { type: 'boolean', default: false },
      dir: { type: 'string', default: os.tmpdir() },
      cli: { type: 'string', default: BIN },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return undefined;
  const runs = values.runs === undefined ? (values.quick ? 3 : 7) : Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`);
  const top = values.top === undefined ? 15 : Number(values.top);
  if (!Number.isInteger(top) || top < 1) throw new Error(`--top must be a positive integer, got ${values.top}`);
  const only = (values.only ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  const unknown = only.filter((name) => !(SCENARIO_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${SCENARIO_NAMES.join(', ')}`);
  return { runs, only: only as ScenarioName[], quick: values.quick, profile: values.profile, top, keep: values.keep, dir: path.resolve(values.dir), cli: path.resolve(values.cli) };
}

/** The file system type of a folder, from /proc/mounts (Linux), for the record. */
function fileSystemOf(dir: string): string {
  try {
    const mounts = fs
      .readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .map((line) => line.split(' '))
      .filter((f): f is [string, string, string, ...string[]] => f.length >= 3 && (dir === f[1] || dir.startsWith(f[1] === '/' ? '/' : `${f[1]}/`)))
      .sort((a, b) => b[1].length - a[1].length);
    const best = mounts[0];
    return best ? `${best[2]} on ${best[1]}` : 'unknown file system';
  } catch {
    return 'unknown file system';
  }
}

/**
 * The entry script under test and, for this repo's own, the commit and whether src/ differs from it (the bench
 * builds and measures the working tree).
 */
function describeCli(cli: string): string {
  if (path.relative(REPO, cli).startsWith('..')) return `${cli} (outside this repo)`;
  const git = (...args: string[]): string => spawnSync('git', args, { cwd: REPO, encoding: 'utf8' }).stdout?.trim() ?? '';
  const head = git('rev-parse', '--short', 'HEAD') || 'no git';
  const dirty = git('status', '--porcelain', '--', 'src').length > 0 ? ' with uncommitted changes in src/' : '';
  return `${path.relative(REPO, cli)} at ${head}${dirty}`;
}

function log(text: string): void {
  process.stderr.write(text + '\n');
}

/** Groups the selected scenarios: a pair named in INTERLEAVED runs alternately, everything else alone. */
function groupsOf(selected: Scenario[]): Scenario[][] {
  const names = new Set(selected.map((s) => s.name));
  const done = new Set<ScenarioName>();
  const groups: Scenario[][] = [];
  for (const scenario of selected) {
    if (done.has(scenario.name)) continue;
    const together = INTERLEAVED.find((g) => g.includes(scenario.name) && g.every((n) => names.has(n)));
    const group = together ? selected.filter((s) => together.includes(s.name)) : [scenario];
    for (const s of group) done.add(s.name);
    groups.push(group);
  }
  return groups;
}

async function timeScenarios(bench: Bench, options: Options): Promise<ScenarioResult[]> {
  const selected = SCENARIOS.filter((s) => (options.only.length > 0 ? options.only.includes(s.name) : !(options.quick && s.heavy)));
  const results: ScenarioResult[] = [];
  for (const group of groupsOf(selected)) {
    for (const scenario of group) log(`- ${scenario.name}: ${scenario.description}`);
    if (group.length > 1) log(`  (runs alternate between ${group.map((s) => s.name).join(' and ')})`);
    const started = performance.now();
    const sessions: Session[] = [];
    try {
      for (const scenario of group) sessions.push(await scenario.prepare(bench));
      for (const [k, scenario] of group.entries()) if (scenario.discardFirst) await sessions[k]?.once();
      const samples: Sample[][] = group.map(() => []);
      for (let r = 0; r < options.runs; r += 1) {
        for (const [k, session] of sessions.entries()) samples[k]?.push(await session.once());
      }
      for (const [k, scenario] of group.entries()) {
        const result = scenarioResult(scenario.name, scenario.description, scenario.articles, samples[k] ?? []);
        results.push(result);
        log(`  ${scenario.name}: median ${formatMs(result.wallMs.median)} over ${result.samples.length} runs`);
      }
      log(`  (took ${formatMs(performance.now() - started)} with preparation)`);
    } finally {
      for (const session of sessions) session.dispose();
    }
  }
  return results.sort((a, b) => SCENARIO_NAMES.indexOf(a.name) - SCENARIO_NAMES.indexOf(b.name));
}

/** One run of each scenario under `node --cpu-prof`, after the scenario's usual preparation, summarised. */
async function profileRuns(bench: Bench, options: Options): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsmirror-bench-profiles-'));
  const names: ScenarioName[] = options.only.length > 0 ? options.only : ['ingest', 'nothing-new'];
  for (const scenario of SCENARIOS.filter((s) => names.includes(s.name))) {
    log(`- profiling ${scenario.name}: ${scenario.description}`);
    const session = await scenario.prepare(bench);
    try {
      if (scenario.discardFirst) await session.once();
      const flags = ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-name', `${scenario.name}.cpuprofile`, '--cpu-prof-interval', '100'];
      const sample = await session.once(flags);
      const summary = summariseProfile(readProfile(path.join(dir, `${scenario.name}.cpuprofile`)), options.top);
      console.log(`${renderSummary(`${scenario.name} (wall ${formatMs(sample.wallMs)} under the profiler)`, summary)}\n`);
    } finally {
      session.dispose();
    }
  }
  console.log(`Profiles: ${dir} (open in Chrome DevTools, or: node --import tsx bench/profile.ts FILE --top N)`);
}

async function main(): Promise<number> {
  let options: Options | undefined;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`bench: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (!options) {
    console.log(HELP);
    return 0;
  }

  const rss = detectRssMethod();
  const sources = sourceSpecs();
  const server = await startFeedServer(sources);
  const work = fs.mkdtempSync(path.join(options.dir, 'newsmirror-bench-'));
  const bench = new Bench(work, sources, server, rss, options.cli);
  const cleanup = (): void => {
    if (!options.keep) removeDir(work);
  };
  const interrupted = (): void => {
    cleanup();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);

  const workload = `${sources.length} feeds × ${ITEMS_PER_FEED} items, RSS 2.0 with CDATA bodies: feed A ${(server.sizes.a / 1e6).toFixed(2)} MB, feed B ${(server.sizes.b / 1e6).toFixed(2)} MB of XML, served from ${server.origin}`;
  log(`newsmirror bench: node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`);
  log(`workload: ${workload}`);
  log(`peak RSS: ${rssMethodDescription(rss)}`);
  const underTest = describeCli(options.cli);
  log(`cli: ${underTest}`);
  const createUs = fileCreationCost(path.join(work, 'probe'));
  log(`archives in: ${work} (${fileSystemOf(work)}; creating a file costs ${createUs.toFixed(0)} µs here)`);
  try {
    if (options.profile) {
      await profileRuns(bench, options);
      return 0;
    }
    const results = await timeScenarios(bench, options);
    console.log('\n' + renderResults(results, bench.notes));
    console.log(`\nArchives on ${fileSystemOf(work)}, where creating one file took ${createUs.toFixed(0)} µs at the start (an ingest creates about 2,100).`);
    const output = {
      date: new Date().toISOString(),
      node: process.version,
      platform: `${os.type()} ${os.release()} ${os.arch()}`,
      cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}`,
      command: 'newsmirror run --archive DIR --json (a new node process per run; wall time from spawn to exit)',
      cli: underTest,
      load: os.loadavg(),
      rssMethod: rssMethodDescription(rss),
      archives: { dir: options.dir, fileSystem: fileSystemOf(work), fileCreationUs: createUs },
      workload: { feeds: sources.length, itemsPerFeed: ITEMS_PER_FEED, feedABytes: server.sizes.a, feedBBytes: server.sizes.b },
      runsPerScenario: options.runs,
      old: OLD_MS,
      targets: TARGETS,
      scenarios: results,
      checks: checks(results),
      preparation: bench.notes,
    };
    fs.writeFileSync(RESULTS_FILE, JSON.stringify(output, null, 2) + '\n');
    console.log(`\nWrote ${path.relative(REPO, RESULTS_FILE)}${options.keep ? `; archives kept in ${work}` : ''}`);
    return 0;
  } finally {
    process.off('SIGINT', interrupted);
    await server.close();
    cleanup();
  }
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return 1;
});
