// The running features as a user sees them in the packaged extension: the CodeLens above the health
// example, a click on "Run eval", then the pass rate and gate verdict in the CodeLens; on a small spec, the
// pass / fail / error marks in the gutter and the hover over a failed case.
import { Workbench } from './support/workbench.js';

describe('running: CodeLens, gutter marks and hovers in the packaged extension', () => {
  let wb: Workbench;

  before(async () => {
    wb = await Workbench.open();
  });
  after(async () => wb?.close());

  /** Clicks into the editor of `file` (a webview beside it may hold the focus, and keys go to the focus). */
  const focusEditor = (file: string) => wb.page.locator('.editor-group-container', { hasText: file }).locator('.monaco-editor .view-lines').first().click();

  it('shows Run eval and the case count above the health example', async () => {
    await wb.quickOpen('health-assistant.aispec.md');
    const lens = wb.page.locator('.codelens-decoration');
    await lens.locator('a', { hasText: 'Run eval' }).first().waitFor({ timeout: 30_000 });
    await lens.getByText('154 cases').first().waitFor();
    await wb.screenshot('running-01-codelens');
  });

  it('clicking Run eval runs it, and the lens shows the pass rate and the gate verdict', async () => {
    await wb.page.locator('.codelens-decoration a', { hasText: 'Run eval' }).first().click();
    await wb.page.locator('.codelens-decoration a', { hasText: 'pass rate 0.922 (0.869–0.955) · PASS 7/7 gates' }).first().waitFor({ timeout: 30_000 });
    await wb.screenshot('running-02-after-run');
  });

  it('marks each case of a small spec in the gutter, and hovering a failed case explains it', async () => {
    // With the mouse (the results panel may hold the keyboard focus): close every tab, so the spec opens
    // alone and the results panel goes beside it, then open the spec from the Explorer.
    const closeButtons = wb.page.locator('.tabs-container .tab .codicon-close');
    for (let n = await closeButtons.count(); n > 0; n = await closeButtons.count()) await closeButtons.first().click({ force: true });
    const row = (name: string) => wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: new RegExp(`^\\s*${name.replace(/\./g, '\\.')}\\s*$`) }).first();
    if (!(await row('mixed.aispec.md').isVisible())) await row('running').click();
    await row('mixed.aispec.md').click();
    await wb.page.locator('.tab.active', { hasText: 'mixed.aispec.md' }).waitFor();
    const editor = wb.page.locator('.editor-group-container', { hasText: 'mixed.aispec.md' }).locator('.monaco-editor').first();
    await editor.locator('.codelens-decoration a', { hasText: 'Run eval' }).first().click();
    // VS Code draws one glyph per line: on a case line it is the Test Explorer's, and every run is published
    // to the Test Explorer, so that glyph turns into the case's status (our own icons show where it is off).
    for (const status of ['passed', 'failed', 'error']) {
      await editor.locator(`.glyph-margin-widgets .cgmr.codicon-testing-${status}-icon`).first().waitFor({ timeout: 30_000 });
    }
    await focusEditor('mixed.aispec.md');
    await editor.locator('.view-line', { hasText: 'Say yes again' }).locator('span span').last().hover(); // a word inside the failed case
    await wb.page.locator('.monaco-hover', { hasText: 'Predicted' }).first().waitFor({ timeout: 15_000 });
    await wb.screenshot('running-03-marks-and-hover');
  });
});
