/**
 * One run at a time per archive: a lock file created exclusively, holding the owner's pid and start time.
 * A lock whose process is gone (killed, machine rebooted) is stale and taken over.
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
  constructor(readonly holder: Holder) {
    super(`archive is locked by another run: pid ${holder.pid} on ${holder.host}, started ${holder.startedAt}`);
  }
}

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
    // Unreadable or half-written: treated as stale below.
  }
  return undefined;
}

export interface Lock {
  release(): void;
  /** The lock was left by a run that died: it may have left temp files behind. */
  tookOverStale: boolean;
}

export function acquireLock(root: string): Lock {
  const file = lockFile(root);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const me: Holder = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  let tookOverStale = false;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      fs.writeFileSync(file, JSON.stringify(me) + '\n', { flag: 'wx' });
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        process.off('exit', release);
        if (readHolder(file)?.pid === me.pid) fs.rmSync(file, { force: true });
      };
      process.on('exit', release);
      return { release, tookOverStale };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(file);
    // A lock from another host cannot be checked for liveness: respect it.
    if (holder && (holder.host !== me.host || alive(holder.pid))) throw new LockedError(holder);
    fs.rmSync(file, { force: true });
    tookOverStale = true;
  }
  const holder = readHolder(file);
  throw new LockedError(holder ?? { pid: -1, host: '?', startedAt: '?' });
}
