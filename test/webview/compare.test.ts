// The Compare view of a spec with several targets in a real browser (headless Chromium): the HTML
// comparison page the built CLI writes for the bundled three-target example (`aispec eval --html`), and the
// VS Code panel page receiving a 'compare' message. Checked against the comparison JSON the same run wrote
// and against values computed here independently: each point's place (cheaper is further left, better is
// higher), the Pareto front, the gate line, the gates-by-target table, the disagreeing cases; a target of
// unknown cost drawn apart; a point reached and opened by keyboard showing that target's full results and
// the way back; hostile outputs inert in the side-by-side view. Screenshots, light and dark, land in
// test-results/webview/.
import assert from 'node:assert/strict';
import type { ComparisonResults } from '../../src/shared/comparison.js';
import type { HostMessage, WebviewMessage } from '../../src/shared/messages.js';
import { HOSTILE, hostileRun } from './support/hostile.js';
import { assertCleanPage, launch, watchedPage, type Browser, type Watched } from './support/browser.js';
import { cliComparison, ensureBuilt, screenshotPath, startHarness, tempDir, writeComparisonReport, type Harness } from './support/reports.js';

type Page = Watched['page'];

async function openReport(browser: Browser, file: string, scheme: 'light' | 'dark' = 'light'): Promise<Watched> {
  const w = await watchedPage(browser);
  await w.page.emulateMedia({ colorScheme: scheme });
  await w.page.goto(`file://${file}`);
  await w.page.waitForFunction(() => performance.getEntriesByName('aispec:interactive').length > 0);
  return w;
}


/** Each drawn point: its target, centre, and classes. */
async function drawnPoints(page: Page): Promise<Array<{ target: string; x: number; y: number; classes: string }>> {
  return page.$$eval('[data-testid=quality-cost] g.target-point', (gs) =>
    gs.map((g) => {
      const c = g.querySelector('circle.pt')!;
      return { target: (g as SVGGElement).dataset.target!, x: Number(c.getAttribute('cx')), y: Number(c.getAttribute('cy')), classes: g.getAttribute('class')! };
    }),
  );
}

/** Case ids whose status differs between targets, computed here from the JSON. */
function disagreeingIds(data: ComparisonResults): string[] {
  const names = data.comparison.targets.map((t) => t.name);
  const statuses = names.map((n) => new Map(data.targets[n]!.cases.map((c) => [c.id, c.status])));
  return [...statuses[0]!.keys()].filter((id) => new Set(statuses.map((m) => m.get(id))).size > 1);
}

