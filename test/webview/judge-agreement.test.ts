// The panel's "Judge vs human" section in Chromium: the numbers, the matrix, and every disagreement with its
// input, output, human verdict and judge reason, all of it hostile text that must stay inert and read back.
import assert from 'node:assert/strict';
import type { JudgeAgreement, RunResults } from '../../src/shared/results.js';
import { HOSTILE } from './support/hostile.js';
import { launch, watchedPage, type Browser } from './support/browser.js';
import { cliReport, ensureBuilt, screenshotPath, tempDir, writeReport } from './support/reports.js';

function withCalibration(base: RunResults): RunResults {
  const run = JSON.parse(JSON.stringify(base)) as RunResults;
  const stat = { n: 12, agreement: 10 / 12, agreement_ci95: [0.552, 0.953] as [number, number], kappa: 0.6, kappa_ci95: [0.2, 1] as [number, number], matrix: [[7, 1], [1, 3]] as [[number, number], [number, number]] };
  const agreement: JudgeAgreement = {
    overall: stat,
    per_criterion: { [HOSTILE[1]!]: { ...stat, n: 4 } },
    alpha: 0.5,
    examples: { total: 4, gradeable: 3, graded: 3, errors: 0 },
    human_labels: { rows: 9, compared: 9 },
    disagreements: [
      { id: HOSTILE[0]!, item: 'example', rater: 'spec', input: HOSTILE[2]!, output: HOSTILE[4]!, human: false, judge: true, reason: HOSTILE[5]! },
      { id: 'c1', item: 'case', criterion: HOSTILE[9]!, rater: HOSTILE[13]!, input: HOSTILE[12]!, output: HOSTILE[11]!, human: true, judge: false, reason: HOSTILE[8]! },
    ],
  };
  run.judge_agreement = agreement;
  return run;
}

describe('results panel in Chromium: Judge vs human', function () {
  this.timeout(120_000);
  let browser: Browser;
  let file: string;
  let run: RunResults;

  before(async () => {
    ensureBuilt();
    const dir = tempDir();
    run = withCalibration(cliReport('triage', dir).results);
    file = writeReport(run, dir, 'judge-agreement');
    browser = await launch();
  });
  after(async () => browser?.close());

  it('shows the numbers and lists each disagreement, inert and read back exactly', async () => {
    const w = await watchedPage(browser);
    const { page } = w;
    await page.setViewportSize({ width: 900, height: 900 });
    await page.goto(`file://${file}`);
    await page.waitForFunction(() => performance.getEntriesByName('aispec:interactive').length > 0);
    const section = page.locator('section#judge-agreement');
    assert.equal(await section.locator('h2').textContent(), 'Judge vs human');
    assert.match((await section.textContent())!, /agreement 0\.833 \(95% CI 0\.552–0\.953\) · kappa 0\.600 · n=12/);
    assert.match((await section.textContent())!, /alpha among raters 0\.500/);
    const items = section.locator('li.judge-disagreement');
    assert.equal(await items.count(), 2);
    const visible = (text: string) => text.replace(/[\u202a-\u202e\u2066-\u2069\u200b-\u200f]/g, (ch) => `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
    for (const [i, d] of run.judge_agreement!.disagreements.entries()) {
      const item = items.nth(i);
      assert.equal(await item.locator('[data-testid=disagreement-input]').textContent(), visible(d.input!));
      assert.equal((await item.locator('[data-testid=disagreement-output]').textContent())!.startsWith(visible(d.output!).slice(0, 1000)), true);
      assert.equal(await item.locator('[data-testid=disagreement-reason]').textContent(), `${d.judge ? 'pass' : 'fail'}: ${visible(d.reason)}`);
    }
    await section.screenshot({ path: screenshotPath('judge-agreement') });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page overflows horizontally by ${overflow}px`);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
    assert.deepEqual(w.errors, []);
    assert.equal(await section.locator('img, iframe, a, script, style, svg, details, input, math').count(), 0);
    await page.close();
  });
});
