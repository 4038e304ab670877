// The Spec change view (Compare with Base Branch) in a real browser (headless Chromium), on the VS Code panel
// page receiving a 'specChange' message. Its spec diff is the JSON the built CLI writes (`aispec diff
// base:SPEC SPEC --format json`) for a real git repository made here with two commits (a gate lowered, the
// prompt edited, an adversarial case dropped: test/support/review-repository.ts); its run comparison is the core's diffRuns of two results
// fixtures. Checked: what lowered the bar comes first and stands out, every number is the JSON's, clicking a
// gate or a case asks the extension to reveal it on the right side, a missing run is said and offered, a
// malformed message is ignored, hostile ids stay text. Screenshots, light and dark, land in test-results/webview/.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { diffRuns, formatPoints, formatPValue } from '../../src/core/index.js';
import type { HostMessage, PanelSource, WebviewMessage } from '../../src/shared/messages.js';
import type { SpecChangeData } from '../../src/shared/spec-change.js';
import type { SpecDiff } from '../../src/shared/spec-diff.js';
import { loadResults } from '../unit/report/fixtures.js';
import { HOSTILE } from './support/hostile.js';
import { assertCleanPage, launch, watchedPage, type Browser, type Watched } from './support/browser.js';
import { repository } from '../support/review-repository.js';
import { ensureBuilt, repoRoot, screenshotPath, startHarness, type Harness } from './support/reports.js';

type Page = Watched['page'];

/** The CLI's spec diff JSON of the review repository's base and head commits. */
function cliSpecDiff(): { dir: string; spec: SpecDiff } {
  const dir = repository();
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin/aispec.cjs'), 'diff', 'base:specs/refunds.aispec.md', 'specs/refunds.aispec.md', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return { dir, spec: JSON.parse(r.stdout) as SpecDiff };
}

