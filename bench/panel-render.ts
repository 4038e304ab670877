// Results panel benchmark: a 10,000-case, 20-label run (bench/panel-synthetic.ts, summarized by the engine)
// written as the CLI's self-contained HTML report, loaded in headless Chromium several times.
//
//   first view   performance.mark('aispec:first-render') (the renderer sets it when the verdict, charts,
//                matrix and the first table rows are in the DOM), in ms since navigation start: reading and
//                parsing the HTML, the JSON, and the render. Budget: < 200 ms (median).
//   render       the renderer's own work in App.show (performance.measure 'aispec:render').
//   paint        first-contentful-paint, for reference.
//   scroll       the case table scrolled to random offsets: the renderer's row-window work
//                ('aispec:rows') and the time from setting scrollTop to the next frame with the rows drawn.
//   interactions a matrix-cell drill-down, a slice change and a search over the 10,000 cases.
//
// Run: npm run build && node --import tsx bench/panel-render.ts [--loads 9] [--cases 10000] [--labels 20]
//      ... --results FILE: a real results file instead of the synthetic run (the scale bench passes its
//      100,000-case run); the interactions, which need the synthetic run's labels and meta, are left out.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { resultsHtml } from '../src/core/report/results-html.js';
import { readRun } from '../src/node/run-store.js';
import { sha256Base64 } from '../src/node/sha256.js';
import { showMessages } from '../src/shared/messages.js';
import { startHarness } from '../test/webview/support/reports.js';
import { syntheticRun } from './panel-synthetic.js';

const { values } = parseArgs({ options: { loads: { type: 'string', default: '9' }, cases: { type: 'string', default: '10000' }, labels: { type: 'string', default: '20' }, scrolls: { type: 'string', default: '40' }, results: { type: 'string' } } });
const LOADS = Number(values.loads);
const CASES = Number(values.cases);
const LABELS = Number(values.labels);
const SCROLLS = Number(values.scrolls);
// The issue's budgets: 200 ms for the synthetic 10,000-case run, 300 ms for a real 100,000-case results file.
const BUDGET_MS = values.results ? 300 : 200;
const repo = resolve(import.meta.dirname, '..');
const CHROMIUM = process.env.AISPEC_CHROMIUM || '/usr/bin/chromium';

const caseChunks = (r: typeof run) => showMessages({ results: r, diff: null, baselineRunId: null, history: [] }, null).length - 1;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (v: number) => `${v.toFixed(1)} ms`;

const t0 = performance.now();
const run = values.results ? await readRun(values.results) : syntheticRun(CASES, LABELS);
const generated = performance.now() - t0;
const script = readFileSync(join(repo, 'dist/webview.js'), 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
const css = readFileSync(join(repo, 'media/results.css'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'aispec-panel-bench-'));
const file = join(dir, 'report.html');
const t1 = performance.now();
writeFileSync(file, resultsHtml(run, { script, css, sha256: sha256Base64 }));
const written = performance.now() - t1;
console.log(`aispec results panel bench: ${run.cases.length.toLocaleString('en-US')} cases, ${run.spec.labels?.length ?? 0} labels, ${(statSync(file).size / 1e6).toFixed(1)} MB report${values.results ? ` (${values.results})` : ''}`);
console.log(`  ${values.results ? 'read' : 'generate + summarize'} ${ms(generated)} · resultsHtml ${ms(written)} · webview.js ${(script.length / 1024).toFixed(0)} KB`);

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
});

