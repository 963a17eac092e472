/**
 * Durations for `watch` (`90s`, `5m`, `1h`, `1500` ms) and the jittered pause between runs. Jitter spreads
 * many mirrors' requests over time instead of all hitting the outlets at the top of the hour.
 */
import { z } from 'zod';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds, or undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!match?.[1]) return undefined;
  const ms = Number(match[1]) * (UNIT_MS[match[2] ?? 'ms'] ?? 1);
  return Number.isFinite(ms) ? Math.round(ms) : undefined;
}

const duration = (what: string) =>
  z.string().transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `${what}: "${text}" is not a duration (examples: 90s, 5m, 1h, or milliseconds such as 1500)` });
      return z.NEVER;
    }
    return ms;
  });

export const scheduleSchema = z
  .object({
    every: duration('--every').pipe(z.number().min(1000, '--every must be at least 1s: the outlets are not to be hammered')),
    jitter: duration('--jitter'),
  })
  .refine((s) => s.jitter <= s.every, { message: '--jitter must not be longer than --every', path: ['jitter'] });

export type Schedule = z.infer<typeof scheduleSchema>;

/** The pause before the next run: every ± jitter, uniformly, never below one second. */
export function nextDelay(schedule: Schedule, random: () => number = Math.random): number {
  const offset = (random() * 2 - 1) * schedule.jitter;
  return Math.max(1000, Math.round(schedule.every + offset));
}

/** "1h02m", "5m00s", "45s": for log lines. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m${String(sec).padStart(2, '0')}s`;
  return `${sec}s`;
}
