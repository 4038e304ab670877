// The VS Code panel page itself (the extension's panelHtml: nonce, CSP with the webview origin, boot data)
// in Chromium, with acquireVsCodeApi emulated the way VS Code provides it: the webview says 'ready' before
// anything is posted to it and draws nothing until 'show'; it ignores malformed messages; a reload restores
// filters, slice and expanded case from getState; the serializer's boot state is used when getState is
// empty; a case click posts 'reveal' with the case id; the baseline picker posts 'setBaseline'. Screenshots
// with VS Code's dark theme variables set on the page, as VS Code sets them.
import assert from 'node:assert/strict';
import { defaultViewState, showMessages, type HostMessage, type PanelData, type PersistedState, type WebviewMessage } from '../../src/shared/messages.js';
import { syntheticRun } from '../../bench/panel-synthetic.js';
import type { RunResults } from '../../src/shared/results.js';
import { diffRuns } from '../../src/core/diff/diff-runs.js';
import { historyOf } from '../../src/core/report/results-html.js';
import { launch, watchedPage, type Browser, type Watched } from './support/browser.js';
import { cliReport, ensureBuilt, screenshotPath, startHarness, tempDir, type Harness } from './support/reports.js';

type Page = Watched['page'];

const posted = (page: Page) => page.evaluate(() => (window as unknown as { __posted: WebviewMessage[] }).__posted);
const send = (page: Page, message: HostMessage | unknown) => page.evaluate((m) => window.postMessage(m, '*'), message as never);
const storedState = (page: Page) => page.evaluate(() => JSON.parse(sessionStorage.getItem('aispec-test-vscode-state') ?? 'null') as PersistedState | null);

/** VS Code's Dark Modern colours, set on <html> as VS Code does (style properties, not a stylesheet). */
const DARK_THEME: Record<string, string> = {
  '--vscode-editor-background': '#1f1f1f',
  '--vscode-foreground': '#cccccc',
  '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-panel-border': '#2b2b2b',
  '--vscode-editorWidget-background': '#202020',
  '--vscode-list-hoverBackground': '#2a2d2e',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-green': '#89d185',
  '--vscode-charts-red': '#f14c4c',
  '--vscode-charts-yellow': '#cca700',
  '--vscode-charts-orange': '#d18616',
  '--vscode-charts-purple': '#b180d7',
  '--vscode-focusBorder': '#0078d4',
  '--vscode-textLink-foreground': '#4daafc',
  '--vscode-input-background': '#313131',
  '--vscode-input-foreground': '#cccccc',
  '--vscode-input-border': '#3c3c3c',
  '--vscode-button-foreground': '#ffffff',
  '--vscode-font-family': 'system-ui, sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-editor-font-family': 'monospace',
  '--vscode-list-activeSelectionBackground': '#04395e',
};

