// A corpus of hostile model outputs pushed through the panel in a real browser: markup, event handlers,
// javascript: links, </style> and </script> break-outs, SVG with script, template and mXSS payloads, very
// long unbroken lines, and bidi override characters, in every place case text appears (input, output,
// reasons, ids, tags, meta, labels, the spec title). Nothing may run, no element may be created from it,
// the layout must hold (no horizontal page overflow), and the text must read back exactly.
import assert from 'node:assert/strict';
import type { RunResults } from '../../src/shared/results.js';
import { HOSTILE, hostileRun } from './support/hostile.js';
import { launch, watchedPage, type Browser, type Watched } from './support/browser.js';
import { cliReport, ensureBuilt, screenshotPath, tempDir, writeReport } from './support/reports.js';

async function pwned(w: Watched): Promise<unknown> {
  return w.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
}

/** Elements the corpus would create if any text became markup. */
async function injectedElements(w: Watched): Promise<string[]> {
  return w.page.evaluate(() => {
    const found: string[] = [];
    for (const el of document.querySelectorAll('img, iframe, a, input:not([type=search]):not([type=range]), details, math, style, script, object, embed, form, p')) {
      if (el.tagName === 'SCRIPT' && (el.id === 'aispec-data' || !el.hasAttribute('src'))) continue;
      if (el.tagName === 'STYLE' && el.parentElement === document.head) continue;
      if (el.tagName === 'P' && el.closest('main.aispec') && !el.closest('.case-text')) continue;
      found.push(el.outerHTML.slice(0, 120));
    }
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.getAttributeNames()) if (/^on/i.test(a)) found.push(`${el.tagName}[${a}]`);
    }
    return found;
  });
}

describe('results panel in Chromium: hostile case text is inert', function () {
  this.timeout(120_000);
  let browser: Browser;
  let file: string;
  let run: RunResults;

  before(async () => {
    ensureBuilt();
    const dir = tempDir();
    run = hostileRun(cliReport('triage', dir).results);
    file = writeReport(run, dir, 'hostile');
    browser = await launch();
  });
  after(async () => browser?.close());

  for (const width of [1300, 700]) {
    it(`runs nothing, creates no element, keeps the layout (viewport ${width}px)`, async () => {
      const w = await watchedPage(browser);
      const { page } = w;
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`file://${file}`);
      await page.waitForFunction(() => performance.getEntriesByName('aispec:interactive').length > 0);
      // Open every hostile case in turn (the detail shows the whole text), and drill through the hostile label.
      await page.locator('.seg[data-status="fail"]').click();
      await page.getByRole('button', { name: /^sort by case/ }).click();
      for (let i = 0; i < HOSTILE.length; i++) {
        const row = page.locator(`[data-testid=case-rows] tr.row[data-pos="${i}"]`);
        await row.click();
        await page.locator('[data-testid=case-detail]').waitFor();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `case ${i}: the page overflows horizontally by ${overflow}px`);
        const detailWidth = await page.$eval('[data-testid=case-detail]', (d) => d.getBoundingClientRect().width);
        const scrollerWidth = await page.$eval('[data-testid=case-scroller]', (d) => d.scrollWidth);
        assert.ok(detailWidth <= scrollerWidth + 1, `case ${i}: the detail stays inside the table (${detailWidth} > ${scrollerWidth})`);
      }
      if (width === 1300) {
        // The bidi-override case and the very long line, expanded, for the record.
        for (const prefix of ['filename', 'AAAA']) {
          const pos = await page.$$eval('[data-testid=case-rows] tr.row', (rows, p) => (rows as HTMLElement[]).find((r) => r.dataset.id!.startsWith(p))?.dataset.pos, prefix);
          const row = page.locator(`[data-testid=case-rows] tr.row[data-pos="${pos}"]`);
          if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
          await page.locator('#cases').screenshot({ path: screenshotPath(`hostile-${prefix === 'AAAA' ? 'long-line' : 'bidi'}`) });
        }
      }
      await page.locator('.cell-btn').first().click();
      await page.getByRole('button', { name: /^anti-pattern/ }).first().click();
      await page.selectOption('[data-testid=slice-field]', 'meta.note').catch(() => undefined);
      await page.fill('[data-testid=search]', '<script>');
      await page.waitForTimeout(300);
      await page.mouse.move(300, 400);
      await page.keyboard.press('Tab');
      if (width === 1300) await page.screenshot({ path: screenshotPath('hostile-filtered'), fullPage: false });
      assert.equal(await pwned(w), undefined, 'window.__pwned stays unset');
      assert.deepEqual(w.dialogs, []);
      assert.deepEqual(w.errors, []);
      assert.deepEqual(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations), [], 'nothing even tried to run (no CSP violation)');
      assert.deepEqual(await injectedElements(w), []);
      assert.ok(w.requests.every((u) => u.startsWith('file://')), 'no request left the page');
      assert.equal(await page.evaluate(() => document.querySelectorAll('style').length), 1, 'the </style> payloads did not open a stylesheet');
      assert.equal(await page.locator('main.aispec').isVisible(), true);
      await page.close();
    });
  }

  it('reads every hostile text back exactly (bidi controls shown as visible marks) and isolates its direction', async () => {
    const w = await watchedPage(browser);
    const { page } = w;
    await page.goto(`file://${file}`);
    await page.waitForFunction(() => performance.getEntriesByName('aispec:interactive').length > 0);
    assert.equal(await page.locator('h1').textContent(), run.spec.title.replace(/[\u202a-\u202e\u2066-\u2069\u200b-\u200f]/g, (ch) => ch), 'title as text');
    await page.locator('.seg[data-status="fail"]').click();
    await page.getByRole('button', { name: /^sort by case/ }).click();
    const byId = new Map(run.cases.map((c) => [c.id, c]));
    for (let i = 0; i < HOSTILE.length; i++) {
      const row = page.locator(`[data-testid=case-rows] tr.row[data-pos="${i}"]`);
      const id = await row.getAttribute('data-id');
      const c = byId.get(id!)!;
      await row.click();
      const shown = await page.locator('[data-testid=detail-output]').textContent();
      const visible = c.output!.replace(/[\u202a-\u202e\u2066-\u2069\u200b-\u200f]/g, (ch) => `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
      assert.equal(shown, visible, `case ${i} output reads back exactly`);
      if (/[\u202a-\u202e\u2066-\u2069]/.test(c.output!)) {
        assert.match((await page.locator('[data-testid=case-detail]').textContent())!, /contains invisible or bidirectional control characters/);
        // The override did not reorder the row's own status text.
        assert.equal((await row.locator('td').first().textContent())?.trim(), '✗ fail');
      }
    }
    await page.close();
  });
});
