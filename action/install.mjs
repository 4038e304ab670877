// Installs the aispec CLI from the action's own checkout (GITHUB_ACTION_PATH, the ref the workflow pinned in
// `uses:`), never from the repository under test: a pull request cannot swap the tool that judges it.
// Dependencies come from the action's package-lock.json with their install scripts off; the build makes
// dist/. A checkout that already holds a build (a local run of these scripts) is used as it is.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { actionPath, cliPath } from './lib/cli.mjs';
import { setOutput } from './lib/workflow-files.mjs';

const root = actionPath();
const built = existsSync(join(root, 'dist', 'cli.cjs')) && existsSync(join(root, 'node_modules'));

function npm(...args) {
  // npm is a .cmd file on Windows runners, which only a shell starts.
  const result = spawnSync('npm', args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    process.stderr.write(`aispec action: npm ${args.join(' ')} failed in ${root} (exit ${result.status ?? result.signal}).\n`);
    process.exit(result.status || 1);
  }
}

if (built) {
  process.stdout.write(`aispec: using the build in ${root}\n`);
} else {
  npm('ci', '--ignore-scripts', '--no-audit', '--no-fund');
  npm('run', 'build');
}
setOutput('cli', cliPath());
