// The results panel in a real browser (headless Chromium), on the HTML reports the built CLI writes for the
// bundled examples (`aispec eval --html`): the verdict and the matrix render with the CLI's numbers, a
// matrix cell or a bar opens the case table filtered, the slice picker redraws the matrix with the slice's
// numbers, a reload restores the view, the keyboard reaches everything, 10,000 cases stay virtualized, and
// screenshots in light and dark land in test-results/webview/.
import assert from 'node:assert/strict';
import { classificationReport } from '../../src/core/metrics/index.js';
import type { CaseResult, RunResults } from '../../src/shared/results.js';
import { syntheticRun } from '../../bench/panel-synthetic.js';
import { launch, watchedPage, type Browser, type Watched } from './support/browser.js';
import { cliReport, ensureBuilt, screenshotPath, tempDir, writeReport } from './support/reports.js';

type Page = Watched['page'];

async function open(browser: Browser, file: string, scheme: 'light' | 'dark' = 'light'): Promise<Watched> {
  const w = await watchedPage(browser);
  await w.page.emulateMedia({ colorScheme: scheme });
  await w.page.goto(`file://${file}`);
  // The first view (verdict, gates, matrix) comes from the summary; the case table once the cases are read.
  await w.page.waitForFunction(() => performance.getEntriesByName('aispec:first-render').length > 0);
  await w.page.waitForFunction(() => performance.getEntriesByName('aispec:interactive').length > 0);
  return w;
}

/** The matrix as drawn: counts by [row][col] (the last column is unparsed). */
async function drawnMatrix(page: Page): Promise<number[][]> {
  return page.$$eval('[data-testid=matrix] .cell-btn', (buttons) => {
    const m: number[][] = [];
    for (const b of buttons as HTMLElement[]) {
      const r = Number(b.dataset.row);
      const c = Number(b.dataset.col);
      (m[r] ??= [])[c] = Number(b.querySelector('.count')!.textContent!.replace(/,/g, ''));
    }
    return m;
  });
}

function expectedMatrix(cases: CaseResult[], labels: string[]): number[][] {
  const graded = cases.filter((c) => c.status !== 'error' && c.expected !== undefined && labels.includes(c.expected));
  const report = classificationReport(graded.map((c) => c.expected!), graded.map((c) => c.predicted ?? null), labels);
  return report.matrix.map((row, i) => [...row, report.unparsed[i]!]);
}

const caseCount = (page: Page) => page.locator('[data-testid=case-count]').textContent();
const visibleIds = (page: Page) => page.$$eval('[data-testid=case-rows] tr.row', (rows) => rows.map((r) => (r as HTMLElement).dataset.id!));