describe('results panel in Chromium: the Spec change view (Compare with Base Branch)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let harness: Harness;
  let dir: string;
  let data: SpecChangeData;
  const source: PanelSource = { specFile: '/w/specs/refunds.aispec.md', specId: 'refunds', baseRevision: 'base' };

  before(async () => {
    ensureBuilt();
    const made = cliSpecDiff();
    dir = made.dir;
    const spec = made.spec;
    data = { format: 'aispec-spec-change', base: { revision: 'base', commit: 'a'.repeat(40) }, path: 'specs/refunds.aispec.md', spec, runs: { diff: diffRuns(loadResults('diff-base'), loadResults('diff-head')) } };
    harness = await startHarness();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await harness?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const posted = (page: Page) => page.evaluate(() => (window as unknown as { __posted: WebviewMessage[] }).__posted);
  const send = (page: Page, message: HostMessage) => page.evaluate((m) => window.postMessage(m, '*'), message as never);

  async function open(scheme: 'light' | 'dark' = 'light'): Promise<Watched> {
    const w = await watchedPage(browser);
    await w.page.emulateMedia({ colorScheme: scheme });
    await w.page.goto(`${harness.origin}/panel.html`);
    await w.page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
    return w;
  }


  it('the bar first (the loosened gate, the coverage that fell, the prompt), then the run verdict with its numbers', async () => {
    const w = await open();
    const { page } = w;
    await send(page, { type: 'specChange', data, source });
    await page.locator('main.spec-change').waitFor();
    const banner = page.locator('[data-testid=bar-headline]');
    assert.equal(await banner.getAttribute('data-lowered'), 'true');
    assert.match((await banner.textContent())!, /The bar was lowered: 1 gate loosened or removed; fewer cases tagged adversarial\./);
    // The gate rows as the JSON has them, loosened first.
    const rows = await page.$$eval('#spec-gates tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    assert.deepEqual(rows, data.spec.gates.map((g) => [g.change, g.name, String(g.from), String(g.to), `line ${g.line}`]));
    assert.equal(await page.locator('#spec-gates tr.loosened').count(), 1);
    assert.deepEqual(await page.$$eval('[data-testid=cases-removed] li', (lis) => lis.map((li) => li.textContent)), data.spec.cases.removed);
    assert.equal(await page.locator('#spec-cases tr[data-tag=adversarial] .pill.bad').textContent(), 'coverage fell');
    assert.match((await page.locator('[data-field="target.system"] pre').textContent())!, /-Follow the policy\.\n\+Be generous\./);
    // The run comparison: every number is the diff's.
    const runs = data.runs as { diff: ReturnType<typeof diffRuns> };
    const q = runs.diff.quality;
    assert.equal(await page.getAttribute('[data-testid=quality-verdict]', 'data-verdict'), q.verdict);
    assert.equal(await page.locator('[data-testid=mcnemar-p]').textContent(), formatPValue(q.mcnemarP));
    assert.equal(await page.locator('[data-testid=difference]').textContent(), formatPoints(q.difference));
    assert.equal(await page.locator('[data-testid=difference-ci]').textContent(), `${formatPoints(q.differenceCi95![0])} to ${formatPoints(q.differenceCi95![1])}`);
    assert.equal(await page.locator('[data-testid=newly-failing] li').count(), Math.min(100, runs.diff.newlyFailing.length));
    assert.equal(await page.locator('[data-testid=newly-passing] li').count(), Math.min(100, runs.diff.newlyPassing.length));
    // The view is kept with the panel's state, so a reload comes back to it.
    await page.waitForFunction(() => sessionStorage.getItem('aispec-test-vscode-state')?.includes('"baseRevision":"base"'));
    await page.screenshot({ path: screenshotPath('spec-change-light'), fullPage: true });
    await assertCleanPage(w);
    await page.close();
    const dark = await open('dark');
    await send(dark.page, { type: 'specChange', data, source });
    await dark.page.locator('main.spec-change').waitFor();
    await dark.page.screenshot({ path: screenshotPath('spec-change-dark'), fullPage: true });
    await assertCleanPage(dark);
    await dark.page.close();
  });

  it('clicking a gate or a case asks to reveal it on its side: a removed case in the base version', async () => {
    const w = await open();
    const { page } = w;
    await send(page, { type: 'specChange', data, source });
    await page.locator('#spec-gates button[data-reveal=gate]').first().click();
    await page.locator('[data-testid=cases-removed] button').first().click();
    const flipped = data.runs as { diff: ReturnType<typeof diffRuns> };
    await page.locator('[data-testid=newly-failing] button').first().click();
    assert.deepEqual((await posted(page)).filter((m) => m.type === 'revealChange'), [
      { type: 'revealChange', kind: 'gate', id: 'pass_rate', side: 'head' },
      { type: 'revealChange', kind: 'case', id: 'c3', side: 'base' },
      { type: 'revealChange', kind: 'case', id: flipped.diff.newlyFailing[0]!.id, side: 'head' },
    ]);
    await assertCleanPage(w);
    await page.close();
  });

  it('a missing run is said, with the way to it; a malformed message is ignored; hostile ids stay text', async () => {
    const w = await open();
    const { page } = w;
    const hostileSpec: SpecDiff = { ...data.spec, cases: { added: HOSTILE, removed: [], changed: [] } };
    await send(page, { type: 'specChange', data: { ...data, spec: hostileSpec, runs: { missing: 'No head run to compare: run the eval.', side: 'head' } }, source });
    await page.locator('[data-testid=runs-missing]').waitFor();
    assert.equal(await page.locator('[data-testid=runs-missing]').textContent(), 'No head run to compare: run the eval.');
    assert.equal(await page.locator('[data-testid=cases-added] li').count(), HOSTILE.length);
    assert.equal(await page.locator('main.spec-change :is(img, script, iframe, svg, input, details, math)').count(), 0, 'no markup from an id');
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
    await page.locator('[data-testid=provide-head]').click();
    await send(page, { type: 'specChange', data: { ...data, runs: { missing: 'No base run to compare with.', side: 'base' } }, source });
    await page.locator('[data-testid=provide-base]').click();
    assert.deepEqual((await posted(page)).filter((m) => m.type === 'provideRun'), [
      { type: 'provideRun', side: 'head' },
      { type: 'provideRun', side: 'base' },
    ]);
    await send(page, { type: 'specChange', data: { ...data, format: 'nope' } as unknown as SpecChangeData, source });
    await page.waitForTimeout(100);
    assert.equal(await page.locator('[data-testid=provide-base]').count(), 1, 'the view stays');
    await assertCleanPage(w);
    await page.close();
  });
});
