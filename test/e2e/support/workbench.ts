// Drives the code-server workbench that scripts/vscode-test/run-e2e.mjs started (with the packaged VSIX
// installed). Each test file opens its own browser context on the fixture workspace.
import path from 'node:path';
import process from 'node:process';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the e2e tests with node scripts/vscode-test/run-e2e.mjs`);
  return value;
}

export class Workbench {
  /** The most recently opened workbench, for the failure screenshot in hooks.ts. */
  static current: Workbench | undefined;

  private constructor(
    private readonly browser: Browser,
    private readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  /** Opens the workbench on the fixture workspace and waits until the explorer lists its files. */
  static async open(): Promise<Workbench> {
    const browser = await chromium.connect(env('AISPEC_E2E_BROWSER'));
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const wb = new Workbench(browser, context, page);
    Workbench.current = wb;
    await page.goto(`${env('AISPEC_E2E_URL')}/?folder=${encodeURIComponent(env('AISPEC_E2E_WORKSPACE'))}`, { waitUntil: 'domcontentloaded' });
    // The explorer rows appear only once the remote (server) connection is up.
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    return wb;
  }

  /** Ctrl+P, type the name, pick the matching file; resolves when its editor tab is active. */
  async quickOpen(fileName: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(fileName);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first().waitFor();
    await this.page.keyboard.press('Enter');
    await this.page.locator('.tab.active', { hasText: fileName }).waitFor();
  }

  /** The status bar's language mode entry (shows the language's display name). */
  languageStatus(): Locator {
    return this.page.locator('[id="status.editor.mode"]');
  }

  async screenshot(name: string): Promise<string> {
    const file = path.join(env('AISPEC_E2E_ARTIFACTS'), `${name.replace(/[^\w.-]+/g, '-')}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  async close(): Promise<void> {
    if (Workbench.current === this) Workbench.current = undefined;
    await this.context.close();
    await this.browser.close(); // disconnects this client; the run's browser server stays up
  }
}
