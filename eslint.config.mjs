// Lint keeps the architecture honest. The layers of src/, lowest first, and what each may import of ours:
//
//   src/shared     types: the results JSON model, the panel protocol    -> nothing
//   src/core       the pure engine                                      -> shared
//   src/webview    the results panel's script (a browser)               -> shared, core
//   src/node       the Node host                                        -> shared, core
//   src/cli        the command line                                     -> shared, core, node
//   src/extension  the VS Code extension                                -> shared, core, node, and 'vscode'
//
// Outside the core, the core is reached through its front door, src/core/index.ts, never a deep path (the
// bundles stay as small as before because package.json declares the sources free of side effects).
// Nothing outside src/cli or src/extension imports them; in particular the extension does not reuse the CLI
// (both drive the core through src/node instead, so neither can grow behaviour the other lacks).
// Only node, cli and extension (and scripts, bench and tests) use Node built-ins or the `process` global:
// shared, core and webview must run in a browser as well as in Node. Only src/extension (and the tests that
// run inside VS Code) imports 'vscode'.
//
// The type-check enforces the same: each layer has its own tsconfig (src/<layer>/tsconfig.json, built with
// `tsc -b`), where shared and core see neither DOM nor Node types and a layer cannot import a file of a layer
// it does not reference. test/unit/architecture/layers.test.ts proves that both tools reject a violation.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** What each layer may import of ours: the table above. */
const MAY_IMPORT = {
  shared: [],
  core: ['shared'],
  webview: ['shared', 'core'],
  node: ['shared', 'core'],
  cli: ['shared', 'core', 'node'],
  extension: ['shared', 'core', 'node'],
};
const LAYERS = Object.keys(MAY_IMPORT);
/** The layers that run in a browser as well as in Node. */
const HOST_FREE = ['shared', 'core', 'webview'];

/** A relative import that climbs out of a layer's folder into one of `layers` (no layer has a subfolder of such a name). */
const layerImportRegex = (layers) => `^(\\.\\./)+(src/)?(${layers.join('|')})(/|$)`;
// Every Node built-in, as `fs` and as `node:fs`; the `node:` pattern also covers the prefix-only ones
// (`node:test`, `node:sqlite`, ...) that some Node versions leave out of builtinModules.
const unprefixedBuiltins = builtinModules.filter((name) => !name.startsWith('node:'));
const builtinImportRegex = `^(node:.*|${unprefixedBuiltins.map((name) => name.replace(/\//g, '\\/')).join('|')})$`;
/** The Node-only globals (the web-standard ones that Node also has, such as URL or TextEncoder, are not banned here). */
const NODE_GLOBALS = ['process', 'Buffer', 'global', 'require', '__dirname', '__filename'];

/** A relative import of a core module other than the front door (src/core/index.ts). */
const CORE_DEEP_IMPORT = '^(\\.\\./)+(src/)?core/(?!index\\.js$).+';

const VSCODE_ONLY_IN_EXTENSION = { name: 'vscode', message: "Only src/extension/ may import 'vscode'." };

/** One layer's import rules: static imports and re-exports, and `import()` of the same names. */
function importRules(layer) {
  const hostFree = HOST_FREE.includes(layer);
  const allowed = MAY_IMPORT[layer];
  const forbidden = LAYERS.filter((other) => other !== layer && !allowed.includes(other));
  const layerMessage = `src/${layer} may import ${allowed.length ? `no layer but ${allowed.map((l) => `src/${l}`).join(', ')}` : 'no other layer'} (the table at the top of eslint.config.mjs).`;
  const builtinMessage = `src/${layer} must run in a browser as well as in Node: take what you need from the host through an interface (SpecHost, HttpClient, ProcessRunner, ...).`;
  const patterns = [{ regex: layerImportRegex(forbidden), caseSensitive: true, message: layerMessage }];
  if (layer !== 'core' && allowed.includes('core')) {
    patterns.push({ regex: CORE_DEEP_IMPORT, caseSensitive: true, message: `src/${layer} reaches the core through its front door: import from src/core/index.js (add an export there if you need more).` });
  }
  if (hostFree) patterns.push({ regex: builtinImportRegex, caseSensitive: true, message: builtinMessage });
  const dynamicImports = patterns.map(({ regex, message }) => ({
    // esquery's regex literals cannot hold a '/', so it is written as \x2F.
    selector: `ImportExpression[source.value=/${regex.replace(/\\\//g, '\\x2F').replace(/\//g, '\\x2F')}/]`,
    message,
  }));
  const rules = {
    '@typescript-eslint/no-restricted-imports': ['error', {
      paths: layer === 'extension' ? [] : [VSCODE_ONLY_IN_EXTENSION],
      patterns,
    }],
    'no-restricted-syntax': ['error', ...dynamicImports],
  };
  if (hostFree) {
    rules['no-restricted-globals'] = ['error', ...NODE_GLOBALS.map((name) => ({ name, message: builtinMessage }))];
    rules['no-restricted-properties'] = ['error', ...NODE_GLOBALS.map((property) => ({ object: 'globalThis', property, message: builtinMessage }))];
  }
  return rules;
}

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', '.scratch/**', '.bench-cache/**', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [VSCODE_ONLY_IN_EXTENSION] }],
    },
  },
  {
    files: ['test/vscode/**', 'bench/editor-host/**'],
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
  },
  ...LAYERS.map((layer) => ({ files: [`src/${layer}/**`], rules: importRules(layer) })),
  {
    files: ['**/*.mjs', 'scripts/**', 'bench/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
