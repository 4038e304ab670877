// The self-contained HTML report (`aispec eval --html FILE`): the results panel's own script and stylesheet
// inlined with the run, so a CI artifact opens in any browser, offline, and shows exactly what the editor
// shows. Pure: the caller reads the bundled script and CSS and passes them in.
//
// Safety: a strict Content-Security-Policy (default-src 'none'; the one script and the one stylesheet
// allowed by their SHA-256 hashes, computed by the host's hash; no network, no frames, no forms, no base URL). The run travels as JSON in
// a non-executable <script type="application/json"> block with every <, > and & escaped, so no case text can
// close the block; the renderer reads it with textContent and draws every string as text. The cases travel
// in a second block after the script, so the first view does not wait for them.
import type { Sha256Base64 } from '../host.js';
import type { ComparisonResults } from '../../shared/comparison.js';
import type { HistoryPoint, PanelData } from '../../shared/messages.js';
import type { RunResults } from '../../shared/results.js';
import type { RunDiff } from '../../shared/run-diff.js';
import { isSubsetRun } from '../eval/select-cases.js';
import { escapeHtml, htmlPageStart } from './html-page.js';

export interface HtmlReportOptions {
  /** dist/webview.js: the panel's bundled script. */
  script: string;
  /** media/results.css. */
  css: string;
  /** The host's SHA-256, for the policy's hashes of the inlined script and stylesheet. */
  sha256: Sha256Base64;
  diff?: RunDiff | null;
  baselineRunId?: string | null;
  history?: HistoryPoint[];
}

/** JSON that is safe inside an HTML <script> element: no <, >, & or line separators appear literally. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** `'sha256-…'`: a CSP hash source allowing an inline script or style with exactly this text. */
function cspHashSource(text: string, sha256: Sha256Base64): string {
  return `'sha256-${sha256(text)}'`;
}

/** Refuses inline code that would end its own element early (the bundler escapes these in strings). */
function assertInlineable(text: string, tag: 'script' | 'style'): void {
  if (new RegExp(`</${tag}`, 'i').test(text)) throw new Error(`the ${tag} to inline contains "</${tag}"`);
}

/** Cases per JSON block: small enough that the parser yields (and the browser paints) between blocks. */
const CASES_PER_BLOCK = 500;

function caseBlocks(cases: readonly unknown[]): string[] {
  const blocks: string[] = [];
  for (let i = 0; i < cases.length || i === 0; i += CASES_PER_BLOCK) {
    blocks.push(`<script type="application/json" class="aispec-cases">${jsonForScript(cases.slice(i, i + CASES_PER_BLOCK))}</script>`);
  }
  return blocks;
}

export function resultsHtml(results: RunResults, options: HtmlReportOptions): string {
  const data: PanelData = {
    results,
    diff: options.diff ?? null,
    baselineRunId: options.baselineRunId ?? null,
    history: options.history ?? [],
  };
  const title = `aispec · ${results.spec?.title || results.spec?.id || 'results'} · ${results.summary?.verdict ?? ''}`.trim();
  // The run without its cases first, then the panel's script, then the cases: the script runs as soon as
  // the parser reaches it and draws the verdict, gates, rates and matrix from the summary while the
  // browser is still reading the cases (megabytes for a large run); the case table follows.
  return panelPage(title, { ...data, results: { ...results, cases: [] } }, caseBlocks(Array.isArray(results.cases) ? results.cases : []), options);
}

/**
 * The comparison page of a spec run on several targets (`aispec eval --html` on a spec with `targets:`): the
 * panel's Compare view, with every target's run inside (the disagreeing cases show each target's output,
 * and a target's full results open in the page itself).
 */
export function comparisonHtml(comparison: ComparisonResults, options: Pick<HtmlReportOptions, 'script' | 'css' | 'sha256'>): string {
  const first = Object.values(comparison.targets)[0];
  const recommended = comparison.comparison.recommended;
  const title = `aispec · ${first?.spec?.title || first?.spec?.id || 'comparison'} · ${recommended ? `recommended: ${recommended}` : 'no target recommended'}`;
  return panelPage(title, comparison, [], options);
}

/** The self-contained page: the panel's script and stylesheet inlined under a CSP allowing only those two. */
function panelPage(title: string, data: unknown, after: readonly string[], options: Pick<HtmlReportOptions, 'script' | 'css' | 'sha256'>): string {
  // The HTML parser turns CR LF into LF before the browser hashes an element's text: hash what it will see.
  const script = options.script.replace(/\r\n?/g, '\n');
  const css = options.css.replace(/\r\n?/g, '\n');
  assertInlineable(script, 'script');
  assertInlineable(css, 'style');
  const csp = [
    "default-src 'none'",
    `script-src ${cspHashSource(script, options.sha256)}`,
    `style-src ${cspHashSource(css, options.sha256)}`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return [
    ...htmlPageStart(csp),
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${css}</style>`,
    '</head>',
    '<body>',
    '<div id="aispec-root" aria-busy="true"><noscript>This report needs JavaScript to draw the results.</noscript></div>',
    `<script type="application/json" id="aispec-data">${jsonForScript(data)}</script>`,
    `<script>${script}</script>`,
    ...after,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * A saved run as one point of the pass-rate history (the panel's chart and baseline picker). Saved runs are
 * files anyone can edit or plant, so every field is checked for its type rather than trusted.
 */
export function historyPoint(r: RunResults): HistoryPoint {
  const s = typeof r.summary === 'object' && r.summary !== null ? r.summary : undefined;
  const passed = typeof s?.passed === 'number' ? s.passed : 0;
  const failed = typeof s?.failed === 'number' ? s.failed : 0;
  const target = typeof r.run?.target === 'object' && r.run.target !== null ? r.run.target : undefined;
  const provider = typeof target?.provider === 'string' ? target.provider : '';
  const model = typeof target?.model === 'string' ? target.model : '';
  return {
    runId: typeof r.run?.id === 'string' ? r.run.id : '',
    startedAt: typeof r.run?.started_at === 'string' ? r.run.started_at : '',
    passRate: typeof s?.pass_rate === 'number' ? s.pass_rate : null,
    ci95: Array.isArray(s?.pass_rate_ci95) ? s.pass_rate_ci95 : null,
    n: passed + failed,
    passed,
    failed,
    errors: typeof s?.errors === 'number' ? s.errors : 0,
    verdict: typeof s?.verdict === 'string' ? s.verdict : null,
    target: model ? `${provider} ${model}` : provider,
    subset: isSubsetRun(r),
  };
}

/** History points oldest first, one per run id, with the current run last if it is newer than all. */
export function historyOf(runs: readonly RunResults[], current: RunResults, limit = 50): HistoryPoint[] {
  const byId = new Map<string, HistoryPoint>();
  for (const r of [...runs, current]) {
    const p = historyPoint(r);
    if (p.runId) byId.set(p.runId, p);
  }
  return [...byId.values()].sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0)).slice(-limit);
}