describe('results panel in Chromium: the VS Code webview page and its message protocol', function () {
  this.timeout(120_000);
  let browser: Browser;
  let harness: Harness;
  let data: PanelData;
  let results: RunResults;
  const source = { specFile: '/work/specs/support-triage.aispec.md', specId: 'support-triage' };

  before(async () => {
    ensureBuilt();
    const dir = tempDir();
    results = cliReport('triage', dir).results;
    // A baseline: the same run with three cases flipped, one run earlier.
    const base = structuredClone(results);
    base.run.id = 'baseline-run';
    base.run.started_at = '2026-01-01T00:00:00.000Z';
    for (const c of base.cases.slice(0, 3)) c.status = c.status === 'pass' ? 'fail' : 'pass';
    data = { results, diff: diffRuns(base, results), baselineRunId: 'baseline-run', history: historyOf([base], results) };
    harness = await startHarness();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await harness?.close();
  });

  async function openPanel(theme?: Record<string, string>): Promise<Watched> {
    const w = await watchedPage(browser);
    if (theme) {
      await w.page.addInitScript((vars) => {
        document.addEventListener('DOMContentLoaded', () => {
          for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
          document.body.classList.add('vscode-dark');
        });
      }, theme);
    }
    await w.page.goto(`${harness.origin}/panel.html`);
    await w.page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
    return w;
  }

  async function assertClean(w: Watched): Promise<void> {
    assert.deepEqual(w.dialogs, []);
    assert.deepEqual(w.errors, []);
    assert.deepEqual(await w.page.evaluate(() => (window as unknown as { __violations: string[] }).__violations), [], 'no CSP violation');
    const paths = w.requests.filter((u) => !u.endsWith('/favicon.ico'));
    assert.ok(paths.every((u) => u.startsWith(harness.origin)), 'only the panel page and its two resources');
    assert.deepEqual(new Set(paths.map((u) => new URL(u).pathname)), new Set(['/panel.html', '/dist/webview.js', '/media/results.css']));
  }

  it('says ready first, draws nothing until shown, then renders and reports the first view', async () => {
    harness.setBoot({ protocol: 1, title: 'Support triage', state: null, interactive: true });
    const w = await openPanel();
    const { page } = w;
    assert.deepEqual(await posted(page), [{ type: 'ready', protocol: 1 }]);
    assert.equal(await page.locator('#verdict').count(), 0, 'no results before show');
    assert.match((await page.locator('#aispec-root').textContent())!, /Support triage.*Loading the run/);
    // Malformed and foreign messages are ignored.
    await send(page, { type: 'show' });
    await send(page, 'show');
    await send(page, { type: 'show', data: null });
    await send(page, { type: 'reveal', caseId: 'x' });
    // Messages are delivered in order: once this one is drawn, the malformed ones before it were handled.
    await send(page, { type: 'empty', title: 'Support triage', message: 'sentinel' });
    await page.waitForFunction(() => document.getElementById('aispec-root')!.textContent!.includes('sentinel'));
    assert.equal(await page.locator('#verdict').count(), 0);
    await send(page, { type: 'show', data, source });
    await page.locator('#verdict').waitFor();
    assert.match((await page.locator('.verdict-banner').textContent())!, /FAIL: 1 of 5 gates failed/);
    const messages = await posted(page);
    assert.equal(messages[0]!.type, 'ready');
    assert.equal(messages.filter((m) => m.type === 'rendered').length, 1);
    // The comparison: McNemar and the flipped cases, with the baseline picker.
    const comparison = (await page.locator('#comparison').textContent())!;
    assert.match(comparison, /exact McNemar p \(two-sided\)/);
    assert.match(comparison, /newly failing|newly passing/);
    await page.locator('#comparison button', { hasText: 'all changed' }).click();
    assert.equal(await page.locator('[data-testid=case-count]').textContent(), '3 of 239 cases');
    // An 'empty' message replaces the view.
    await send(page, { type: 'empty', title: 'Support triage', message: 'This spec has no run yet.' });
    await page.waitForFunction(() => !document.getElementById('verdict'));
    assert.match((await page.locator('#aispec-root').textContent())!, /no run yet/);
    await assertClean(w);
    await page.close();
  });

  it('posts reveal with the case id (never a path) from the location cell and the expanded case', async () => {
    harness.setBoot({ protocol: 1, title: 'Support triage', state: null, interactive: true });
    const w = await openPanel();
    const { page } = w;
    await send(page, { type: 'show', data, source });
    await page.locator('#verdict').waitFor();
    const row = page.locator('[data-testid=case-rows] tr.row[data-pos="0"]');
    const id = await row.getAttribute('data-id');
    await row.locator('button.loc').click();
    await row.click();
    await page.locator('[data-testid=reveal]').click();
    const reveals = (await posted(page)).filter((m) => m.type === 'reveal');
    assert.deepEqual(reveals, [{ type: 'reveal', caseId: id }, { type: 'reveal', caseId: id }]);
    // The baseline picker asks the host for another comparison.
    await page.selectOption('#comparison select', '');
    assert.deepEqual((await posted(page)).filter((m) => m.type === 'setBaseline'), [{ type: 'setBaseline', runId: null }]);
    await assertClean(w);
    await page.close();
  });

  it('a reload restores the view from getState, and the host re-sends on the new ready', async () => {
    harness.setBoot({ protocol: 1, title: 'Support triage', state: null, interactive: true });
    const w = await openPanel();
    const { page } = w;
    await send(page, { type: 'show', data, source });
    await page.locator('#verdict').waitFor();
    await page.selectOption('[data-testid=slice-field]', 'tag');
    await page.selectOption('[data-testid=slice-value]', 'edge');
    const labels = results.classification!.labels;
    await page.click(`.cell-btn[data-row="${labels.indexOf('billing')}"][data-col="${labels.indexOf('bug')}"]`);
    const count = await page.locator('[data-testid=case-count]').textContent();
    const firstRow = page.locator('[data-testid=case-rows] tr.row[data-pos="0"]');
    const expanded = await firstRow.getAttribute('data-id');
    await firstRow.click();
    await page.waitForFunction(() => sessionStorage.getItem('aispec-test-vscode-state')?.includes('"expanded":"'));
    const saved = (await storedState(page))!;
    assert.deepEqual(saved.source, source, 'the state names the spec, for the serializer');
    assert.deepEqual(saved.view.slice, { field: 'tag', value: 'edge' });

    await page.reload();
    await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
    assert.deepEqual(await posted(page), [{ type: 'ready', protocol: 1 }], 'a fresh handshake after the reload');
    await send(page, { type: 'show', data, source });
    await page.locator('#verdict').waitFor();
    assert.equal(await page.inputValue('[data-testid=slice-field]'), 'tag');
    assert.equal(await page.inputValue('[data-testid=slice-value]'), 'edge');
    assert.equal(await page.locator('[data-testid=case-count]').textContent(), count);
    assert.match((await page.locator('[data-testid=chip]').first().textContent())!, /expected billing → predicted bug/);
    assert.equal(await page.getAttribute('[data-testid=case-detail]', 'aria-label'), `case ${expanded}`);
    await assertClean(w);
    await page.close();
  });

  it('restores the serializer’s boot state when the webview has none of its own', async () => {
    const view = defaultViewState();
    view.slice = { field: 'meta.channel', value: 'email' };
    view.filter.status = 'not-pass';
    harness.setBoot({ protocol: 1, title: 'Support triage', state: { v: 1, view, source }, interactive: true });
    const w = await openPanel();
    const { page } = w;
    await send(page, { type: 'show', data, source: null });
    await page.locator('#verdict').waitFor();
    assert.equal(await page.inputValue('[data-testid=slice-value]'), 'email');
    assert.equal(await page.getAttribute('.seg[data-status="not-pass"]', 'aria-pressed'), 'true');
    await page.waitForFunction(() => sessionStorage.getItem('aispec-test-vscode-state') !== null);
    assert.deepEqual((await storedState(page))!.source, source, 'the boot state’s source is kept when show names none');
    await assertClean(w);
    await page.close();
  });

  it('draws a large run’s summary first, then its cases as their chunks arrive (stale chunks ignored)', async () => {
    harness.setBoot({ protocol: 1, title: 'Synthetic', state: null, interactive: true });
    const w = await openPanel();
    const { page } = w;
    const big = syntheticRun(5000, 12);
    const messages = showMessages({ results: big, diff: null, baselineRunId: null, history: [] }, source);
    assert.ok(messages.length > 2 && messages[0]!.type === 'show' && messages[0]!.pendingCases === 5000);
    await send(page, messages[0]);
    await page.locator('#verdict').waitFor();
    assert.match((await page.locator('#cases').textContent())!, /Reading 5,000 cases/);
    assert.equal(await page.locator('[data-testid=matrix] .cell-btn').count(), 12 * 13, 'the matrix comes from the summary');
    // A chunk of another run is dropped.
    await send(page, { type: 'cases', runId: 'some-other-run', cases: big.cases.slice(0, 10), done: true });
    for (const m of messages.slice(1)) await send(page, m);
    await page.locator('[data-testid=case-count]', { hasText: '5,000 cases' }).waitFor();
    assert.equal(await page.evaluate(() => performance.getEntriesByName('aispec:first-render').length), 1);
    await assertClean(w);
    await page.close();
  });

  it('takes its colours from the VS Code theme variables (screenshots: dark theme, a drill-down open)', async () => {
    harness.setBoot({ protocol: 1, title: 'Support triage', state: null, interactive: true });
    const w = await openPanel(DARK_THEME);
    const { page } = w;
    await send(page, { type: 'show', data, source });
    await page.locator('#verdict').waitFor();
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(31, 31, 31)');
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.verdict-banner')!).color), 'rgb(241, 76, 76)');
    await page.screenshot({ path: screenshotPath('panel-vscode-dark'), fullPage: true });
    const labels = results.classification!.labels;
    await page.click(`.cell-btn[data-row="${labels.indexOf('abuse')}"][data-col="${labels.indexOf('billing')}"]`);
    await page.locator('[data-testid=case-rows] tr.row[data-pos="0"]').click();
    await page.locator('#cases').screenshot({ path: screenshotPath('panel-vscode-dark-case') });
    await assertClean(w);
    await page.close();
  });
});
