/**
 * `newsmirror init [DIR]`: a new archive, ready to run and to publish every hour. Files the operator may already
 * have are respected: an existing config stops init (unless --force), an existing README keeps its text (only
 * the generated section is added), an existing .gitignore only gains the lines it lacks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../archive/atomic.js';
import { CONFIG_FILE, readmeFile } from '../archive/paths.js';
import { updateReadme } from '../archive/readme.js';
import { DEFAULT_OUTLETS, type DefaultOutlet } from '../config/default-outlets.js';
import { git, gitQuery } from '../publish/git.js';
import { mergeGitignore, renderConfig, renderReadme, renderWorkflow } from '../publish/templates.js';
import { ExitCode } from './exit-codes.js';
import type { Output } from './output.js';
import { UsageError } from './run.js';

export interface InitOptions {
  dir: string;
  outlets?: string;
  force: boolean;
  json: boolean;
}

/** A request init cannot carry out as asked (unknown outlet, existing config): a usage error (exit 2). */
export class InitError extends UsageError {}

type Action = 'created' | 'overwritten' | 'updated' | 'kept';

interface FileResult {
  path: string;
  action: Action;
}

const WORKFLOW = path.join('.github', 'workflows', 'newsmirror.yml');

export function chooseOutlets(list: string | undefined): DefaultOutlet[] {
  if (list === undefined) return [...DEFAULT_OUTLETS];
  const ids = [...new Set(list.split(',').map((id) => id.trim()).filter(Boolean))];
  const valid = DEFAULT_OUTLETS.map((o) => `${o.id} (${o.name})`).join(', ');
  if (ids.length === 0) throw new InitError(`--outlets names no outlet; valid ids: ${valid}`);
  const unknown = ids.filter((id) => !DEFAULT_OUTLETS.some((o) => o.id === id));
  if (unknown.length > 0) throw new InitError(`unknown outlet ${unknown.map((id) => `"${id}"`).join(', ')}; valid ids: ${valid}`);
  return ids.map((id) => DEFAULT_OUTLETS.find((o) => o.id === id)).filter((o): o is DefaultOutlet => o !== undefined);
}

/** The repository's top folder, running `git init` when the folder is in none. */
async function ensureRepository(root: string): Promise<{ top: string; initialised: boolean }> {
  const top = await gitQuery(['rev-parse', '--show-toplevel'], { cwd: root });
  if (top) return { top: fs.realpathSync(top), initialised: false };
  // git's own default branch name is "master" with a nag; respect a configured default, else use main.
  const configured = await gitQuery(['config', '--get', 'init.defaultBranch'], { cwd: root });
  await git(['init', '--quiet', ...(configured ? [] : ['--initial-branch=main'])], { cwd: root });
  return { top: fs.realpathSync(root), initialised: true };
}

function writeFile(file: string, text: string, results: FileResult[], root: string, action: Action): void {
  writeFileAtomic(file, text);
  results.push({ path: path.relative(root, file), action });
}

export async function initCommand(options: InitOptions, out: Output): Promise<ExitCode> {
  const outlets = chooseOutlets(options.outlets);
  const root = path.resolve(options.dir);
  const configFile = path.join(root, CONFIG_FILE);
  const hadConfig = fs.existsSync(configFile);
  if (hadConfig && !options.force) {
    throw new InitError(`${configFile} already exists: this folder is an archive already (use --force to overwrite the config and the workflow)`);
  }
  if (fs.existsSync(root) && !fs.statSync(root).isDirectory()) throw new InitError(`${root} exists and is not a folder`);
  fs.mkdirSync(root, { recursive: true });
  const repo = await ensureRepository(root);
  const results: FileResult[] = [];

  writeFile(configFile, renderConfig(outlets), results, root, hadConfig ? 'overwritten' : 'created');

  const names = outlets.map((o) => o.name);
  const readme = readmeFile(root);
  if (fs.existsSync(readme)) {
    const current = fs.readFileSync(readme, 'utf8');
    const next = updateReadme(current, names);
    if (next !== current) writeFile(readme, next, results, root, 'updated');
    else results.push({ path: 'README.md', action: 'kept' });
  } else {
    writeFile(readme, renderReadme(names), results, root, 'created');
  }

  const ignore = path.join(root, '.gitignore');
  const currentIgnore = fs.existsSync(ignore) ? fs.readFileSync(ignore, 'utf8') : undefined;
  const mergedIgnore = mergeGitignore(currentIgnore);
  if (mergedIgnore !== undefined) writeFile(ignore, mergedIgnore, results, root, currentIgnore === undefined ? 'created' : 'updated');
  else results.push({ path: '.gitignore', action: 'kept' });

  // GitHub reads workflows only at the repository's top: an archive in a subfolder gets it there, with --archive.
  const workflow = path.join(repo.top, WORKFLOW);
  const archiveInRepo = path.relative(repo.top, fs.realpathSync(root)).split(path.sep).join('/');
  if (fs.existsSync(workflow) && !options.force) results.push({ path: path.relative(root, workflow), action: 'kept' });
  else writeFile(workflow, renderWorkflow(archiveInRepo), results, root, fs.existsSync(workflow) ? 'overwritten' : 'created');

  if (options.json) {
    out.stdout(JSON.stringify({ dir: root, repository: repo.top, gitInit: repo.initialised, outlets: outlets.map((o) => o.id), files: results }, null, 2));
    return ExitCode.Ok;
  }
  const lines = [repo.initialised ? `initialised a git repository in ${repo.top}` : `using the git repository at ${repo.top}`];
  for (const r of results) lines.push(`${r.action.padEnd(11)} ${r.path}${r.path === CONFIG_FILE ? ` (${outlets.map((o) => o.id).join(', ')})` : ''}`);
  lines.push(
    '',
    'Next:',
    `  cd ${root}`,
    '  newsmirror run                                # a first update: check what it archives',
    '  git add -A && git commit -m "newsmirror archive"',
    '  git remote add origin <url> && git push -u origin HEAD',
    'From then on the workflow runs `newsmirror run --commit --push` at minute 17 of every hour',
    '(or run `newsmirror watch --commit --push` on a server of your own).',
  );
  out.stdout(lines.join('\n'));
  return ExitCode.Ok;
}
