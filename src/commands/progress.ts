/** A one-line progress display for runs on a terminal; silent elsewhere (cron, CI, pipes). */
import type { ProgressEvent } from '../pipeline/update.js';
import type { Output } from './output.js';

export interface Progress {
  update(event: ProgressEvent): void;
  finish(): void;
}

export function createProgress(out: Output): Progress | undefined {
  if (!out.interactive) return undefined;
  const pending = new Set<string>();
  let done = 0;
  let articles = 0;
  let note = '';
  const draw = (): void => {
    const waiting = [...pending].slice(0, 4).join(', ');
    out.status(`${done}/${done + pending.size} sources, ${articles} new${waiting ? ` · fetching ${waiting}` : ''}${note ? ` · ${note}` : ''}`);
  };
  return {
    update(event) {
      if (event.kind === 'fetching') pending.add(event.id);
      else if (event.kind === 'retrying') note = `${event.id}: retry ${event.attempt} in ${Math.round(event.delayMs / 100) / 10}s (${event.reason})`;
      else {
        pending.delete(event.report.id);
        done += 1;
        articles += event.report.new;
      }
      draw();
    },
    finish() {
      out.status('');
    },
  };
}
