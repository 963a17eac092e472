// Fallback peak-RSS probe when /usr/bin/time is missing: runs the CLI (BENCH_CLI, default bin/newsmirror.js)
// in this very process (so that argv,
// exit code and output are the CLI's own) and, on exit, writes this process's peak RSS in KiB and its user and
// system CPU seconds (as GNU time's "%M %U %S" would) to the file named by BENCH_RSS_FILE. Plain JS: the child
// runs under plain node, without tsx.
import { writeFileSync } from 'node:fs';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const target = process.env.BENCH_RSS_FILE;
if (target) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(target, `${usage.maxRSS} ${usage.userCPUTime / 1e6} ${usage.systemCPUTime / 1e6}\n`);
  });
}
await import(process.env.BENCH_CLI ? pathToFileURL(process.env.BENCH_CLI).href : '../bin/newsmirror.js');
