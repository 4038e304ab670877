// Bundles the extension-host suites (test/vscode/suite/index.ts and every **/*.test.ts below it) to
// CommonJS, because the extension host loads extensionTestsPath with require(). `vscode` stays external:
// the extension host provides it. Each test file is its own entry so the runner can find it by name.
import * as esbuild from 'esbuild';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from './env.mjs';

export const SUITE_DIR = path.join(REPO, 'test/vscode/suite');

/** @returns {Promise<string>} outDir, a folder whose index.js exports run() */
export async function bundleSuites(outDir) {
  const tests = readdirSync(SUITE_DIR, { recursive: true })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join(SUITE_DIR, f));
  if (!tests.length) throw new Error(`no *.test.ts files under ${SUITE_DIR}`);
  return bundleForExtensionHost({ entryPoints: [path.join(SUITE_DIR, 'index.ts'), ...tests], outbase: SUITE_DIR, outDir });
}

/**
 * Bundles extension-host code (a tests module whose index.ts exports run(), and what it imports) to CommonJS.
 * @returns {Promise<string>} outDir
 */
export async function bundleForExtensionHost({ entryPoints, outbase, outDir }) {
  await esbuild.build({
    entryPoints,
    outbase,
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    // No source maps: the extension host installs its own Error.prepareStackTrace, which bypasses Node's
    // source-map support, so stack traces name lines of the bundles (kept with --keep).
    logLevel: 'warning',
    // mocha's parallel mode (unused here) require.resolve()s worker files esbuild cannot bundle.
    logOverride: { 'require-resolve-not-external': 'silent' },
  });
  // .js in a folder that might sit under a "type": "module" package.json must still load as CommonJS.
  writeFileSync(path.join(outDir, 'package.json'), '{ "type": "commonjs" }\n');
  return outDir;
}
