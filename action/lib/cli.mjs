// Running the aispec CLI from a step: the one built in the action's own checkout (see install.mjs), with the
// runner's Node, in the workspace, so the paths in annotations are relative to the repository root.
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The action's checkout: GITHUB_ACTION_PATH in a workflow, else the folder above action/. */
export function actionPath(env = process.env) {
  return env.GITHUB_ACTION_PATH || resolve(dirname(fileURLToPath(import.meta.url)), '../..');
}

export function cliPath(env = process.env) {
  return join(actionPath(env), 'bin', 'aispec.cjs');
}

/** The folder the CLI runs in: the repository checkout. */
export function workspace(env = process.env) {
  return resolve(env.GITHUB_WORKSPACE || process.cwd());
}

/**
 * Runs `aispec ARGS` and resolves with its exit code. Its stdout and stderr go straight to the step's log,
 * so the runner reads the `--format github` annotations as the CLI wrote them.
 */
export function runAispec(args, env = process.env) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [cliPath(env), ...args], { cwd: workspace(env), env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code, signal) => resolveRun(code ?? (signal ? 128 : 1)));
  });
}
