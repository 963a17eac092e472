/**
 * Aggregates a V8 .cpuprofile (from `node --cpu-prof`) by function and by module: self time (where the CPU
 * was) and, for the app's own functions, inclusive time (what they cost with everything they call).
 * Frames in a bundle with a source map (dist/ is built by esbuild) are mapped back to their original file and
 * line, so that time is charged to src/feed/parse.ts or to zod rather than to dist/cli.js.
 *
 * Also a command: `node --import tsx bench/profile.ts FILE.cpuprofile [--top N]`.
 */
import * as fs from 'node:fs';
import { SourceMap } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Row {
  name: string;
  ms: number;
}

export interface ProfileSummary {
  totalMs: number;
  selfByFunction: Row[];
  selfByModule: Row[];
  /** Functions of the app (dist/) and of its dependencies, by time including callees. */
  inclusiveApp: Row[];
}

function isCpuProfile(value: unknown): value is CpuProfile {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<CpuProfile>;
  return Array.isArray(v.nodes) && Array.isArray(v.samples) && Array.isArray(v.timeDeltas) && typeof v.startTime === 'number' && typeof v.endTime === 'number';
}

export function readProfile(file: string): CpuProfile {
  const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!isCpuProfile(value)) throw new Error(`${file}: not a V8 CPU profile`);
  return value;
}

/** A short module name: `dist/feed/parse.js`, a package name, `node:internal/modules`, or a V8 pseudo-frame. */
export function moduleOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native / V8 builtins)';
  if (url.startsWith('node:')) {
    const parts = url.slice(5).split('/');
    return `node:${parts.slice(0, parts[0] === 'internal' ? 2 : 1).join('/')}`;
  }
  const file = url.startsWith('file://') ? fileURLToPath(url) : url;
  const nm = file.lastIndexOf(`${path.sep}node_modules${path.sep}`);
  if (nm >= 0) {
    const rest = file.slice(nm + 14).split(path.sep);
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? file);
  }
  for (const dir of ['src', 'dist']) {
    const at = file.lastIndexOf(`${path.sep}${dir}${path.sep}`);
    if (at >= 0) return file.slice(at + 1);
  }
  return path.basename(file);
}

/** Maps frames of scripts that carry a source map to their original file and line; others pass through. */
interface LoadedMap {
  map: SourceMap;
  dir: string;
  /** Original texts by source name, when the map embeds them. */
  contents: Map<string, string[]>;
}

interface MapPayload {
  sources?: string[];
  sourcesContent?: (string | null)[];
}

