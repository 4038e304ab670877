// Bundles the three hosts with esbuild: the CLI and the extension for Node (CommonJS, because VS Code
// loads extensions with require), the results-panel script for the browser. `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

// ESM dependencies (fdir, via tinyglobby) read import.meta.url, which a CommonJS bundle lacks: give it one.
const importMetaUrlShim = {
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__importMetaUrl' },
};

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    ...importMetaUrlShim,
  },
  {
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    ...importMetaUrlShim,
  },
  {
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
].filter((b) => existsSync(b.entryPoints[0]));

// mainFields: prefer packages' ESM builds; jsonc-parser's UMD main cannot be bundled (dynamic requires).
const common = { mainFields: ['module', 'main'], bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', legalComments: 'none' };

if (watch) {
  for (const b of builds) await (await esbuild.context({ ...common, ...b })).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b })));
}
