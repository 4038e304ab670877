// Packages the built extension into a VSIX with the repo's own @vscode/vsce, offline. Packaging never
// touches @vscode/vsce-sign's binary (only signing does), so its denied postinstall does not matter.
import path from 'node:path';
import process from 'node:process';
import { REPO } from './env.mjs';
import { execTracked } from './lifecycle.mjs';

// Async, so the runner's deadline and signal handlers stay live while vsce works (10-15 s).
export async function packageVsix(outFile) {
  const vsce = path.join(REPO, 'node_modules/@vscode/vsce/vsce');
  const args = ['package', '--no-dependencies', '--out', outFile,
    // Release concerns (a repository field, a LICENSE file, every `files` pattern matching something,
    // README links made absolute via the repository URL) are not what the e2e tests: without these flags
    // the build under test would fail to package for those reasons. The secret scan stays on.
    '--allow-missing-repository', '--skip-license', '--allow-unused-files-pattern', '--no-rewrite-relative-links'];
  try {
    await execTracked(process.execPath, [vsce, ...args], { cwd: REPO, encoding: 'utf8' });
  } catch (err) {
    throw new Error(`vsce ${args.join(' ')} failed:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
  return outFile;
}
