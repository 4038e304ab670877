// Runs one extensionTestsPath module (a folder whose index.js exports run()) inside a real Node extension
// host: code-server on the sandbox's workspace, opened by headless Chromium with the smoke-test driver, the
// way @vscode/test-electron runs it in desktop VS Code. Shared by the suite runner and the editor bench.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { launchOptions } from './browser.mjs';
import { startCodeServer } from './code-server.mjs';
import { REPO } from './env.mjs';
import { onCleanup } from './lifecycle.mjs';

// Workbench chatter that says nothing about what runs in the extension host.
const NOISE = new RegExp([
  'Ignoring fetching additional builtin extensions', '^Updating additional builtin extensions cache',
  '^Resolv', '^Creating a socket', '^\\[(reconnection-grace-time|Service Worker|AgentHost:remote|AccountPolicyGate)\\]',
].join('|'));

/**
 * @param {object} o
 * @param {object} o.sandbox     from createSandbox (its workspace is opened, its logs folder receives the VS Code logs)
 * @param {string} o.testsPath   folder whose index.js exports run(); its promise is the extension host's exit status
 * @param {(phase: string) => void} o.setPhase  what the run waits for now (for the timeout message)
 * @param {(server: { url: string, log: string }) => void} [o.onServer]  once code-server answers
 * @param {(line: string) => void} [o.log]  every extension-host console line (default console.log)
 * @returns {Promise<number | string>} the exit code run() led to, or why the workbench went away
 */
export async function runInExtensionHost({ sandbox, testsPath, setPhase, onServer, log = console.log }) {
  setPhase('starting code-server');
  // enable-smoke-test-driver lets a built workbench honour the `payload` URL parameter's test options.
  const server = await startCodeServer({
    sandbox, folder: sandbox.workspace, args: ['--vscode-option', 'enable-smoke-test-driver'],
  });
  onServer?.(server);

  setPhase('launching Chromium');
  const browser = await chromium.launch(launchOptions());
  onCleanup(() => browser.close());
  const page = await browser.newPage();

  // While extension tests run, the workbench forwards every extension-host console line to
  // window.codeAutomationLog(type, args) and the test runner's result to window.codeAutomationExit(code, logs).
  let reported = false; // after the verdict, the workbench only logs its own shutdown
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    if (reported) return;
    const line = format(...(Array.isArray(args) ? args : [args]));
    if (!NOISE.test(line)) log(type === 'log' || type === 'info' ? line : `[${type}] ${line}`);
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
    ['extensionTestsPath', remote(testsPath)],
    ['skipWelcome', 'true'],
  ];
  setPhase('waiting for the extension host to run the tests module');
  await page.goto(`${server.url}/?folder=${encodeURIComponent(sandbox.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`,
    { waitUntil: 'domcontentloaded' }); // the verdict, not the page's load event, is what we wait for
  return exited;
}
