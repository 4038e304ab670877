// The inputs of the browser tests: the bundled examples' HTML reports written by the built CLI
// (`aispec eval --html`), reports of hand-made results through the same renderer, and the real panel page
// (the extension's panelHtml) with an emulated acquireVsCodeApi, served over loopback HTTP like a webview.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { comparisonHtml, resultsHtml, type HtmlReportOptions } from '../../../src/core/report/results-html.js';
import { panelHtml, newNonce } from '../../../src/extension/results-panel/html.js';
import { sha256Base64 } from '../../../src/node/sha256.js';
import type { ComparisonResults } from '../../../src/shared/comparison.js';
import type { BootData } from '../../../src/shared/messages.js';
import type { RunResults } from '../../../src/shared/results.js';

export const repoRoot = resolve(import.meta.dirname, '../../..');
export const SCREENSHOTS = join(repoRoot, 'test-results', 'webview');
export const EXAMPLES = {
  triage: 'examples/support-triage/support-triage.aispec.md',
  health: 'examples/health-assistant/health-assistant.aispec.md',
} as const;
/** The bundled example that compares three recorded targets. */
export const COMPARED_EXAMPLE = 'examples/model-choice/model-choice.aispec.md';

function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Builds dist/ when it is older than the sources the panel and the CLI are made of (a no-op when fresh). */
export function ensureBuilt(): void {
  const dist = join(repoRoot, 'dist');
  const outputs = ['webview.js', 'cli.cjs', ...(existsSync(dist) ? readdirSync(dist).filter((f) => /^cli.*\.cjs$/.test(f)) : [])].map((f) => join(dist, f));
  const built = Math.min(...outputs.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
  if (built >= newest(join(repoRoot, 'src'))) return;
  const build = spawnSync(process.execPath, [join(repoRoot, 'scripts/build.mjs')], { cwd: repoRoot, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stderr}`);
}

/** A temporary folder, removed when the test process exits. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aispec-webview-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs the built CLI on an example: its results JSON and its HTML report. */
export function cliReport(example: keyof typeof EXAMPLES, dir: string): { html: string; json: string; results: RunResults } {
  const html = join(dir, `${example}.html`);
  const json = join(dir, `${example}.json`);
  const run = spawnSync(process.execPath, [join(repoRoot, 'bin/aispec.cjs'), 'eval', EXAMPLES[example], '--html', html, '--json', json, '--no-save', '-q'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (run.status !== 0 && run.status !== 1) throw new Error(`aispec eval ${example} exited ${run.status}: ${run.stderr}`);
  return { html, json, results: JSON.parse(readFileSync(json, 'utf8')) as RunResults };
}

/** Runs the built CLI on the compared example: its comparison JSON and its HTML comparison page. */
export function cliComparison(dir: string): { html: string; json: string; comparison: ComparisonResults } {
  const html = join(dir, 'model-choice.html');
  const json = join(dir, 'model-choice.json');
  const run = spawnSync(process.execPath, [join(repoRoot, 'bin/aispec.cjs'), 'eval', COMPARED_EXAMPLE, '--html', html, '--json', json, '--no-save', '-q'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (run.status !== 0 && run.status !== 1) throw new Error(`aispec eval model-choice exited ${run.status}: ${run.stderr}`);
  return { html, json, comparison: JSON.parse(readFileSync(json, 'utf8')) as ComparisonResults };
}

/** A comparison page of hand-made runs through the same pure renderer the CLI uses. */
export function writeComparisonReport(comparison: ComparisonResults, dir: string, name: string): string {
  const file = join(dir, `${name}.html`);
  writeFileSync(file, comparisonHtml(comparison, { ...panelAssets(), sha256: sha256Base64 }));
  return file;
}

export function panelAssets(): { script: string; css: string } {
  return {
    script: readFileSync(join(repoRoot, 'dist/webview.js'), 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'),
    css: readFileSync(join(repoRoot, 'media/results.css'), 'utf8'),
  };
}

/** A report of hand-made results through the same pure renderer the CLI uses. */
export function writeReport(results: RunResults, dir: string, name: string, extra: Partial<HtmlReportOptions> = {}): string {
  const file = join(dir, `${name}.html`);
  writeFileSync(file, resultsHtml(results, { ...panelAssets(), sha256: sha256Base64, ...extra }));
  return file;
}

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, `${name}.png`);
}

// ── The VS Code webview, emulated ───────────────────────────────────────────────────────────────────────

/**
 * What VS Code gives a webview: acquireVsCodeApi() (callable once) whose postMessage the test reads from
 * window.__posted, and getState/setState kept in sessionStorage so they survive a reload, as VS Code keeps a
 * webview's state across reloads and hide/show.
 */
const VSCODE_API = `(() => {
  const KEY = 'aispec-test-vscode-state';
  window.__posted = [];
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi may only be called once');
    acquired = true;
    return Object.freeze({
      postMessage: (m) => { window.__posted.push(JSON.parse(JSON.stringify(m))); },
      getState: () => { const s = sessionStorage.getItem(KEY); return s === null ? undefined : JSON.parse(s); },
      setState: (s) => { sessionStorage.setItem(KEY, JSON.stringify(s)); return s; },
    });
  };
})();`;

export interface Harness {
  origin: string;
  /** Serves the next /panel.html with this boot data. */
  setBoot(boot: BootData): void;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html' };

/**
 * Loopback HTTP server for the panel page, built by the extension's own panelHtml() (fresh nonce, the real
 * CSP with this origin as webview.cspSource), plus the emulated API as a nonce'd script, and the two
 * resources the panel may load (dist/webview.js, media/results.css); anything else is 404.
 */
export async function startHarness(): Promise<Harness> {
  let boot: BootData = { protocol: 1, title: 'aispec results', state: null, interactive: true };
  let origin = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/panel.html') {
      const nonce = newNonce();
      const html = panelHtml({ cspSource: origin, scriptUri: `${origin}/dist/webview.js`, styleUri: `${origin}/media/results.css`, nonce, boot });
      const withApi = html.replace(`<script nonce="${nonce}"`, `<script nonce="${nonce}">${VSCODE_API}</script>\n<script nonce="${nonce}"`);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(withApi);
      return;
    }
    if (url.pathname === '/dist/webview.js' || url.pathname === '/media/results.css') {
      res.writeHead(200, { 'content-type': TYPES[extname(url.pathname)]!, 'cache-control': 'no-store' });
      res.end(readFileSync(join(repoRoot, url.pathname)));
      return;
    }
    // The browser asks every http page for a favicon; a webview never does. Answer it quietly.
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  origin = `http://127.0.0.1:${address.port}`;
  return {
    origin,
    setBoot: (b) => (boot = b),
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}
