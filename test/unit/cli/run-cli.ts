// Spawns the built CLI without blocking the event loop, so in-process fixture servers keep answering.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../../..');
const cli = join(repoRoot, 'bin/aispec.cjs');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function buildCli(): void {
  const build = spawnSync(process.execPath, [join(repoRoot, 'scripts/build.mjs')], { cwd: repoRoot, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
}

/** The key that signs cache entries: one per test process, never the user's own (~/.cache/aispec). */
const cacheKeyFolder = mkdtempSync(join(tmpdir(), 'aispec-cache-key-'));
const cacheKeyFile = join(cacheKeyFolder, 'cache-key');
process.once('exit', () => rmSync(cacheKeyFolder, { recursive: true, force: true }));

export function startCli(args: string[], options: { cwd: string; env?: Record<string, string | undefined> }): { child: ChildProcess; done: Promise<CliResult> } {
  const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', CI: '1', AISPEC_CACHE_KEY_FILE: cacheKeyFile, ...options.env };
  const child = spawn(process.execPath, [cli, ...args], { cwd: options.cwd, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((resolveDone) => child.on('close', (code, signal) => resolveDone({ code, signal, stdout, stderr })));
  return { child, done };
}

export function runCli(args: string[], options: { cwd: string; env?: Record<string, string | undefined> }): Promise<CliResult> {
  return startCli(args, options).done;
}
