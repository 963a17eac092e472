/**
 * The files `newsmirror init` writes into a new archive: config, README, .gitignore and the hourly workflow.
 * Pure: texts in, texts out.
 */
import { stringify } from 'yaml';
import { renderSourcesSection } from '../archive/readme.js';
import type { DefaultOutlet } from '../config/default-outlets.js';

/** A YAML scalar, quoted only when it has to be. */
const scalar = (value: string): string => stringify(value, { lineWidth: 0 }).trimEnd();

function outletBlock(outlet: DefaultOutlet): string {
  const lines = [`  # ${outlet.description}`];
  if (outlet.ownFeed && outlet.ownFeed !== outlet.feed) lines.push(`  # The outlet's own feed (summaries only): ${outlet.ownFeed}`);
  lines.push(`  - id: ${scalar(outlet.id)}`, `    name: ${scalar(outlet.name)}`, `    feed: ${scalar(outlet.feed)}`);
  if (outlet.numbering && outlet.numbering !== 'countdown') lines.push(`    numbering: ${outlet.numbering}    # file numbers as the existing archive gave them`);
  return lines.join('\n');
}

export function renderConfig(outlets: readonly DefaultOutlet[]): string {
  return `# newsmirror.yaml: what this archive mirrors. Written by \`newsmirror init\`; edit freely.
# Every key is described in the newsmirror README ("Configuration reference"); unknown keys are errors.
timezone: Asia/Shanghai          # list dates and months are in this zone
listLimit: 300                   # entries on lists/<name>.md

# Publishing (\`newsmirror run --commit --push\`, \`newsmirror watch\`); everything here is optional.
# publish:
#   author: { name: newsmirror, email: newsmirror@localhost }   # default: git's identity, else this one
#   remotes:                     # default: every git remote, in order
#     - origin
#     - { name: mirror, url: "https://git.example.org/you/news.git" }   # pushed to by URL
#   timeoutMs: 120000            # per fetch or push

sources:
${outlets.map(outletBlock).join('\n\n')}
`;
}

export function renderReadme(names: string[]): string {
  return `# 新闻镜像

本仓库每小时自动存档下列新闻来源的中文报道：每篇文章一个文件，每个来源一个列表页。原网站无法访问时，可以在这里阅读。

This repository keeps an hourly-updated archive of Chinese-language news from the outlets below: one file per
article, one list page per outlet.

${renderSourcesSection(names)}

<!--
For the operator (not shown on the page): newsmirror rewrites only the lines between the two markers above;
everything else in this file is yours. The outlets are in newsmirror.yaml; the hourly job is
.github/workflows/newsmirror.yml (or \`newsmirror watch --commit --push\` on a server of your own).
-->
`;
}

/** Lines the archive's .gitignore must have: the cache is rebuilt from the files, the lock is one run's. */
export const GITIGNORE_LINES = ['.newsmirror/cache/', '.newsmirror/run.lock'];

/** Adds the missing lines to an existing .gitignore (or starts one); undefined when nothing is missing. */
export function mergeGitignore(current: string | undefined): string | undefined {
  const present = new Set((current ?? '').split('\n').map((l) => l.trim()));
  const missing = GITIGNORE_LINES.filter((l) => !present.has(l));
  if (missing.length === 0) return undefined;
  const head = current === undefined || current === '' ? '# newsmirror: caches and the run lock are not content\n' : current.replace(/\n*$/, '\n');
  return head + missing.map((l) => l + '\n').join('');
}

/** Single-quoted for the shell. */
const shellQuote = (text: string): string => `'${text.replaceAll("'", "'\\''")}'`;

/**
 * The GitHub Actions workflow: hourly at minute 17 (the top of the hour is when scheduled jobs are most
 * delayed or dropped), one run at a time, and exit 1 (some sources or remotes failed) still counts as progress.
 * `archive` is the archive's folder relative to the repository root ('' at the root).
 */
export function renderWorkflow(archive = ''): string {
  const archiveArg = archive ? ` --archive ${shellQuote(archive)}` : '';
  const cachePath = archive ? `${archive}/.newsmirror/cache` : '.newsmirror/cache';
  return `# Written by \`newsmirror init\`: every hour, fetch what is new, commit it and push it.
# newsmirror is installed from the npm registry; to install it from elsewhere, set the repository variable
# NEWSMIRROR_PACKAGE (Settings > Secrets and variables > Actions > Variables) to anything \`npm install\` takes,
# for example github:<owner>/newsmirror or a tarball URL.
name: newsmirror

on:
  schedule:
    - cron: '17 * * * *'
  workflow_dispatch: {}

permissions:
  contents: write

# One run at a time; a run still going when the next hour starts is not cancelled (the next one waits).
concurrency:
  group: newsmirror
  cancel-in-progress: false

jobs:
  update:
    runs-on: ubuntu-latest
    timeout-minutes: 45
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0   # full history: a push rejected because the remote moved on is rebased onto it
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: Keep newsmirror's HTTP cache between runs
        uses: actions/cache@v4
        with:
          path: ${scalar(cachePath)}
          key: newsmirror-cache-\${{ github.run_id }}
          restore-keys: newsmirror-cache-
      - name: Install newsmirror
        env:
          NEWSMIRROR_PACKAGE: \${{ vars.NEWSMIRROR_PACKAGE }}
        run: npm install --global --no-audit --no-fund "\${NEWSMIRROR_PACKAGE:-newsmirror}"
      - name: Update and publish
        run: |
          status=0
          newsmirror run${archiveArg} --commit --push || status=$?
          # 1: some sources or remotes failed; what the others brought in was still committed and pushed.
          if [ "$status" -eq 1 ]; then
            echo "::warning title=newsmirror::some sources or remotes failed (see the log above); the rest was committed and pushed"
          elif [ "$status" -ne 0 ]; then
            exit "$status"
          fi
`;
}