async function assertClean(w: Watched): Promise<void> {
  assert.deepEqual(w.dialogs, [], 'no dialog opened');
  assert.deepEqual(w.errors, [], 'no page error or console error');
  assert.deepEqual(await w.page.evaluate(() => (window as unknown as { __violations: string[] }).__violations), [], 'no CSP violation');
  assert.ok(w.requests.every((u) => u.startsWith('file://')), `no network request: ${w.requests.filter((u) => !u.startsWith('file://')).join(', ')}`);
  const overflow = await w.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page overflows horizontally by ${overflow}px`);
}

describe('results panel in Chromium: the CLI HTML report', function () {
  this.timeout(120_000);
  let browser: Browser;
  let dir: string;
  const reports: Partial<Record<'triage' | 'health', { html: string; results: RunResults }>> = {};

  before(async () => {
    ensureBuilt();
    dir = tempDir();
    reports.triage = cliReport('triage', dir);
    reports.health = cliReport('health', dir);
    browser = await launch();
  });
  after(async () => browser?.close());

  it('renders the verdict first, every gate, and the matrix with the CLI’s numbers (support-triage)', async () => {
    const { html, results } = reports.triage!;
    const w = await open(browser, html);
    const { page } = w;
    const first = await page.$eval('main.aispec > section', (s) => s.id);
    assert.equal(first, 'verdict', 'the verdict is the first section');
    assert.equal((await page.locator('.verdict-banner').textContent())?.trim(), '✗FAIL: 1 of 5 gates failed: recall.abuse');
    const rows = await page.$$eval('table.gates tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent!.trim())));
    assert.equal(rows.length, results.summary.gates.length);
    const abuse = rows.find((r) => r[1] === 'recall.abuse')!;
    assert.deepEqual(abuse.slice(0, 6), ['✗ fail', 'recall.abuse', '≥ 0.800', '0.600', '0.387–0.781', 'n=20']);
    assert.equal(abuse[6], 'recall for abuse is 0.6 (n=20), below 0.8');
    assert.ok(rows.filter((r) => r[0] === '✓ pass').length === 3);
    // 0.879 (95% CI 0.831–0.914) against 0.85: passed, but the sample does not decide it.
    const passRate = rows.find((r) => r[1] === 'pass_rate')!;
    assert.deepEqual(passRate.slice(0, 6), ['? not decided', 'pass_rate', '≥ 0.850', '0.879', '0.831–0.914', 'n=239']);
    assert.ok(passRate[6]!.endsWith('? not decided by this sample (95% CI 0.831–0.914 straddles 0.85)'), passRate[6]);
    assert.equal(await page.locator('[data-testid=undecided-gates]').textContent(), '? 1 gate not decided by this sample (the 95% interval straddles the target): pass_rate');
    assert.deepEqual(await drawnMatrix(page), results.classification!.matrix.map((row, i) => [...row, results.classification!.unparsed[i]!]));
    const summary = await page.locator('[data-testid=class-summary]').textContent();
    assert.equal(summary, 'accuracy 0.879 · macro F1 0.863 · weighted F1 0.887 · kappa 0.839 · n=239');
    assert.equal(await caseCount(page), '239 cases');
    const rendered = await page.$$eval('[data-testid=case-rows] tr.row', (r) => r.length);
    assert.ok(rendered > 10 && rendered < 80, `virtualized: ${rendered} rows drawn`);
    await page.screenshot({ path: screenshotPath('triage-light'), fullPage: true });
    await assertClean(w);
    await page.close();
  });

  it('a matrix-cell click opens the case table filtered to exactly that cell', async () => {
    const { html, results } = reports.triage!;
    const w = await open(browser, html);
    const { page } = w;
    const labels = results.classification!.labels;
    const [i, j] = [labels.indexOf('abuse'), labels.indexOf('account')];
    await page.click(`.cell-btn[data-row="${i}"][data-col="${j}"]`);
    const n = results.classification!.matrix[i]![j]!;
    assert.equal(await caseCount(page), `${n} of 239 cases`);
    const ids = await visibleIds(page);
    const expected = results.cases.filter((c) => c.status !== 'error' && c.expected === 'abuse' && c.predicted === 'account').map((c) => c.id);
    assert.deepEqual([...ids].sort(), [...expected].sort());
    assert.equal(await page.locator('[data-testid=chip]').first().textContent(), 'expected abuse → predicted account×');
    // The table took focus: the first filtered row, so the keyboard continues from the drill-down.
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.id), ids[0]);
    // The unparsed column, by keyboard: Tab into the matrix, arrows to the cell, Enter.
    await page.focus('.cell-btn[data-row="0"][data-col="0"]');
    for (let k = 0; k < i; k++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    assert.equal(await caseCount(page), `${results.classification!.unparsed[i]} of 239 cases`);
    assert.match((await page.locator('[data-testid=chip]').first().textContent())!, /expected abuse → predicted no label \(unparsed\)/);
    // A bar drills too: tag "edge".
    await page.getByRole('button', { name: /^tag edge:/ }).click();
    const edge = results.by_tag.edge!;
    assert.equal(await caseCount(page), `${edge.n + edge.errors} of 239 cases`);
    await assertClean(w);
    await page.close();
  });

  it('the slice picker redraws the matrix and metrics with the slice’s numbers', async () => {
    const { html, results } = reports.triage!;
    const w = await open(browser, html);
    const { page } = w;
    const labels = results.classification!.labels;
    const fields = await page.$$eval('[data-testid=slice-field] option', (o) => o.map((x) => (x as HTMLOptionElement).value));
    assert.ok(fields.includes('tag') && fields.includes('meta.channel') && fields.includes('meta.plan'), fields.join());
    for (const [field, value] of [['meta.channel', 'email'], ['tag', 'adversarial'], ['meta.plan', 'free']] as const) {
      await page.selectOption('[data-testid=slice-field]', field);
      await page.selectOption('[data-testid=slice-value]', value);
      const cases = results.cases.filter((c) => (field === 'tag' ? c.tags.includes(value) : (c.meta as Record<string, unknown>)[field.slice(5)] === value));
      assert.deepEqual(await drawnMatrix(page), expectedMatrix(cases, labels), `${field}=${value}`);
      assert.match((await page.locator('[data-testid=slice-note]').textContent())!, new RegExp(`^Slice ${field} = ${value}: ${cases.length} cases`));
      // The table follows the slice.
      assert.equal(await caseCount(page), `${cases.length} of 239 cases`);
    }
    await page.screenshot({ path: screenshotPath('triage-slice-light'), fullPage: false });
    await page.selectOption('[data-testid=slice-field]', '');
    assert.deepEqual(await drawnMatrix(page), expectedMatrix(results.cases, labels));
    await assertClean(w);
    await page.close();
  });

  it('a reload restores the slice, the filters, the sort and the expanded case', async () => {
    const { html } = reports.triage!;
    const w = await open(browser, html);
    const { page } = w;
    await page.selectOption('[data-testid=slice-field]', 'meta.channel');
    await page.selectOption('[data-testid=slice-value]', 'web');
    await page.locator('.seg[data-status="not-pass"]').click();
    await page.getByRole('button', { name: /^sort by latency/ }).click();
    await page.fill('[data-testid=search]', 'tkt');
    await page.waitForFunction(() => document.querySelector('[data-testid=case-count]')!.textContent!.includes(' of '));
    await page.waitForTimeout(200); // the search debounce
    const before = { count: await caseCount(page), ids: await visibleIds(page) };
    await page.locator('[data-testid=case-rows] tr.row').nth(1).click();
    const expandedId = before.ids[1];
    assert.equal(await page.locator('[data-testid=case-detail]').count(), 1);
    await page.waitForTimeout(300); // the state save debounce
    await page.reload();
    await page.waitForFunction(() => performance.getEntriesByName('aispec:interactive').length > 0);
    assert.equal(await page.inputValue('[data-testid=slice-field]'), 'meta.channel');
    assert.equal(await page.inputValue('[data-testid=slice-value]'), 'web');
    assert.equal(await page.inputValue('[data-testid=search]'), 'tkt');
    assert.equal(await page.getAttribute('.seg[data-status="not-pass"]', 'aria-pressed'), 'true');
    assert.equal(await page.getAttribute('th:has(button[aria-label^="sort by latency"])', 'aria-sort'), 'descending');
    assert.equal(await caseCount(page), before.count);
    assert.deepEqual(await visibleIds(page), before.ids);
    assert.equal(await page.getAttribute('[data-testid=case-detail]', 'aria-label'), `case ${expandedId}`);
    await assertClean(w);
    await page.close();
  });

  it('is keyboard reachable: rows move with arrows, open with Enter and Space; status shown in words', async () => {
    const { html } = reports.health!;
    const w = await open(browser, html);
    const { page } = w;
    await page.focus('[data-testid=search]');
    // Tab from the search box through the status buttons and the sort buttons of the header to the rows.
    for (let k = 0; k < 25 && !(await page.evaluate(() => document.activeElement?.matches('tr.row'))); k++) await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => document.activeElement?.matches('tr.row')), 'Tab reaches the table rows');
    const firstId = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.id);
    await page.keyboard.press('ArrowDown');
    const second = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.id);
    assert.notEqual(second, firstId);
    await page.keyboard.press('Enter');
    assert.equal(await page.getAttribute(`tr.row[data-id="${second}"]`, 'aria-expanded'), 'true');
    const detail = await page.locator('[data-testid=case-detail]').textContent();
    assert.match(detail!, /Why: /);
    assert.match(detail!, /(✓ pass|✗ fail)/);
    await page.keyboard.press(' ');
    assert.equal(await page.locator('[data-testid=case-detail]').count(), 0, 'Space closes it');
    await page.keyboard.press('End');
    const lastId = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.id);
    assert.equal(await page.evaluate(() => document.activeElement!.getAttribute('aria-rowindex')), String(154 + 1));
    assert.ok(lastId);
    // Every interactive control has an accessible name.
    const unnamed = await page.$$eval('button, select, input', (els) => els.filter((e) => !(e.getAttribute('aria-label') || e.textContent?.trim() || (e as HTMLInputElement).labels?.length)).map((e) => e.outerHTML.slice(0, 80)));
    assert.deepEqual(unnamed, []);
    await assertClean(w);
    await page.close();
  });

  it('shows the threshold trade-off, latency and cost for the health example; screenshots light and dark', async () => {
    const { html, results } = reports.health!;
    for (const scheme of ['light', 'dark'] as const) {
      const w = await open(browser, html, scheme);
      const { page } = w;
      assert.equal((await page.locator('.verdict-banner').textContent())?.trim(), '✓PASS: all 7 gates passed');
      assert.match((await page.locator('[data-testid=class-summary]').textContent())!, /ROC AUC 0\.956 \(positive: refuse\)/);
      assert.equal(await page.locator('.thresholds svg.chart path.line').count(), 2, 'precision and recall lines');
      assert.match((await page.locator('#performance').textContent())!, /p95 1,696 ms/);
      assert.match((await page.locator('#performance').textContent())!, /\$4\.44 at 40,000 requests a day/);
      assert.equal(await page.locator('#rates .bar-row').count(), Object.keys(results.by_tag).length + Object.keys(results.by_criterion).length + Object.keys(results.anti_patterns).length);
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(bg, scheme === 'light' ? 'rgb(255, 255, 255)' : 'rgb(13, 17, 23)', 'the standalone palette follows prefers-color-scheme');
      await page.screenshot({ path: screenshotPath(`health-${scheme}`), fullPage: true });
      if (scheme === 'dark') {
        await open(browser, reports.triage!.html, 'dark').then(async (t) => {
          await t.page.screenshot({ path: screenshotPath('triage-dark'), fullPage: true });
          await t.page.close();
        });
      }
      await assertClean(w);
      await page.close();
    }
  });

  it('keeps 10,000 cases virtualized: a few dozen rows in the DOM, the last case reachable by scrolling', async () => {
    const run = syntheticRun(10_000, 20);
    const file = writeReport(run, dir, 'synthetic');
    const w = await open(browser, file);
    const { page } = w;
    assert.equal(await caseCount(page), '10,000 cases');
    // Drawn in two passes: the summary while the cases were still being parsed, then everything.
    const marks = await page.evaluate(() => ({
      first: performance.getEntriesByName('aispec:first-render')[0]!.startTime,
      interactive: performance.getEntriesByName('aispec:interactive')[0]!.startTime,
      summaryPass: performance.getEntriesByName('aispec:render-summary').length,
    }));
    assert.equal(marks.summaryPass, 1);
    assert.ok(marks.first < marks.interactive);
    const drawn = () => page.$$eval('[data-testid=case-rows] tr.row', (r) => r.length);
    assert.ok((await drawn()) < 80, `${await drawn()} rows drawn`);
    assert.equal(await page.locator('[data-testid=matrix] .cell-btn').count(), 20 * 21);
    await page.selectOption('[data-testid=slice-field]', '');
    await page.locator('.seg[data-status="all"]').click();
    await page.getByRole('button', { name: /^sort by case/ }).click();
    await page.$eval('[data-testid=case-scroller]', (s) => (s.scrollTop = s.scrollHeight));
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=case-rows] tr.row')].some((r) => (r as HTMLElement).dataset.id === 'case-10000'));
    assert.ok((await drawn()) < 80);
    const height = await page.$eval('[data-testid=case-scroller]', (s) => s.scrollHeight);
    assert.ok(height > 10_000 * 25, `the scroll area holds every row (${height}px)`);
    await assertClean(w);
    await page.close();
  });
});
