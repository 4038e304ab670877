// Authoring as a PM meets it in the packaged extension: break a spec and see the diagnostic appear under the
// misspelt key, then ask for completion and get the schema's keys.
import { Workbench } from './support/workbench.js';

describe('authoring: diagnostics and completion in the packaged extension', () => {
  let wb: Workbench;

  before(async () => {
    wb = await Workbench.open();
  });
  after(async () => wb?.close());

  const editor = () => wb.page.locator('.editor-group-container', { hasText: 'hello.aispec.md' }).locator('.monaco-editor').first();

  /** Puts the cursor at the end of the spec's 5th line (`status: draft`) and opens a new line below it. */
  async function newLineInFrontmatter(): Promise<void> {
    await editor().locator('.view-lines').first().click();
    await wb.page.keyboard.press('Control+Home');
    for (let i = 0; i < 4; i++) await wb.page.keyboard.press('ArrowDown');
    await wb.page.keyboard.press('End');
    await wb.page.keyboard.press('Enter');
  }

  it('a misspelt frontmatter key gets an error squiggle with the schema message', async () => {
    await wb.quickOpen('hello.aispec.md');
    await newLineInFrontmatter();
    await wb.page.keyboard.type('ownr: maya@example.com', { delay: 10 });
    await editor().locator('.squiggly-error').first().waitFor({ timeout: 30_000 });
    // From the top, the next problem is the one on the new line: the peek shows its message.
    await wb.page.keyboard.press('Control+Home');
    await wb.page.keyboard.press('F8');
    await wb.page.locator('.marker-widget', { hasText: 'Did you mean "owner"?' }).first().waitFor({ timeout: 15_000 });
    await wb.screenshot('authoring-01-diagnostic');
    await wb.page.keyboard.press('Escape');
    await wb.page.keyboard.press('Control+Z');
  });

  it('completion offers the schema keys in the frontmatter', async () => {
    await newLineInFrontmatter();
    await wb.page.keyboard.type('lab', { delay: 10 });
    await wb.page.keyboard.press('Control+Space');
    await wb.page.locator('.suggest-widget .monaco-list-row', { hasText: 'labels' }).first().waitFor({ timeout: 30_000 });
    await wb.screenshot('authoring-02-completion');
    await wb.page.keyboard.press('Escape');
  });
});
