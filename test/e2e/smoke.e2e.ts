// Smoke: the packaged VSIX, installed into code-server, makes a spec open as language aispec.
import { readFileSync } from 'node:fs';
import { Workbench } from './support/workbench.js';

// The status bar shows a language's first alias, so take it from the manifest we packaged.
const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const language = manifest.contributes.languages.find((l: { id: string }) => l.id === 'aispec');
const displayName: string = language.aliases[0];

describe('smoke: packaged extension in code-server', () => {
  let wb: Workbench;

  before(async () => {
    wb = await Workbench.open();
    await wb.screenshot('01-workbench');
  });
  after(async () => wb?.close());

  it('opens hello.aispec.md via Quick Open with the aispec language mode', async () => {
    await wb.quickOpen('hello.aispec.md');
    await wb.languageStatus().getByText(displayName, { exact: true }).waitFor();
    await wb.screenshot('02-spec-open');
  });

  it('the language picker shows the file is in language id aispec', async () => {
    await wb.languageStatus().click();
    // The current language's row reads "<name> (<id>) - Configured Language".
    await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: /\(aispec\) - Configured Language/ }).first().waitFor();
    await wb.screenshot('03-language-picker');
    await wb.page.keyboard.press('Escape');
  });
});
