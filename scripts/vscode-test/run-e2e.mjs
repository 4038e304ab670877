#!/usr/bin/env node
// Browser end-to-end tests: packages the built extension as a VSIX, installs it into a sandboxed
// code-server with --install-extension (as a user would), and runs test/e2e/**/*.e2e.ts with mocha; the
// tests drive the workbench through Debian's Chromium via playwright-core. Screenshots: test-results/e2e/.
// Needs `npm run build` and `bash scripts/vscode-test/install.sh`. Exit status 0 only if all passed.
// Usage: node scripts/vscode-test/run-e2e.mjs [--grep PATTERN] [--timeout SECONDS] [--keep]
import Mocha from 'mocha';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { register } from 'tsx/esm/api';
import { launchOptions } from './browser.mjs';
import { codeServerCli, startCodeServer } from './code-server.mjs';
import { REPO, requirePrerequisites } from './env.mjs';
import { finish, guard, isFinishing, letMochaHandleCrashes, onCleanup } from './lifecycle.mjs';
import { packageVsix } from './package-vsix.mjs';
import { createSandbox, removeSandbox } from './sandbox.mjs';

const { values: opts } = parseArgs({
  options: {
    grep: { type: 'string' },
    timeout: { type: 'string', default: process.env.AISPEC_E2E_TIMEOUT ?? '600' },
    keep: { type: 'boolean', default: false },
  },
});
requirePrerequisites({ vsce: true });

const t0 = Date.now();
const lap = (msg) => console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
let phase = 'starting';
guard({ timeoutMs: Number(opts.timeout) * 1000, phase: () => phase });

const E2E_DIR = path.join(REPO, 'test/e2e');
const ARTIFACTS = path.join(REPO, 'test-results/e2e');
rmSync(ARTIFACTS, { recursive: true, force: true }); // screenshots of this run only
mkdirSync(ARTIFACTS, { recursive: true });

const sandbox = createSandbox('aispec-e2e-');
onCleanup(() => removeSandbox(sandbox, opts.keep), () => removeSandbox(sandbox, opts.keep));

phase = 'packaging the VSIX';
const vsix = await packageVsix(path.join(sandbox.root, 'aispec.vsix'));
lap('packaged aispec.vsix');
phase = 'installing the VSIX into code-server';
await codeServerCli(sandbox, ['--install-extension', vsix]);
lap('installed it');

phase = 'starting code-server';
const server = await startCodeServer({ sandbox, folder: sandbox.workspace });
onCleanup((code) => { // on failure, the server side's story next to the screenshots
  if (!code) return;
  cpSync(server.log, path.join(ARTIFACTS, 'code-server.log'));
  cpSync(path.join(sandbox.userData, 'logs'), path.join(ARTIFACTS, 'logs'), { recursive: true });
});
phase = 'launching Chromium';
// One browser for the run; each test file connects and opens its own fresh context (no shared state).
const browser = await chromium.launchServer(launchOptions());
onCleanup(() => browser.close());
lap(`code-server at ${server.url}, Chromium up`);

// What test/e2e/support/workbench.ts reads.
Object.assign(process.env, {
  AISPEC_E2E_URL: server.url,
  AISPEC_E2E_BROWSER: browser.wsEndpoint(),
  AISPEC_E2E_WORKSPACE: sandbox.workspace,
  AISPEC_E2E_ARTIFACTS: ARTIFACTS,
});

phase = 'running the e2e tests';
register(); // lets mocha import the .ts test files
const load = (rel) => import(pathToFileURL(path.join(REPO, rel)).href);
const { SummaryReporter } = await load('test/support/summary-reporter.ts');
const { mochaHooks } = await load('test/e2e/support/hooks.ts'); // e.g. a screenshot of every failure
const mocha = new Mocha({
  ui: 'bdd', timeout: 120_000, reporter: SummaryReporter, rootHooks: mochaHooks, ...(opts.grep ? { grep: opts.grep } : {}),
});
const files = readdirSync(E2E_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.e2e.ts')).sort();
for (const f of files) mocha.addFile(path.join(E2E_DIR, f));
await mocha.loadFilesAsync();
letMochaHandleCrashes();
const { failures, tests } = await new Promise((resolve) => {
  const runner = mocha.run((n) => resolve({ failures: n, tests: runner.stats?.tests ?? 0 }));
});
if (!isFinishing()) { // else a timeout or signal is already ending the run
  lap(`screenshots in ${path.relative(REPO, ARTIFACTS)}/`);
  if (!tests && !failures) console.error('no e2e tests ran (none found under test/e2e, or --grep matched none)');
  await finish(failures || !tests ? 1 : 0);
}