describe('results panel in Chromium: the Compare view of several targets', function () {
  this.timeout(120_000);
  let browser: Browser;
  let dir: string;
  let report: { html: string; comparison: ComparisonResults };

  before(async () => {
    ensureBuilt();
    dir = tempDir();
    report = cliComparison(dir);
    browser = await launch();
  });
  after(async () => browser?.close());

  it('draws every target by cost and quality, the gate, the front and the recommendation, as the CLI computed them', async () => {
    const { html, comparison } = report;
    const w = await openReport(browser, html);
    const { page } = w;
    assert.equal(await page.getAttribute('main.aispec', 'data-view'), 'compare');
    assert.equal(comparison.comparison.recommended, 'gpt-4o-mini-fewshot');
    assert.equal(await page.locator('[data-testid=recommendation]').textContent(), '★Recommended: gpt-4o-mini-fewshot');
    assert.equal(await page.locator('[data-testid=recommendation-reason]').textContent(), comparison.comparison.recommended_reason);

    const points = await drawnPoints(page);
    const targets = comparison.comparison.targets;
    assert.deepEqual(points.map((p) => p.target), targets.map((t) => t.name));
    // Cheaper is further left, a higher pass rate is higher up (smaller y), for every pair of targets.
    for (const a of targets) {
      for (const b of targets) {
        const [pa, pb] = [points.find((p) => p.target === a.name)!, points.find((p) => p.target === b.name)!];
        if (a.cost_per_case_usd! < b.cost_per_case_usd!) assert.ok(pa.x < pb.x, `${a.name} left of ${b.name}`);
        if (a.pass_rate! > b.pass_rate!) assert.ok(pa.y < pb.y, `${a.name} above ${b.name}`);
      }
    }
    // Log scale: equal cost ratios are equal distances. The distance per decade, from two points.
    const [mini, big] = [points.find((p) => p.target === 'gpt-4o-mini')!, points.find((p) => p.target === 'gpt-4o')!];
    const perDecade = (big.x - mini.x) / Math.log10(targets[1]!.cost_per_case_usd! / targets[0]!.cost_per_case_usd!);
    const fewshot = points.find((p) => p.target === 'gpt-4o-mini-fewshot')!;
    const expectedX = mini.x + perDecade * Math.log10(targets[2]!.cost_per_case_usd! / targets[0]!.cost_per_case_usd!);
    assert.ok(Math.abs(fewshot.x - expectedX) < 0.5, `log position ${fewshot.x} against ${expectedX}`);
    // Each target is cheaper-and-worse or dearer-and-better than the others: all three are on the front.
    for (const p of points) assert.ok(p.classes.split(' ').includes('front'), p.target);
    assert.ok(fewshot.classes.split(' ').includes('recommended'));
    assert.equal(await page.locator('[data-testid=quality-cost] path.pareto-line').count(), 1);
    // The pass_rate gate (0.85) as one labelled line; whiskers: three per point.
    assert.deepEqual(await page.$$eval('[data-testid=quality-cost] text.ref-label', (t) => t.map((x) => x.textContent)), ['pass_rate gate ≥ 0.850']);
    assert.equal(await page.locator('[data-testid=quality-cost] g.target-point line.whisker').count(), 9);

    // Every point again in a table.
    const rows = await page.$$eval('[data-testid=targets-table] tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent!.trim())));
    assert.deepEqual(rows.map((r) => r.slice(1, 5)), [
      ['✗ FAIL', '0.879', '0.831–0.914', '$0.000108'],
      ['✓ PASS', '0.946', '0.909–0.968', '$0.00179'],
      ['✓ PASS', '0.916', '0.874–0.945', '$0.000171'],
    ]);
    // The gates by target: rows are the run's gates; gpt-4o-mini fails recall.abuse only.
    const gateRows = await page.$$eval('[data-testid=gates-by-target] tbody tr', (trs) => trs.map((tr) => [tr.querySelector('th')!.textContent!, ...[...tr.querySelectorAll('td.gate-cell')].map((td) => (td as HTMLElement).dataset.state!)]));
    assert.deepEqual(gateRows.map((r) => r[0]), comparison.targets['gpt-4o-mini']!.summary.gates.map((g) => g.name));
    for (const [name, ...states] of gateRows) {
      targets.forEach((t, i) => {
        const gate = comparison.targets[t.name]!.summary.gates.find((g) => g.name === name)!;
        assert.equal(states[i], !gate.passed ? 'fail' : gate.decided === false ? 'undecided' : 'pass', `${name} on ${t.name}`);
      });
    }
    assert.equal(gateRows.find((r) => r[0] === 'recall.abuse')![1], 'fail');

    // The disagreeing cases, counted independently, the first page of them with each target's output.
    const ids = disagreeingIds(comparison);
    assert.ok(ids.length > 10, `${ids.length} disagreeing cases: more than one page`);
    assert.equal(await page.locator('[data-testid=disagreement-count]').textContent(), `${ids.length} cases where the targets’ statuses differ, with each target’s output side by side.`);
    const shown = await page.$$eval('[data-testid=disagreements] li.disagreement', (lis) => lis.map((li) => (li as HTMLElement).dataset.id!));
    assert.deepEqual(shown, ids.slice(0, 10));
    const first = comparison.targets['gpt-4o']!.cases.find((c) => c.id === ids[0])!;
    const sides = page.locator('[data-testid=disagreements] li.disagreement').first().locator('.side');
    assert.equal(await sides.count(), 3);
    assert.equal(await sides.nth(1).locator('.output').textContent(), first.output);
    await page.locator('[data-testid=page-next]').click();
    assert.equal(await page.locator('[data-testid=page-position]').textContent(), `Cases 11–${Math.min(20, ids.length)} of ${ids.length}`);
    assert.deepEqual(await page.$$eval('[data-testid=disagreements] li.disagreement', (lis) => lis.map((li) => (li as HTMLElement).dataset.id!)), ids.slice(10, 20));
    await page.locator('[data-testid=page-previous]').click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath('compare-light'), fullPage: true });
    await assertCleanPage(w);
    await page.close();
  });

  it('a point reached by keyboard opens that target’s full results, and the way back returns to the comparison (dark)', async () => {
    const { html, comparison } = report;
    const w = await openReport(browser, html, 'dark');
    const { page } = w;
    await page.screenshot({ path: screenshotPath('compare-dark'), fullPage: true });
    // Tab from the top of the page to the first point, then on to the second.
    await page.locator('[data-testid=recommendation]').click();
    for (let k = 0; k < 10 && !(await page.evaluate(() => document.activeElement?.matches('g.target-point'))); k++) await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => (document.activeElement as SVGGElement).dataset.target), 'gpt-4o-mini');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => (document.activeElement as SVGGElement).dataset.target), 'gpt-4o');
    assert.match((await page.evaluate(() => document.activeElement!.getAttribute('aria-label')))!, /^gpt-4o: pass rate 0\.946 \(95% CI 0\.909–0\.968\), cost per case \$0\.00179, PASS, on the Pareto front\. Open its results\.$/);
    await page.keyboard.press('Enter');
    await page.locator('#verdict').waitFor();
    assert.match((await page.locator('[data-testid=target-bar]').textContent())!, /Target gpt-4o of gpt-4o-mini, gpt-4o, gpt-4o-mini-fewshot/);
    assert.equal((await page.locator('.verdict-banner').textContent())?.trim(), `✓PASS: all ${comparison.targets['gpt-4o']!.summary.gates.length} gates passed`);
    assert.equal(await page.locator('[data-testid=case-count]').textContent(), '239 cases');
    await page.screenshot({ path: screenshotPath('compare-target-dark'), fullPage: false });
    await page.locator('[data-testid=back-to-comparison]').click();
    await page.locator('[data-testid=quality-cost]').waitFor();
    // The table's button opens a target too.
    await page.getByRole('button', { name: 'Open the results of gpt-4o-mini' }).first().click();
    assert.match((await page.locator('.verdict-banner').textContent())!, /FAIL/);
    await assertCleanPage(w);
    await page.close();
  });

  it('draws a target of unknown cost apart, off the front, and keeps hostile outputs inert side by side', async () => {
    const data = structuredClone(report.comparison);
    // The cheap target's outputs become the hostile corpus; the big target's cost becomes unknown.
    data.targets['gpt-4o-mini'] = hostileRun(data.targets['gpt-4o-mini']!);
    const big = data.comparison.targets.find((t) => t.name === 'gpt-4o')!;
    big.cost_per_case_usd = null;
    big.cost_per_day_usd = null;
    const file = writeComparisonReport(data, dir, 'compare-hostile');
    const w = await openReport(browser, file);
    const { page } = w;
    const points = await drawnPoints(page);
    const unknown = points.find((p) => p.target === 'gpt-4o')!;
    assert.deepEqual(unknown.classes.split(' '), ['target-point', 'off-front', 'unknown-cost']);
    assert.ok(points.every((p) => p === unknown || p.x > unknown.x), 'the unknown cost stands left of every known one');
    assert.equal(await page.locator('[data-testid=unknown-cost-note]').textContent(), 'Cost unknown (no pricing, or no token usage reported), drawn at the left edge and left off the Pareto front: gpt-4o.');
    // Page through every disagreeing case: hostile ids, outputs and reasons stay text.
    for (let k = 0; k < 40; k++) {
      const next = page.locator('[data-testid=page-next]');
      if ((await next.count()) === 0 || (await next.isDisabled())) break;
      await next.click();
    }
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
    assert.equal(await page.locator('main.aispec img, main.aispec iframe, main.aispec script, main.aispec a, main.aispec details').count(), 0);
    await page.locator('[data-testid=page-previous]').first().waitFor();
    // The first page holds the hostile ids: their outputs read back exactly (bidi controls shown as marks).
    while (!(await page.locator('[data-testid=page-previous]').isDisabled())) await page.locator('[data-testid=page-previous]').click();
    const outputs = await page.$$eval('[data-testid=disagreements] li.disagreement .side:first-child .output', (els) => els.map((e) => e.textContent!));
    assert.ok(outputs.includes(HOSTILE[0]!), 'a script tag reads back as text');
    await page.screenshot({ path: screenshotPath('compare-hostile-light'), fullPage: false });
    await assertCleanPage(w);
    await page.close();
  });
});

