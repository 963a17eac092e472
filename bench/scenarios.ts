/**
 * The scenarios: each prepares its archive(s) untimed, then times `runs` CLI processes. Every run's report is
 * checked (and the server's counts), so a figure always comes from a run that did the expected work.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CACHE_DIR, checkReport, checkWrittenFiles, cloneArchive, parseReport, removeDir, writeConfig, writeHistory, type Expectation } from './archive.js';
import { runCli, type CliRun, type RssMethod } from './measure.js';
import type { FeedServer, ServerCounts } from './server.js';
import { FEED_START, ITEMS_PER_FEED, type FeedName, type SourceSpec } from './workload.js';

export interface Sample {
  wallMs: number;
  rssMb: number | undefined;
  /** User + system CPU of the CLI process, and the system part alone (kernel work: file creation, I/O). */
  cpuMs: number | undefined;
  sysMs: number | undefined;
  /** The machine's 1-minute load average when the run started: other work on the machine inflates wall time. */
  load: number;
}

function sampleOf(cli: CliRun, load: number): Sample {
  return { wallMs: cli.wallMs, rssMb: cli.rssMb, cpuMs: cli.cpuMs, sysMs: cli.sysMs, load };
}

/** Something measured while preparing, worth printing (e.g. how long the 100k archive took to build). */
export interface Note {
  label: string;
  ms: number;
  detail?: string;
}

