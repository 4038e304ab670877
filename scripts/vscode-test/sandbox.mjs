// One fresh temp folder per run that holds everything code-server, its extension hosts, Chromium and
// Playwright write. Without it code-server writes ~/.config/code-server and ~/.local/share/code-server,
// VS Code ~/.cache/Microsoft and /tmp/vscode-ipc-*.sock, Chromium ~/.config/chromium and /tmp/org.chromium.*.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { REPO } from './env.mjs';

// Settings that keep the workbench quiet and offline: no welcome page, no AI/chat panel, no gallery,
// update or schema downloads, no git scanning of the workspace.
const SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'npm.fetchOnlinePackageInfo': false,
  'json.schemaDownload.enable': false,
  'git.enabled': false,
};

/** Creates the run folder and points this process's HOME/XDG/TMPDIR at it (children inherit them). */
export function createSandbox(prefix) {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  const dir = (p) => { const d = path.join(root, p); mkdirSync(d, { recursive: true }); return d; };
  const sandbox = {
    root,
    userData: dir('user-data'),
    extensions: dir('extensions'),
    logs: dir('logs'),
    workspace: path.join(root, 'workspace'),
    env: {
      HOME: dir('home'),
      XDG_CONFIG_HOME: dir('home/.config'),
      XDG_DATA_HOME: dir('home/.local/share'),
      XDG_CACHE_HOME: dir('home/.cache'),
      TMPDIR: dir('tmp'),
      CODE_SERVER_CONFIG: path.join(root, 'code-server.yaml'),
      EXTENSIONS_GALLERY: '{}', // no gallery => code-server never calls a marketplace
    },
  };
  writeFileSync(sandbox.env.CODE_SERVER_CONFIG, 'auth: none\n');
  writeFileSync(path.join(dir('user-data/User'), 'settings.json'), JSON.stringify(SETTINGS, null, 2));
  // A copy, so tests may edit and break the fixture files freely.
  cpSync(path.join(REPO, 'test/vscode/workspace'), sandbox.workspace, { recursive: true });
  Object.assign(process.env, sandbox.env); // os.tmpdir(), Playwright and Chromium follow these
  return sandbox;
}

/** Synchronous, so it can also run from process 'exit'; says so once when --keep keeps it. */
export function removeSandbox(sandbox, keep) {
  if (!keep) rmSync(sandbox.root, { recursive: true, force: true, maxRetries: 3 });
  else if (!sandbox.announced) console.log(`kept the run folder: ${sandbox.root}`);
  sandbox.announced = true;
}
