// The results panel as a user sees it in the packaged extension: a run of the health example opens the
// panel beside the spec; the verdict and the matrix render inside the real webview (its CSP, its message
// handshake); a matrix cell filters the case table; a case's location button opens the spec at that line.
import { Workbench } from './support/workbench.js';

describe('results panel: the health example in the packaged extension', () => {
  let wb: Workbench;

  before(async () => {
    wb = await Workbench.open();
  });
  after(async () => wb?.close());

  const panel = () => wb.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');

  it('a run opens the panel with the verdict first and the confusion matrix', async () => {
    await wb.quickOpen('health-assistant.aispec.md');
    await wb.page.locator('.codelens-decoration a', { hasText: 'Run eval' }).first().click({ timeout: 30_000 });
    await panel().locator('.verdict-banner', { hasText: 'PASS: all 7 gates passed' }).waitFor({ timeout: 60_000 });
    await panel().locator('[data-testid=matrix] .cell-btn[data-row="0"][data-col="0"] .count', { hasText: '78' }).waitFor();
    await panel().locator('[data-testid=case-count]', { hasText: '154 cases' }).waitFor();
    await wb.screenshot('results-panel-01-opened');
  });

  it('a matrix cell filters the case table; a location opens the spec at the case’s line', async () => {
    await panel().locator('.cell-btn[data-row="0"][data-col="1"]').click();
    await panel().locator('[data-testid=case-count]', { hasText: '8 of 154 cases' }).waitFor();
    const row = panel().locator('[data-testid=case-rows] tr.row[data-pos="0"]');
    const title = await row.locator('button.loc').getAttribute('title');
    const line = Number(title!.split(':').pop());
    await wb.screenshot('results-panel-02-cell-filter');
    await row.locator('button.loc').click();
    await wb.page.locator('.tab.active', { hasText: 'health-assistant.aispec.md' }).waitFor();
    await wb.page.locator('[id="status.editor.selection"]', { hasText: `Ln ${line},` }).waitFor();
    await wb.screenshot('results-panel-03-revealed');
  });
});