describe('results panel in Chromium: the Compare view in the VS Code webview page', function () {
  this.timeout(120_000);
  let browser: Browser;
  let harness: Harness;
  let comparison: ComparisonResults;
  const source = { specFile: '/work/specs/model-choice.aispec.md', specId: 'support-triage-model-choice' };

  before(async () => {
    ensureBuilt();
    comparison = cliComparison(tempDir()).comparison;
    harness = await startHarness();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await harness?.close();
  });

  const posted = (page: Page) => page.evaluate(() => (window as unknown as { __posted: WebviewMessage[] }).__posted);
  const send = (page: Page, message: HostMessage) => page.evaluate((m) => window.postMessage(m, '*'), message as never);

  it('draws the comparison it is sent; choosing a target asks the extension for that run, and back', async () => {
    const w = await watchedPage(browser);
    const { page } = w;
    await page.goto(`${harness.origin}/panel.html`);
    await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
    await send(page, { type: 'compare', data: comparison, source });
    await page.locator('[data-testid=quality-cost]').waitFor();
    assert.equal(await page.locator('[data-testid=quality-cost] g.target-point').count(), 3);
    await page.locator('[data-testid=quality-cost] g.target-point[data-target="gpt-4o"] circle.pt').click();
    assert.deepEqual((await posted(page)).filter((m) => m.type === 'openTarget'), [{ type: 'openTarget', target: 'gpt-4o' }]);
    // The Compare view stays until the extension sends the target's run.
    assert.equal(await page.locator('[data-testid=quality-cost]').count(), 1);
    await send(page, { type: 'show', data: { results: comparison.targets['gpt-4o']!, diff: null, baselineRunId: null, history: [], comparedTargets: Object.keys(comparison.targets) }, source: { ...source, target: 'gpt-4o' } });
    await page.locator('#verdict').waitFor();
    await page.waitForFunction(() => sessionStorage.getItem('aispec-test-vscode-state')?.includes('"target":"gpt-4o"'));
    await page.locator('[data-testid=back-to-comparison]').click();
    assert.deepEqual((await posted(page)).filter((m) => m.type === 'openTarget').at(-1), { type: 'openTarget', target: null });
    // A malformed comparison is ignored: the run stays on screen.
    await send(page, { type: 'compare', data: { format: 'aispec-comparison', targets: {}, comparison: { targets: 'x' } } as unknown as ComparisonResults, source });
    await page.waitForTimeout(100);
    assert.equal(await page.locator('#verdict').count(), 1);
    await assertCleanPage(w);
    await page.close();
  });
});
