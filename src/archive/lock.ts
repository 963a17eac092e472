/**
 * One run at a time per archive: a lock file holding the owner's pid, host and start time. It is created with
 * its content in one step (temp file, then link), so another run never reads a half-written lock. A lock whose
 * process is gone (killed, or a container restarted with the same pid) is stale and taken over.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lockFile } from './paths.js';

interface Holder {
  pid: number;
  host: string;
  startedAt: string;
}

export class LockedError extends Error {
  constructor(
    readonly holder: Holder | undefined,
    file: string,
  ) {
    super(
      holder
        ? `archive is locked by another run: pid ${holder.pid} on ${holder.host}, started ${holder.startedAt}` +
            (holder.host === os.hostname() ? '' : ` (another host: if that run is gone, delete ${file})`)
        : `archive is locked by another run (${file} is unreadable; if no run is going on, delete it)`,
    );
  }
}

export interface Lock {
  release(): void;
  /** The lock was left by a run that died: it may have left temp files behind. */
  tookOverStale: boolean;
}

/** Locks this process holds: a pid equal to ours in a lock we do not hold is a dead earlier process's. */
const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): Holder | undefined {
  try {
    const value = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Holder>;
    if (typeof value.pid === 'number' && typeof value.startedAt === 'string') {
      return { pid: value.pid, host: value.host ?? '?', startedAt: value.startedAt };
    }
  } catch {
    // Unreadable: decided on below.
  }
  return undefined;
}

function isStale(file: string, holder: Holder | undefined, me: Holder): boolean {
  // Our locks are never half-written; an unreadable one is foreign or damaged: stale once it is old.
  if (!holder) return Date.now() - fs.statSync(file).mtimeMs > 60_000;
  // A lock from another host cannot be checked for liveness: it is respected.
  if (holder.host !== me.host) return false;
  if (holder.pid === me.pid) return !held.has(file);
  return !alive(holder.pid);
}

export function acquireLock(root: string): Lock {
  const file = lockFile(root);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const me: Holder = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(me) + '\n');
  let tookOverStale = false;
  try {
    try {
      fs.linkSync(temp, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(file);
      if (!isStale(file, holder, me)) throw new LockedError(holder, file);
      // Replaced in one step; if another run took it over at the same moment, only one of us reads itself back.
      fs.renameSync(temp, file);
      if (readHolder(file)?.startedAt !== me.startedAt || readHolder(file)?.pid !== me.pid) throw new LockedError(readHolder(file), file);
      tookOverStale = true;
    }
  } finally {
    fs.rmSync(temp, { force: true });
  }
  held.add(file);
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    held.delete(file);
    process.off('exit', release);
    const current = readHolder(file);
    if (current?.pid === me.pid && current.startedAt === me.startedAt) fs.rmSync(file, { force: true });
  };
  process.on('exit', release);
  return { release, tookOverStale };
}