export const SCENARIO_NAMES = ['startup', 'ingest', 'nothing-new', 'nothing-new-etag', 'nothing-new-10k', 'nothing-new-100k', 'cold-100k', 'ingest-100k'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface Scenario {
  name: ScenarioName;
  description: string;
  /** Articles in the archive when the timed run starts. */
  articles: number;
  /** Needs the 100k archive: skipped by --quick. */
  heavy: boolean;
  /** One untimed run before the timed ones, where preparing does not already run the CLI on the archive. */
  discardFirst: boolean;
  prepare(bench: Bench): Promise<Session>;
}

const SMALL = 500;
const LARGE = 5000;

export class Bench {
  private readonly templates = new Map<string, Promise<string>>();
  private counter = 0;
  readonly notes: Note[] = [];

  constructor(
    readonly work: string,
    readonly sources: SourceSpec[],
    readonly server: FeedServer,
    readonly rss: RssMethod,
    /** The CLI entry script under test. */
    readonly bin: string,
  ) {}

  /** A new, not yet existing folder under the bench's temp dir. */
  newDir(label: string): string {
    this.counter += 1;
    return path.join(this.work, `${label}-${this.counter}`);
  }

  /** One CLI run on an archive, checked against the expectation; returns the measurement and the report. */
  async run(root: string, expect: Expectation, nodeFlags: string[] = []): Promise<{ sample: Sample; cli: CliRun; report: ReturnType<typeof parseReport> }> {
    this.server.reset();
    const load = os.loadavg()[0] ?? 0;
    const cli = await runCli(['run', '--archive', root, '--json'], { rss: this.rss, bin: this.bin, nodeFlags });
    if (cli.code !== 0 || cli.signal !== null) {
      throw new Error(`newsmirror run exited with ${cli.signal ?? cli.code} on ${root}:\n${cli.stderr.slice(0, 2000)}`);
    }
    const report = parseReport(cli.stdout);
    checkReport(report, expect, ITEMS_PER_FEED, this.sources.length);
    this.checkServer(this.server.counts(), expect);
    return { sample: sampleOf(cli, load), cli, report };
  }

  private checkServer(counts: ServerCounts, expect: Expectation): void {
    const n = this.sources.length;
    const ok = expect === 'not-modified' ? 0 : n;
    const notModified = expect === 'not-modified' ? n : 0;
    if (counts.requests !== n || counts.ok !== ok || counts.notModified !== notModified) {
      throw new Error(`server saw ${JSON.stringify(counts)}; expected ${n} requests, ${ok} × 200, ${notModified} × 304 (${expect})`);
    }
  }

  /** An archive holding exactly feed A's 2,000 items, ingested by the tool into an empty folder. */
  ingested(): Promise<string> {
    return this.template('ingested', async () => {
      const root = path.join(this.work, 'template-ingested');
      writeConfig(root, this.sources, this.server, 'a');
      const { sample, report } = await this.run(root, 'ingest');
      const checked = checkWrittenFiles(report, this.sources, FEED_START.a, ITEMS_PER_FEED);
      this.notes.push({ label: 'build 2k archive: ingest of feed A', ms: sample.wallMs, detail: `${checked} files match the bench's DESIGN 2.1 rendering byte for byte` });
      return root;
    });
  }

  /**
   * An archive of `perSource` articles per source: history written straight to disk (the exact five-line
   * format, numbers counting down from 1048574), then feed A's 100 items per source ingested by the tool on top,
   * so the feed's items are the newest archived ones and the lists, state and caches are the tool's own.
   */
  history(perSource: number): Promise<string> {
    return this.template(`history-${perSource}`, async () => {
      const root = path.join(this.work, `template-${perSource * this.sources.length}`);
      writeConfig(root, this.sources, this.server, 'a');
      const started = performance.now();
      let bytes = 0;
      for (const source of this.sources) bytes += writeHistory(root, source, perSource - ITEMS_PER_FEED);
      const files = (perSource - ITEMS_PER_FEED) * this.sources.length;
      this.notes.push({ label: `build ${label(perSource * this.sources.length)} archive: write ${files} history files`, ms: performance.now() - started, detail: `${(bytes / 1e6).toFixed(0)} MB` });
      const { sample, report } = await this.run(root, 'ingest');
      checkWrittenFiles(report, this.sources, FEED_START.a, ITEMS_PER_FEED);
      this.notes.push({ label: `build ${label(perSource * this.sources.length)} archive: ingest feed A, no caches (reads every history file's head)`, ms: sample.wallMs, detail: rssText(sample) });
      settle();
      return root;
    });
  }

  private template(key: string, build: () => Promise<string>): Promise<string> {
    let pending = this.templates.get(key);
    if (!pending) {
      pending = build();
      this.templates.set(key, pending);
    }
    return pending;
  }

  /** A clone of a template, configured for a feed. */
  clone(template: string, label: string, feed: FeedName, etag = false): string {
    const root = this.newDir(label);
    cloneArchive(template, root);
    writeConfig(root, this.sources, this.server, feed, etag);
    return root;
  }
}

/**
 * Flushes dirty pages to disk (sync(1)) after writing a big archive, so that the kernel's write-back of hundreds
 * of megabytes does not run during the timed runs that follow.
 */
function settle(): void {
  spawnSync('sync', { stdio: 'ignore' });
}

const label = (articles: number): string => (articles >= 1000 ? `${Math.round(articles / 1000)}k` : String(articles));
const rssText = (sample: Sample): string => (sample.rssMb === undefined ? '' : `peak RSS ${sample.rssMb.toFixed(0)} MB`);

/**
 * A prepared scenario: `once` times one run; `dispose` removes what it made. Archives are removed only then, not
 * between runs: on ext4, mass deletion makes the next file creations expensive (the inode allocator skips
 * recently freed inodes), which would charge the bench's own clean-up to the next timed run.
 */
export interface Session {
  /** One timed run; `nodeFlags` go to the timed CLI process only (e.g. --cpu-prof). */
  once(nodeFlags?: string[]): Promise<Sample>;
  dispose(): void;
}

/** Warmed once (untimed) on prepare; then every run on the same archive: nothing-new runs leave it as it was. */
async function nothingNew(bench: Bench, root: string, warm: Expectation, expect: Expectation): Promise<Session> {
  await bench.run(root, warm);
  return { once: async (flags) => (await bench.run(root, expect, flags)).sample, dispose: () => removeDir(root) };
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'startup',
    description: 'newsmirror --version: process start and module loading only (a floor for every run)',
    articles: 0,
    heavy: false,
    discardFirst: true,
    prepare: async (bench) => ({
      once: async (flags) => {
        const load = os.loadavg()[0] ?? 0;
        const cli = await runCli(['--version'], { rss: bench.rss, bin: bench.bin, nodeFlags: flags ?? [] });
        if (cli.code !== 0) throw new Error(`--version exited with ${cli.code}: ${cli.stderr}`);
        return sampleOf(cli, load);
      },
      dispose: () => {},
    }),
  },
  {
    name: 'ingest',
    description: 'feed A (20 × 100 items) into an empty archive, a fresh one each run',
    articles: 0,
    heavy: false,
    discardFirst: true,
    prepare: async (bench) => {
      const roots: string[] = [];
      return {
        once: async (flags) => {
          const root = bench.newDir('ingest');
          roots.push(root);
          writeConfig(root, bench.sources, bench.server, 'a');
          return (await bench.run(root, 'ingest', flags)).sample;
        },
        dispose: () => roots.forEach(removeDir),
      };
    },
  },
  {
    name: 'nothing-new',
    description: 'feed A again on the 2k archive that holds it; no validators served: unchanged bodies recognised by hash',
    articles: 2000,
    heavy: false,
    discardFirst: false,
    prepare: async (bench) => nothingNew(bench, bench.clone(await bench.ingested(), 'nothing-new', 'a'), 'hash-skip', 'hash-skip'),
  },
  {
    name: 'nothing-new-etag',
    description: 'as nothing-new, but the server sends a strong ETag and answers 304',
    articles: 2000,
    heavy: false,
    discardFirst: false,
    prepare: async (bench) => nothingNew(bench, bench.clone(await bench.ingested(), 'nothing-new-etag', 'a', true), 'parsed-known', 'not-modified'),
  },
  {
    name: 'nothing-new-10k',
    description: 'feed A on a 10k-article archive (500 per source, feed items among them), caches warm',
    articles: SMALL * 20,
    heavy: false,
    discardFirst: false,
    prepare: async (bench) => nothingNew(bench, bench.clone(await bench.history(SMALL), 'nothing-new-10k', 'a'), 'hash-skip', 'hash-skip'),
  },
  {
    name: 'nothing-new-100k',
    description: 'feed A on a 100k-article archive (5,000 per source), caches warm',
    articles: LARGE * 20,
    heavy: true,
    discardFirst: false,
    prepare: async (bench) => nothingNew(bench, bench.clone(await bench.history(LARGE), 'nothing-new-100k', 'a'), 'hash-skip', 'hash-skip'),
  },
  {
    name: 'cold-100k',
    description: `feed A on the 100k archive with ${CACHE_DIR} deleted before each run (a fresh clone; OS page cache stays warm)`,
    articles: LARGE * 20,
    heavy: true,
    discardFirst: true,
    prepare: async (bench) => {
      const root = bench.clone(await bench.history(LARGE), 'cold-100k', 'a');
      return {
        once: async (flags) => {
          removeDir(path.join(root, CACHE_DIR));
          return (await bench.run(root, 'parsed-known', flags)).sample;
        },
        dispose: () => removeDir(root),
      };
    },
  },
  {
    name: 'ingest-100k',
    description: 'feed B (2,000 new items) into a clone of the 100k archive whose caches were warmed by a run on feed A',
    articles: LARGE * 20,
    heavy: true,
    discardFirst: false,
    prepare: async (bench) => {
      const template = await bench.history(LARGE);
      const roots: string[] = [];
      return {
        once: async (flags) => {
          const root = bench.clone(template, 'ingest-100k', 'a');
          roots.push(root);
          // The clone's folders have new mtimes: a parse of feed A reconciles (names only) and re-saves the catalogs.
          fs.rmSync(path.join(root, CACHE_DIR, 'feeds.json'), { force: true });
          await bench.run(root, 'parsed-known');
          writeConfig(root, bench.sources, bench.server, 'b');
          const { sample, report } = await bench.run(root, 'ingest', flags);
          checkWrittenFiles(report, bench.sources, FEED_START.b, ITEMS_PER_FEED);
          return sample;
        },
        dispose: () => roots.forEach(removeDir),
      };
    },
  },
];

/** Scenarios whose runs alternate (ABAB…) when both are selected, so that a drift in machine load hits both alike. */
export const INTERLEAVED: ScenarioName[][] = [['nothing-new-10k', 'nothing-new-100k']];