interface Load {
  firstView: number;
  render: number;
  scriptStart: number;
  fcp: number | null;
  interactive: number;
  fullRender: number;
  sections: string[];
}
const loads: Load[] = [];
let panelFigures = '';
try {
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext({ viewport: { width: 1300, height: 900 } });
    // tsx keeps function names with a __name helper that the page lacks; give it a no-op one.
    await context.addInitScript('window.__name = (f) => f;');
    const page = await context.newPage();
    await page.goto(`file://${file}`);
    await page.waitForFunction(() => performance.getEntriesByName('aispec:first-render').length > 0);
    await page.waitForTimeout(50);
    loads.push(
      await page.evaluate(() => ({
        firstView: performance.getEntriesByName('aispec:first-render')[0]!.startTime,
        render: (performance.getEntriesByName('aispec:render-summary')[0] ?? performance.getEntriesByName('aispec:render')[0])?.duration ?? NaN,
        scriptStart: performance.getEntriesByName('aispec:script-start')[0]!.startTime,
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
        interactive: performance.getEntriesByName('aispec:interactive')[0]?.startTime ?? NaN,
        fullRender: performance.getEntriesByName('aispec:render')[0]?.duration ?? NaN,
        sections: performance.getEntriesByType('measure').filter((e) => e.name.startsWith('aispec:section:')).map((e) => `${e.name.slice(15)} ${e.duration.toFixed(1)}`),
      })),
    );
    await page.waitForFunction(() => performance.getEntriesByName('aispec:interactive').length > 0);
    if (i === LOADS - 1) {
      const l = loads[loads.length - 1]!;
      l.interactive = await page.evaluate(() => performance.getEntriesByName('aispec:interactive')[0]!.startTime);
      l.fullRender = await page.evaluate(() => performance.getEntriesByName('aispec:render')[0]!.duration);
      l.sections = await page.evaluate(() => performance.getEntriesByType('measure').filter((e) => e.name.startsWith('aispec:section:')).map((e) => `${e.name.slice(15)} ${e.duration.toFixed(1)}`));
    }
    if (i === LOADS - 1) {
      // Scroll responsiveness on the last page.
      const scroll = await page.evaluate(async (n) => {
        const scroller = document.querySelector('[data-testid=case-scroller]') as HTMLElement;
        const frame = () => new Promise<number>((r) => requestAnimationFrame(() => r(performance.now())));
        let seed = 7;
        const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
        const frames: number[] = [];
        const work: number[] = [];
        const drawn: number[] = [];
        for (let k = 0; k < n; k++) {
          await frame();
          const before = performance.getEntriesByName('aispec:rows').length;
          const start = performance.now();
          scroller.scrollTop = random() * (scroller.scrollHeight - scroller.clientHeight);
          await frame(); // the scroll event's frame: the renderer draws the window
          await frame(); // the frame after: the rows are on screen
          frames.push(performance.now() - start);
          const entries = performance.getEntriesByName('aispec:rows').slice(before);
          work.push(entries.reduce((s, e) => s + e.duration, 0));
          drawn.push(document.querySelectorAll('[data-testid=case-rows] tr.row').length);
        }
        // The same two frames after a 1 px scroll that needs no redraw: this machine's floor for the above.
        const floor: number[] = [];
        for (let k = 0; k < 10; k++) {
          await frame();
          const start = performance.now();
          scroller.scrollTop += k % 2 ? -1 : 1;
          await frame();
          await frame();
          floor.push(performance.now() - start);
        }
        return { frames, work, drawn, floor };
      }, SCROLLS);
      if (values.results) {
        console.log(`  scroll (${SCROLLS} random offsets): row-window work median ${ms(median(scroll.work))}, p95 ${ms(pct(scroll.work, 95))}; scrollTop → rows on screen median ${ms(median(scroll.frames))}`);
        await context.close();
        continue;
      }
      const interactions = await page.evaluate(async () => {
        const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));
        const time = async (act: () => void, done: () => boolean) => {
          const start = performance.now();
          act();
          while (!done()) {
            if (performance.now() - start > 5000) return NaN;
            await frame();
          }
          return performance.now() - start;
        };
        const count = () => document.querySelector('[data-testid=case-count]')!.textContent!;
        const cell = document.querySelector('.cell-btn[data-row="3"][data-col="3"]') as HTMLButtonElement;
        const before = count();
        const drill = await time(() => cell.click(), () => count() !== before);
        const field = document.querySelector('[data-testid=slice-field]') as HTMLSelectElement;
        field.value = 'meta.channel';
        const slice = await time(() => field.dispatchEvent(new Event('change')), () => !!document.querySelector('[data-testid=slice-note]')?.textContent?.startsWith('Slice'));
        const search = document.querySelector('[data-testid=search]') as HTMLInputElement;
        const beforeSearch = count();
        search.value = 'refund urgent';
        const searched = await time(() => search.dispatchEvent(new Event('input')), () => count() !== beforeSearch);
        return { drill, slice, search: searched, filterSort: performance.getEntriesByName('aispec:filter-sort').map((e) => e.duration) };
      });
      console.log(`  scroll (${SCROLLS} random offsets): row-window work median ${ms(median(scroll.work))}, p95 ${ms(pct(scroll.work, 95))}, max ${ms(Math.max(...scroll.work))}; scrollTop → rows on screen median ${ms(median(scroll.frames))}, p95 ${ms(pct(scroll.frames, 95))} (the same two frames without a redraw: median ${ms(median(scroll.floor))}); ${Math.max(...scroll.drawn)} rows in the DOM at most`);
      console.log(`  interactions: matrix-cell drill-down ${ms(interactions.drill)} · slice change (matrix + metrics + table) ${ms(interactions.slice)} · search (incl. 120 ms debounce) ${ms(interactions.search)} · filter+sort of 10k median ${ms(median(interactions.filterSort))}`);
    }
    await context.close();
  }
  // The VS Code panel's path: the real panel page (panelHtml, with acquireVsCodeApi emulated), the run
  // posted to it as VS Code posts it (structured clone, no JSON text), after the 'ready' handshake.
  // Not for a real results file (--results): handing this bench's page a 100,000-case run as one JSON
  // argument takes more memory than the panel itself ever does.
  const harness = values.results ? undefined : await startHarness();
  if (harness) try {
    const panel: Array<{ firstView: number; interactive: number }> = [];
    for (let i = 0; i < LOADS; i++) {
      const context = await browser.newContext({ viewport: { width: 1300, height: 900 } });
      await context.addInitScript('window.__name = (f) => f;');
      const page = await context.newPage();
      await page.goto(`${harness.origin}/panel.html`);
      await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
      // What ResultsPanel posts: the summary, then the cases in chunks (showMessages).
      const messages = showMessages({ results: run, diff: null, baselineRunId: null, history: [] }, { specFile: '/x.aispec.md', specId: 'x' });
      await page.evaluate((text) => ((window as unknown as { __messages: unknown }).__messages = JSON.parse(text)), JSON.stringify(messages));
      panel.push(
        await page.evaluate(async () => {
          const w = window as unknown as { __messages: unknown[] };
          const start = performance.now();
          // One message per task, as they arrive from the extension host over IPC.
          for (const m of w.__messages) await new Promise<void>((r) => setTimeout(() => { window.postMessage(m, '*'); r(); }, 0));
          while (performance.getEntriesByName('aispec:interactive').length === 0) await new Promise((r) => setTimeout(r, 5));
          return {
            firstView: performance.getEntriesByName('aispec:first-render')[0]!.startTime - start,
            interactive: performance.getEntriesByName('aispec:interactive')[0]!.startTime - start,
          };
        }),
      );
      await context.close();
    }
    panelFigures = `  VS Code panel path (${LOADS} loads; from posting the run: summary, then ${caseChunks(run)} case chunks): first view median ${ms(median(panel.map((p) => p.firstView)))}, max ${ms(Math.max(...panel.map((p) => p.firstView)))}; case table ready median ${ms(median(panel.map((p) => p.interactive)))}`;
  } finally {
    await harness.close();
  }
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(panelFigures);

const fv = loads.map((l) => l.firstView);
console.log(`  first view (${LOADS} loads, fresh context each): median ${ms(median(fv))}, min ${ms(Math.min(...fv))}, max ${ms(Math.max(...fv))}  [budget ${BUDGET_MS} ms]`);
console.log(`    of which: script start at median ${ms(median(loads.map((l) => l.scriptStart)))} (the page up to the script: CSS and the summary JSON), summary render ${ms(median(loads.map((l) => l.render)))} (App.show: index and draw the verdict, gates, rates, matrix); first contentful paint median ${ms(median(loads.map((l) => l.fcp ?? NaN)))}`);
const last = loads[loads.length - 1]!;
const inter = loads.map((l) => l.interactive).filter((v) => Number.isFinite(v));
console.log(`  case table ready ('aispec:interactive', the cases read and the whole panel redrawn): median ${ms(median(inter))}; full render ${ms(last.fullRender)}`);
console.log(`    sections (ms, summary pass then full pass): ${last.sections.join(' · ')}`);
const ok = median(fv) < BUDGET_MS;
console.log(ok ? `  PASS first view within budget` : `  FAIL first view over budget`);
process.exitCode = ok ? 0 : 1;
