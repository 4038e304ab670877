#!/usr/bin/env node
// Runs the mocha suites in test/vscode/suite/**/*.test.ts inside a real VS Code extension host, offline:
// code-server (VS Code 1.139, Node extension host) opened by Debian's headless Chromium, the way
// @vscode/test-electron runs them in desktop VS Code. Exit status = the suite's (0 only if all passed).
// Needs `npm run build` (dist/extension.cjs) and `bash scripts/vscode-test/install.sh`; builds nothing.
// Usage: node scripts/vscode-test/run-extension-tests.mjs [--grep PATTERN] [--timeout SECONDS] [--keep]
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { format, parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { launchOptions } from './browser.mjs';
import { bundleSuites } from './bundle-suites.mjs';
import { startCodeServer } from './code-server.mjs';
import { REPO, requirePrerequisites } from './env.mjs';
import { finish, guard, isFinishing, onCleanup } from './lifecycle.mjs';
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

phase = 'starting code-server';
if (opts.grep) process.env.AISPEC_VSCODE_GREP = opts.grep; // the extension host inherits code-server's env
// enable-smoke-test-driver lets a built workbench honour the `payload` URL parameter's test options.
const server = await startCodeServer({
  sandbox, folder: sandbox.workspace, args: ['--vscode-option', 'enable-smoke-test-driver'],
});
// Runs before the server stops and the sandbox goes: on any failure (timeout included), keep what explains
// it where CI collects artifacts: browser- and server-side VS Code logs, code-server's own, and the bundles
// the stack traces point into.
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
lap(`code-server up at ${server.url}`);

phase = 'launching Chromium';
const browser = await chromium.launch(launchOptions());
onCleanup(() => browser.close());
const page = await browser.newPage();

// While extension tests run, the workbench forwards every extension-host console line to
// window.codeAutomationLog(type, args) and the test runner's result to window.codeAutomationExit(code, logs).
const NOISE = new RegExp([ // workbench chatter that says nothing about the suites
  'Ignoring fetching additional builtin extensions', '^Updating additional builtin extensions cache',
  '^Resolv', '^Creating a socket', '^\\[(reconnection-grace-time|Service Worker|AgentHost:remote|AccountPolicyGate)\\]',
].join('|'));
let reported = false; // after the verdict, the workbench only logs its own shutdown
await page.exposeFunction('codeAutomationLog', (type, args) => {
  if (reported) return;
  const line = format(...(Array.isArray(args) ? args : [args]));
  if (!NOISE.test(line)) console.log(type === 'log' || type === 'info' ? line : `[${type}] ${line}`);
});
let reportExit;
const exited = new Promise((resolve) => { reportExit = resolve; });
await page.exposeFunction('codeAutomationExit', (code, logs) => {
  reported = true;
  for (const { relativePath, contents } of Array.isArray(logs) ? logs : []) {
    const file = path.join(sandbox.logs, relativePath);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, contents);
  }
  reportExit(Number(code));
});
page.on('crash', () => reportExit('the workbench page crashed'));
browser.on('disconnected', () => reportExit('Chromium went away'));

// The workbench runs from vscode-remote:// URIs on code-server's own authority (host:port).
const remote = (p) => `vscode-remote://${new URL(server.url).host}${p}`;
const payload = [
  ['extensionDevelopmentPath', remote(REPO)],
  ['extensionTestsPath', remote(suiteDir)],
  ['skipWelcome', 'true'],
];
phase = 'waiting for the extension host to run the suites';
await page.goto(`${server.url}/?folder=${encodeURIComponent(sandbox.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`,
  { waitUntil: 'domcontentloaded' }); // the verdict, not the page's load event, is what we wait for
lap('workbench loading; suites run in the extension host');
const result = await exited;
if (!isFinishing()) { // else a timeout or signal is already ending the run
  lap(`extension host exited with ${result}`);
  await finish(result === 0 ? 0 : typeof result === 'number' && result > 0 ? result : 1);
}
