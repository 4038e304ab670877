// Bundles the three hosts with esbuild: the CLI and the extension for Node (CommonJS, because VS Code
// loads extensions with require), the results-panel script for the browser. `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { writeValidators } from './gen-schema-validators.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

// The schema's validators are compiled to code here, not at start-up (a no-op when they are up to date).
if (writeValidators()) console.log('regenerated src/core/spec/schema-validators.generated.cjs from schemas/aispec.schema.json');

// ESM dependencies (fdir, via tinyglobby) and src/node/code-cache.ts read import.meta.url, which a CommonJS
// bundle lacks: give it one, made when first read (most runs never read it).
// The banner comes before esbuild's own "use strict", which then is no longer the file's first statement and
// so no directive: the banner says it itself, or the whole bundle would run in sloppy mode while the sources
// (ES modules) and the tests run strict.
const importMetaUrlShim = {
  banner: { js: "'use strict';const __importMeta = { get url() { return require('url').pathToFileURL(__filename).href; } };" },
  define: { 'import.meta.url': '__importMeta.url' },
};

// The CLI is one small dispatcher (dist/cli.cjs, from src/cli/main.ts) and one bundle per command
// (dist/cli-check-command.cjs, ...) that the dispatcher imports when the command runs: `aispec check` then
// loads and compiles only what checking needs (no eval engine, HTTP client or reporters). The dispatcher and
// the commands share dist/cli-usage.cjs, so a UsageError thrown by a command is the class main.ts catches.
const CLI = resolve('src/cli');
const cliCommands = readdirSync(CLI).filter((f) => f.endsWith('-command.ts')).map((f) => basename(f, '.ts'));
/** @type {esbuild.Plugin} */
const cliSplit = {
  name: 'cli-split',
  setup(build) {
    build.onResolve({ filter: /^\.\/[a-z-]+\.js$/ }, (args) => {
      if (args.kind === 'entry-point' || dirname(args.importer) !== CLI) return undefined;
      const name = basename(args.path, '.js');
      const shared = name === 'usage' || (name.endsWith('-command') && basename(args.importer) === 'main.ts');
      return shared ? { path: `./cli-${name}.cjs`, external: true } : undefined;
    });
  },
};
// fdir (under tinyglobby) loads picomatch at start-up through a require esbuild cannot follow
// (createRequire(import.meta.url)), so every command that can search folders resolved, read and compiled
// picomatch from node_modules before doing anything, outside the code cache: the single largest part of
// loading `aispec check`. Written as a plain require, it is the copy already bundled for tinyglobby.
/** @type {esbuild.Plugin} */
const fdirBundledPicomatch = {
  name: 'fdir-bundled-picomatch',
  setup(build) {
    build.onLoad({ filter: /[\\/]fdir[\\/]dist[\\/]index\.mjs$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const patched = text.replace(/__require\.resolve\("picomatch"\);(\s*)pm = __require\("picomatch"\);/, 'pm = require("picomatch");');
      if (patched === text) return { warnings: [{ text: 'fdir no longer loads picomatch as expected: the bundle may load it from node_modules at start-up' }] };
      return { contents: patched, loader: 'js' };
    });
  },
};
// yaml's package sends Node to its CommonJS build: ~40 small modules, each run in a wrapper at start-up and
// copied property by property into an ES module namespace (esbuild's __toESM), for every command that parses a
// spec. Its ES module build (the same source, the one other bundlers get) is scope-hoisted and tree-shaken
// instead: a cold `aispec check` 0.96x in a 60-run A/B, ~5M fewer instructions (bench:check --instructions). The two differ only in how a warning is printed
// (console.warn there, process.emitWarning here), and only a map with a collection as a key warns.
const yamlEsmBuild = join(dirname(createRequire(import.meta.url).resolve('yaml/package.json')), 'browser/dist/index.js');
/** @type {esbuild.Plugin} */
const yamlEsm = {
  name: 'yaml-esm',
  setup(build) {
    build.onResolve({ filter: /^yaml$/ }, () => (existsSync(yamlEsmBuild) ? { path: yamlEsmBuild } : { warnings: [{ text: `yaml has no ES module build at ${yamlEsmBuild}: its CommonJS build is bundled` }] }));
  },
};
// `supported`: a command is loaded with a plain require (as a Promise), not through Node's ESM loader.
// minifyWhitespace: without comments the bundles are pure ASCII (a single ’ in a dependency's comment makes
// V8 hold the whole source as two bytes per character) and a third of the size to read, hash and keep in
// memory; names stay as they are, and the source map still points into src/.
const cliBuild = (entry, outfile) => ({ entryPoints: [entry], outfile, platform: 'node', format: 'cjs', target: 'node20', supported: { 'dynamic-import': false }, plugins: [cliSplit, fdirBundledPicomatch, yamlEsm], minifyWhitespace: true, ...importMetaUrlShim });

/** @type {esbuild.BuildOptions[]} */
const builds = [
  cliBuild('src/cli/main.ts', 'dist/cli.cjs'),
  cliBuild('src/cli/usage.ts', 'dist/cli-usage.cjs'),
  ...cliCommands.map((name) => cliBuild(`src/cli/${name}.ts`, `dist/cli-${name}.cjs`)),
  // The extension is two bundles: the entry VS Code loads on activation (dist/extension.cjs, small: loading it
  // counts as activation) and the features it loads right after (dist/extension-features.cjs).
  {
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', './extension-features.cjs'],
  },
  {
    entryPoints: ['src/extension/features.ts'],
    outfile: 'dist/extension-features.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [yamlEsm],
    // As for the CLI's bundles: less to read and compile while the host waits (see cliBuild below).
    minifyWhitespace: true,
    ...importMetaUrlShim,
  },
  // The live-check worker the extension starts (worker_threads): the same core, off the extension host's main thread.
  {
    entryPoints: ['src/extension/check-worker.ts'],
    outfile: 'dist/check-worker.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [yamlEsm],
    ...importMetaUrlShim,
  },
  // The run worker the extension starts for each run from the editor: the CLI's engine, off the main thread.
  {
    entryPoints: ['src/extension/run-worker.ts'],
    outfile: 'dist/run-worker.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [yamlEsm],
    minifyWhitespace: true,
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