/** A readable name for a frame whose own name was minified: the one declared on its original source line. */
function declaredName(line: string | undefined): string | undefined {
  if (!line) return undefined;
  const match =
    /(?:function\*?\s+|(?:const|let|var)\s+|class\s+)([\w$]+)/.exec(line) ?? /^\s*(?:(?:public|private|protected|static|async|get|set|override|readonly)\s+)*([\w$]+)\s*(?:<[^>]*>)?\(/.exec(line);
  return match?.[1];
}

export class FrameMapper {
  private readonly maps = new Map<string, LoadedMap | undefined>();

  private mapFor(url: string): LoadedMap | undefined {
    if (this.maps.has(url)) return this.maps.get(url);
    let found: LoadedMap | undefined;
    try {
      const file = fileURLToPath(url);
      const text = fs.readFileSync(file, 'utf8');
      const name = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(text.slice(-500))?.[1];
      if (name && !name.startsWith('data:')) {
        const mapFile = path.resolve(path.dirname(file), name);
        const payload = JSON.parse(fs.readFileSync(mapFile, 'utf8')) as MapPayload;
        const contents = new Map<string, string[]>();
        payload.sources?.forEach((source, k) => {
          const content = payload.sourcesContent?.[k];
          if (typeof content === 'string') contents.set(source, content.split('\n'));
        });
        found = { map: new SourceMap(payload as ConstructorParameters<typeof SourceMap>[0]), dir: path.dirname(mapFile), contents };
      }
    } catch {
      found = undefined;
    }
    this.maps.set(url, found);
    return found;
  }

  map(frame: CallFrame): CallFrame {
    if (!frame.url.startsWith('file:')) return frame;
    const source = this.mapFor(frame.url);
    if (!source) return frame;
    const entry: Partial<{ originalSource: string; originalLine: number; name: string }> = source.map.findEntry(frame.lineNumber, frame.columnNumber);
    if (!entry.originalSource || entry.originalLine === undefined) return frame;
    const original = entry.originalSource.startsWith('file:') ? fileURLToPath(entry.originalSource) : path.resolve(source.dir, entry.originalSource);
    // A minifier renames functions; anonymous ones stay anonymous.
    const functionName = frame.functionName ? (entry.name ?? declaredName(source.contents.get(entry.originalSource)?.[entry.originalLine]) ?? frame.functionName) : '';
    return { ...frame, functionName, url: pathToFileURL(original).href, lineNumber: entry.originalLine };
  }
}

function functionKey(frame: CallFrame): string {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return name;
  return `${name}  ${moduleOf(frame)}:${frame.lineNumber + 1}`;
}

const sortRows = (map: Map<string, number>, top: number): Row[] =>
  [...map.entries()]
    .map(([name, us]) => ({ name, ms: us / 1000 }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top);

export function summariseProfile(profile: CpuProfile, top = 15): ProfileSummary {
  const mapper = new FrameMapper();
  const byId = new Map(profile.nodes.map((n) => [n.id, { ...n, callFrame: mapper.map(n.callFrame) }]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const selfFn = new Map<string, number>();
  const selfModule = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, us: number): void => {
    map.set(key, (map.get(key) ?? 0) + us);
  };

  // Sample k lasts until sample k + 1 (timeDeltas[k + 1]); the last one until the profile's end.
  let timestamp = profile.startTime;
  const stamps = profile.timeDeltas.map((delta) => (timestamp += delta));
  profile.samples.forEach((id, k) => {
    const next = stamps[k + 1] ?? profile.endTime;
    const us = Math.max(0, next - (stamps[k] ?? next));
    const node = byId.get(id);
    if (!node) return;
    add(selfFn, functionKey(node.callFrame), us);
    add(selfModule, moduleOf(node.callFrame), us);
    // Each function once per sample, however deep the recursion.
    const seen = new Set<string>();
    for (let cursor: number | undefined = id; cursor !== undefined; cursor = parent.get(cursor)) {
      const frame = byId.get(cursor)?.callFrame;
      if (!frame || !frame.url || frame.url.startsWith('node:')) continue;
      const key = functionKey(frame);
      if (seen.has(key)) continue;
      seen.add(key);
      add(inclusive, key, us);
    }
  });
  return {
    totalMs: (profile.endTime - profile.startTime) / 1000,
    selfByFunction: sortRows(selfFn, top),
    selfByModule: sortRows(selfModule, top),
    inclusiveApp: sortRows(inclusive, top),
  };
}

export function renderSummary(title: string, summary: ProfileSummary): string {
  const pct = (ms: number): string => `${((100 * ms) / summary.totalMs).toFixed(1).padStart(5)}%`;
  const rows = (list: Row[]): string => list.map((r) => `    ${r.ms.toFixed(1).padStart(8)} ms ${pct(r.ms)}  ${r.name}`).join('\n');
  return [
    `${title}: ${summary.totalMs.toFixed(0)} ms profiled (from the main module's start; node's own bootstrap is not in it)`,
    '  self time by module:',
    rows(summary.selfByModule),
    '  self time by function:',
    rows(summary.selfByFunction),
    '  inclusive time (app and dependency functions, callees included):',
    rows(summary.inclusiveApp),
  ].join('\n');
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  const args = process.argv.slice(2);
  const topAt = args.indexOf('--top');
  const top = topAt >= 0 ? Number(args[topAt + 1]) : 15;
  const files = args.filter((a, i) => a !== '--top' && (topAt < 0 || i !== topAt + 1));
  if (files.length === 0 || !Number.isInteger(top) || top < 1) {
    console.error('usage: node --import tsx bench/profile.ts FILE.cpuprofile... [--top N]');
    process.exitCode = 2;
  }
  for (const file of files) console.log(renderSummary(path.basename(file), summariseProfile(readProfile(file), top)) + '\n');
}
