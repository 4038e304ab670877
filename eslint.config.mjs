// Lint keeps the architecture honest: only src/extension/ may import 'vscode', the core imports no host,
// and the webview imports neither node nor vscode.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'http', 'https', 'crypto', 'url', 'stream'];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', '.scratch/**', '.bench-cache/**', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: "Only src/extension/ may import 'vscode'." }] }],
    },
  },
  {
    files: ['src/extension/**', 'test/vscode/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/core/**', 'src/shared/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'The core is host-free.' }],
        patterns: [{ group: nodeBuiltins, message: 'The core is host-free: take what you need from the host interface.' }],
      }],
    },
  },
  {
    files: ['src/webview/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'The webview runs in a browser.' }],
        patterns: [{ group: nodeBuiltins, message: 'The webview runs in a browser.' }],
      }],
    },
  },
  {
    files: ['**/*.mjs', 'scripts/**', 'bench/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
