// Headless Debian Chromium driven by playwright-core (which never downloads a browser): offline flags, a
// fresh profile per launch in a temp folder, removed on close. Pages record what a hostile page would do:
// dialogs, CSP violations, page errors.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.AISPEC_CHROMIUM || '/usr/bin/chromium';

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}; install it with: bash scripts/vscode-test/install.sh (or set AISPEC_CHROMIUM)`);
  const profile = mkdtempSync(join(tmpdir(), 'aispec-webview-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    viewport: { width: 1300, height: 900 },
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface Watched {
  page: Page;
  dialogs: string[];
  errors: string[];
  /** Requests the page made (the report must make none but its own document). */
  requests: string[];
}

/** A new page that records dialogs, page errors, CSP violations (as errors) and requests. */
export async function watchedPage(browser: Browser): Promise<Watched> {
  const page = await browser.context.newPage();
  const watched: Watched = { page, dialogs: [], errors: [], requests: [] };
  page.on('dialog', (d) => {
    watched.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on('pageerror', (e) => watched.errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') watched.errors.push(`console: ${m.text()}`);
  });
  page.on('request', (r) => watched.requests.push(r.url()));
  // Before any page script: a flag hostile content would set, and a log of CSP violations.
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective}: ${e.blockedURI} ${e.sample}`));
  });
  return watched;
}

/** Nothing a hostile page would do happened (no dialog, page error or CSP violation), and nothing overflows sideways. */
export async function assertCleanPage(w: Watched): Promise<void> {
  assert.deepEqual(w.dialogs, [], 'no dialog opened');
  assert.deepEqual(w.errors, [], 'no page error or console error');
  assert.deepEqual(await w.page.evaluate(() => (window as unknown as { __violations: string[] }).__violations), [], 'no CSP violation');
  const overflow = await w.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page overflows horizontally by ${overflow}px`);
}
