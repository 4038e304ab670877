#!/usr/bin/env node
// The same extension-host suites through @vscode/test-electron (desktop VS Code), for machines that can
// download VS Code. Offline machines (ours, CI) use run-extension-tests.mjs instead. Headless Linux needs
// a display: `xvfb-run -a node scripts/vscode-test/run-electron.mjs`. Needs `npm run build` first.
// Usage: node scripts/vscode-test/run-electron.mjs [--vscode-version stable|insiders|min|X.Y.Z]
//          [--vscode-executable PATH] [--grep PATTERN] [--timeout SECONDS] [--keep] [--dry-run]
//   min = the oldest version engines.vscode allows; --vscode-executable uses an installed VS Code instead of
//   a download; --dry-run prints the runTests options and downloads nothing.
import { runTests } from '@vscode/test-electron';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { bundleSuites } from './bundle-suites.mjs';
import { CACHE, REPO } from './env.mjs';
import { finish, guard, onCleanup } from './lifecycle.mjs';
import { createSandbox, removeSandbox } from './sandbox.mjs';

const { values: opts } = parseArgs({
  options: {
    'vscode-version': { type: 'string', default: process.env.AISPEC_VSCODE_VERSION ?? 'stable' },
    'vscode-executable': { type: 'string' },
    grep: { type: 'string' },
    timeout: { type: 'string', default: process.env.AISPEC_VSCODE_TIMEOUT ?? '600' }, // includes the download
    keep: { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
  },
});
if (!existsSync(path.join(REPO, 'dist/extension.cjs'))) {
  console.error('Missing dist/extension.cjs (the built extension); build it with: npm run build');
  process.exit(2);
}

let version = opts['vscode-version'];
if (version === 'min') {
  const { engines } = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  version = engines.vscode.replace(/^[\^~>=]+/, '');
}

// runTests gives us no handle on VS Code; on timeout or a signal, kill our descendants by pid.
function killDescendants(pid = process.pid) {
  let kids = [];
  try { kids = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).split(/\s+/).filter(Boolean); } catch { /* none */ }
  for (const kid of kids) { killDescendants(Number(kid)); try { process.kill(Number(kid), 'SIGKILL'); } catch { /* gone */ } }
}

let phase = 'starting';
guard({ timeoutMs: Number(opts.timeout) * 1000, phase: () => phase });
const sandbox = createSandbox('aispec-electron-');
onCleanup(() => removeSandbox(sandbox, opts.keep), () => removeSandbox(sandbox, opts.keep));
onCleanup(async () => killDescendants(), () => killDescendants());

phase = 'bundling the suites';
const options = {
  version,
  ...(opts['vscode-executable'] ? { vscodeExecutablePath: path.resolve(opts['vscode-executable']) } : {}),
  cachePath: path.join(CACHE, 'electron'), // the download is cached beside code-server, like test-electron's default
  extensionDevelopmentPath: REPO,
  extensionTestsPath: await bundleSuites(path.join(sandbox.root, 'suite')),
  extensionTestsEnv: opts.grep ? { AISPEC_VSCODE_GREP: opts.grep } : {},
  // runTests adds --no-sandbox, --disable-workspace-trust, --skip-welcome and friends itself; given
  // --user-data-dir/--extensions-dir it keeps its profile in our sandbox instead of the cache.
  launchArgs: [sandbox.workspace, '--disable-extensions', '--disable-gpu',
    '--user-data-dir', sandbox.userData, '--extensions-dir', sandbox.extensions],
};
if (opts['dry-run']) {
  console.log(JSON.stringify(options, null, 2));
  await finish(0);
}

phase = `downloading VS Code ${version} and running the suites`;
try {
  await finish(await runTests(options));
} catch (err) {
  console.error(`test-electron run failed: ${err.message ?? err}`);
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ENETUNREACH/.test(String(err.message ?? err))) {
    console.error('VS Code could not be downloaded (offline?); run the suites in code-server instead:\n'
      + '  bash scripts/vscode-test/install.sh && node scripts/vscode-test/run-extension-tests.mjs');
  }
  await finish(typeof err.code === 'number' ? err.code || 1 : 1);
}
