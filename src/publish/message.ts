/** The commit message of a run: what came in, per source, in config order. Pure. */
import type { UpdateReport } from '../pipeline/update.js';

export function commitMessage(report: UpdateReport, leftovers = 0): string {
  const sources = report.sources.filter((s) => s.new > 0);
  const total = sources.reduce((n, s) => n + s.new, 0);
  const earlier = `${leftovers} file${leftovers === 1 ? '' : 's'} an earlier run left uncommitted`;
  if (total === 0) return leftovers > 0 ? `newsmirror: ${earlier}` : 'newsmirror: update lists and index';
  const subject = `newsmirror: ${total} new (${sources.map((s) => `${s.name} ${s.new}`).join(', ')})`;
  return leftovers > 0 ? `${subject}\n\nAlso ${earlier}.` : subject;
}
