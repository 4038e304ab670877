// A case's own criteria and reference in the panel, in Chromium: their verdicts right under the output
// (pass/fail, text, judge reason; hostile text inert and read back), kept out of the rubric table, and one
// pooled "Case criteria" bar that drills to the cases whose own criteria failed.
import assert from 'node:assert/strict';
import type { CaseResult, CriterionVerdict, RunResults } from '../../src/shared/results.js';
import { HOSTILE } from './support/hostile.js';
import { launch, watchedPage, type Browser } from './support/browser.js';
import { cliReport, ensureBuilt, screenshotPath, tempDir, writeReport } from './support/reports.js';

const own = (id: string, passed: boolean, criterion: string, reason: string, critical = false): CriterionVerdict => ({ id, source: 'case', criterion, passed, reason, weight: 1, critical, graded_by: 'judge' });

function withOwnCriteria(base: RunResults): { run: RunResults; target: CaseResult; other: CaseResult } {
  const run = JSON.parse(JSON.stringify(base)) as RunResults;
  const [target, other] = run.cases.filter((c) => c.status !== 'error');
  target!.criteria.push(own('case:1', true, 'Mentions the 988 Suicide & Crisis Lifeline.', 'It names 988.'), own('case:2', false, HOSTILE[3]!, HOSTILE[6]!, true), own('reference', false, 'Is consistent with the reference answer.', 'It says to wait.', true));
  other!.criteria.push(own('case:1', true, 'Says sorry.', 'It apologises.'));
  run.case_criteria = { passed: 2, failed: 2, errors: 0, n: 4, rate: 0.5, ci95: [0.15, 0.85] };
  return { run, target: target!, other: other! };
}

describe('results panel in Chromium: a case\'s own criteria', function () {
  this.timeout(120_000);
  let browser: Browser;
  let file: string;
  let data: ReturnType<typeof withOwnCriteria>;

  before(async () => {
    ensureBuilt();
    const dir = tempDir();
    data = withOwnCriteria(cliReport('triage', dir).results);
    file = writeReport(data.run, dir, 'case-criteria');
    browser = await launch();
  });
  after(async () => browser?.close());

  it('shows the verdicts beside the output and drills from the pooled bar', async () => {
    const w = await watchedPage(browser);
    const { page } = w;
    await page.setViewportSize({ width: 1000, height: 900 });
    await page.goto(`file://${file}`);
    await page.waitForFunction(() => performance.getEntriesByName('aispec:interactive').length > 0);

    // The pooled bar: one row, and selecting it lists only the case whose own criteria failed.
    const bar = page.getByRole('button', { name: /^criteria cases' own criteria and references: pass rate 0\.500/ });
    assert.equal(await bar.count(), 1);
    await bar.click();
    assert.match((await page.locator('[data-testid=case-count]').textContent())!, /^1 of /);
    assert.equal(await page.locator('[data-testid=chip]').first().textContent(), "a case's own criterion failed×");

    await page.locator(`[data-testid=case-rows] tr.row[data-id="${data.target.id}"]`).click();
    const detail = page.locator('[data-testid=case-detail]');
    await detail.waitFor();
    // Beside the output: the block right after the input/output grid (and any tool calls).
    const order = await detail.evaluate((d) => [...d.children].map((c) => (c as HTMLElement).dataset.testid ?? c.className));
    assert.equal(order[order.indexOf('detail-grid') + 1], 'case-criteria');
    const rows = detail.locator('[data-testid=case-criteria] tbody tr');
    assert.equal(await rows.count(), 3);
    const visible = (text: string) => text.replace(/[\u202a-\u202e\u2066-\u2069\u200b-\u200f]/g, (ch) => `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
    const cells = async (i: number) => rows.nth(i).locator('td').allTextContents();
    assert.deepEqual(await cells(0), ['✓ pass', 'case:1', 'Mentions the 988 Suicide & Crisis Lifeline.', '', 'It names 988.']);
    assert.deepEqual(await cells(1), ['✗ fail', 'case:2', visible(HOSTILE[3]!), 'critical', visible(HOSTILE[6]!)]);
    assert.deepEqual(await cells(2), ['✗ fail', 'reference', 'Is consistent with the reference answer.', 'critical', 'It says to wait.']);
    // The rubric table lists rubric criteria only.
    const rubric = (await detail.locator('table.verdicts', { has: page.locator('caption', { hasText: 'Rubric criteria' }) }).textContent()) ?? '';
    assert.doesNotMatch(rubric, /case:1|reference/);
    await detail.screenshot({ path: screenshotPath('case-criteria') });

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page overflows horizontally by ${overflow}px`);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
    assert.deepEqual(w.errors, []);
    assert.equal(await detail.locator('[data-testid=case-criteria]').locator('img, iframe, a, script, style, svg, input, math').count(), 0);
    await page.close();
  });
});
