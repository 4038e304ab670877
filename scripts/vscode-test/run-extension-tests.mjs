#!/usr/bin/env node
// Runs the mocha suites in test/vscode/suite/**/*.test.ts inside a real VS Code extension host, offline:
// code-server (VS Code 1.139, Node extension host) opened by Debian's headless Chromium, the way
// @vscode/test-electron runs them in desktop VS Code. Exit status = the suite's (0 only if all passed).
// Needs `npm run build` (dist/extension.cjs) and `bash scripts/vscode-test/install.sh`; builds nothing.
// Usage: node scripts/vscode-test/run-extension-tests.mjs [--grep PATTERN] [--timeout SECONDS] [--keep]
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { bundleSuites } from './bundle-suites.mjs';
import { REPO, requirePrerequisites } from './env.mjs';
import { finish, guard, isFinishing, onCleanup } from './lifecycle.mjs';
import { runInExtensionHost } from './extension-host.mjs';
import { createSandbox, removeSandbox } from './sandbox.mjs';

const { values: opts } = parseArgs({
  options: {
    grep: { type: 'string' },
    timeout: { type: 'string', default: process.env.AISPEC_VSCODE_TIMEOUT ?? '300' },
    keep: { type: 'boolean', default: false },
  },
});
requirePrerequisites();

const t0 = Date.now();
const lap = (msg) => console.log(`[vscode-test ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
let phase = 'starting';
guard({ timeoutMs: Number(opts.timeout) * 1000, phase: () => phase });

const sandbox = createSandbox('aispec-vscode-');
onCleanup(() => removeSandbox(sandbox, opts.keep), () => removeSandbox(sandbox, opts.keep));

phase = 'bundling the suites';
const suiteDir = await bundleSuites(path.join(sandbox.root, 'suite'));

if (opts.grep) process.env.AISPEC_VSCODE_GREP = opts.grep; // the extension host inherits code-server's env
const result = await runInExtensionHost({
  sandbox,
  testsPath: suiteDir,
  setPhase: (p) => { phase = p; },
  onServer: (server) => {
    // Runs before the server stops and the sandbox goes: on any failure (timeout included), keep what
    // explains it where CI collects artifacts: browser- and server-side VS Code logs, code-server's own, and
    // the bundles the stack traces point into.
    onCleanup((code) => {
      if (!code) return;
      const kept = path.join(REPO, 'test-results/vscode');
      rmSync(kept, { recursive: true, force: true });
      cpSync(sandbox.logs, path.join(kept, 'logs/workbench'), { recursive: true });
      cpSync(path.join(sandbox.userData, 'logs'), path.join(kept, 'logs/server'), { recursive: true });
      cpSync(suiteDir, path.join(kept, 'suite'), { recursive: true });
      cpSync(server.log, path.join(kept, 'code-server.log'));
      console.error(`failed: logs and bundled suites copied to ${path.relative(REPO, kept)}/`);
    });
    lap(`code-server up at ${server.url}; suites run in the extension host`);
  },
});
if (!isFinishing()) { // else a timeout or signal is already ending the run
  lap(`extension host exited with ${result}`);
  await finish(result === 0 ? 0 : typeof result === 'number' && result > 0 ? result : 1);
}
