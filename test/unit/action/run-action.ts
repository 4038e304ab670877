// Runs the action's scripts (action/*.mjs) as the runner would: with Node, the inputs as INPUT_* variables, and
// fake GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_WORKSPACE and GITHUB_ACTION_PATH; the CLI is this checkout's
// build (dist/). Spawned without blocking the event loop, so in-process fixture servers keep answering.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../cli/run-cli.js';

export interface StepResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The step outputs the script set, parsed from GITHUB_OUTPUT. */
  outputs: Record<string, string>;
  /** What the script appended to the job summary. */
  summary: string;
}

/** The key that signs cache entries: one per test process, never the user's own. */
const cacheKeyFolder = mkdtempSync(join(tmpdir(), 'aispec-action-cache-key-'));
const cacheKeyFile = join(cacheKeyFolder, 'cache-key');
process.once('exit', () => rmSync(cacheKeyFolder, { recursive: true, force: true }));

/** Every folder the helpers made, for removeTemporaryFolders. */
const temporary: string[] = [];
function temporaryFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

/** Removes the workspaces and GitHub files made so far (an `after` hook of each suite). */
export function removeTemporaryFolders(): void {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A workspace (a repository checkout) holding copies of the bundled examples named, e.g. `support-triage`. */
export function workspaceWith(...examples: string[]): string {
  const dir = temporaryFolder('aispec-action-');
  for (const name of examples) cpSync(join(repoRoot, 'examples', name), join(dir, name), { recursive: true });
  return dir;
}

/** Parses GITHUB_OUTPUT as the runner does: `name<<DELIMITER` heredocs (the only form the scripts write). */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([\w-]+)<<(.+)$/.exec(lines[i]!);
    if (!heredoc) continue;
    const end = lines.indexOf(heredoc[2]!, i + 1);
    outputs[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return outputs;
}

/** Runs action/SCRIPT in `workspace` with `inputs` (named as in action.yml) and extra environment. */
export function runActionScript(script: string, options: { workspace: string; inputs?: Record<string, string>; env?: Record<string, string | undefined> }): Promise<StepResult> {
  const files = temporaryFolder('aispec-action-files-');
  const outputFile = join(files, 'output');
  const summaryFile = join(files, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: Record<string, string | undefined> = {};
  // Nothing from the machine running the tests leaks in: no inputs, no grants.
  for (const [name, value] of Object.entries(process.env)) if (!/^(INPUT_|AISPEC_ALLOW_|GITHUB_)/.test(name)) env[name] = value;
  Object.assign(env, { NO_COLOR: '1', FORCE_COLOR: '', CI: '1', AISPEC_CACHE_KEY_FILE: cacheKeyFile });
  Object.assign(env, { GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile, GITHUB_WORKSPACE: options.workspace, GITHUB_ACTION_PATH: repoRoot });
  for (const [name, value] of Object.entries(options.inputs ?? {})) env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`] = value;
  Object.assign(env, options.env);
  const child = spawn(process.execPath, [join(repoRoot, 'action', script)], { cwd: options.workspace, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolveStep) =>
    child.on('close', (code) =>
      resolveStep({ code, stdout, stderr, outputs: parseOutputs(readFileSync(outputFile, 'utf8')), summary: readFileSync(summaryFile, 'utf8') }),
    ),
  );
}

/** The action's main step, as action.yml runs it. */
export const runAction = (options: Parameters<typeof runActionScript>[1]) => runActionScript('run.mjs', options);
