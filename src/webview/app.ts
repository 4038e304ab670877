// The panel: draws a run's results into a root element and keeps the view state (filters, slice, sort,
// expanded case, scroll) in step with the host's storage, so a reload or a hidden-then-shown panel comes
// back as it was. A spec with several targets is first drawn as the Compare view; choosing a target shows
// its run in the single-run view, which offers the way back. It knows nothing of VS Code: main.ts gives it
// a Host.
import type { ComparisonResults } from '../shared/comparison.js';
import type { CaseTableFilter, PanelData, PanelSource, PersistedState, ViewState, WebviewMessage } from '../shared/messages.js';
import { plural } from '../core/index.js';
import { buildIndex } from './model/cases.js';
import { classificationSection } from './render/classification.js';
import { NO_DRILL, type Ctx, type Part } from './render/context.js';
import { compareView } from './render/compare.js';
import { specChangeView } from './render/spec-change.js';
import type { SpecChangeData } from '../shared/spec-change.js';
import { h, s } from './render/dom.js';
import { comparison, header, history, keyNumbers, performanceSection, rates, verdict } from './render/sections.js';
import { CasesSection } from './render/table.js';
import { judgeAgreementSection } from './render/judge-agreement.js';

export interface Host {
  /** Can open files and switch baselines. */
  interactive: boolean;
  post(message: WebviewMessage): void;
  save(state: PersistedState): void;
  /**
   * Who switches between the comparison and one target's run: the extension (it loads the target's run with
   * its history and baseline; the App posts 'openTarget'), or, when false, the App itself from the
   * comparison it holds (the HTML report, which carries every target's run).
   */
  switchesTargets: boolean;
}

const SAVE_DELAY_MS = 150;

export class App {
  private ctx: Ctx | null = null;
  private source: PanelSource | null = null;
  private classificationEl: HTMLElement | null = null;
  private table: CasesSection | null = null;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private firstRender = true;
  /** The comparison last shown, while the panel shows it or one of its targets' runs. */
  private compared: ComparisonResults | null = null;
  private disagreementPage = 0;

  constructor(
    private readonly root: HTMLElement,
    private readonly host: Host,
    private view: ViewState,
  ) {}

  /** A message in place of results (no run yet, loading, an error). */
  message(title: string, text: string): void {
    this.root.replaceChildren(h('main', { class: 'aispec empty-state' }, h('h1', null, h('bdi', null, title)), h('p', null, h('bdi', null, text))));
    this.root.setAttribute('aria-busy', 'false');
  }

  /** The Compare view of a spec's several targets. */
  showComparison(data: ComparisonResults, source: PanelSource | null): void {
    const started = performance.now();
    if (this.compared !== data) this.disagreementPage = 0;
    this.compared = data;
    this.source = source;
    this.ctx = null;
    this.table = null;
    this.classificationEl = null;
    const draw = () =>
      compareView(data, {
        openTarget: (name) => this.openTarget(name),
        page: this.disagreementPage,
        setPage: (page) => {
          this.disagreementPage = page;
          const next = draw();
          this.root.replaceChildren(patterns(), next);
          next.querySelector<HTMLElement>('#disagreements')?.scrollIntoView({ block: 'start' });
          next.querySelector<HTMLElement>('#disagreements nav button:not([disabled])')?.focus();
        },
      });
    this.root.replaceChildren(patterns(), timed('compare', draw));
    this.root.setAttribute('aria-busy', 'false');
    this.markRendered(started);
    this.save();
  }

  /** Compare with Base Branch: what changed in the spec against the base branch, then in quality. */
  showSpecChange(data: SpecChangeData, source: PanelSource | null): void {
    const started = performance.now();
    this.compared = null;
    this.source = source;
    this.ctx = null;
    this.table = null;
    this.classificationEl = null;
    const view = timed('spec-change', () => specChangeView(data, { interactive: this.host.interactive, post: (m) => this.host.post(m) }));
    this.root.replaceChildren(view);
    this.root.setAttribute('aria-busy', 'false');
    this.markRendered(started);
    this.save();
  }

  /** Shows one target's full results (null: the comparison again). */
  openTarget(name: string | null): void {
    if (this.host.switchesTargets) {
      this.host.post({ type: 'openTarget', target: name });
      return;
    }
    const compared = this.compared;
    if (!compared) return;
    if (name === null) {
      this.showComparison(compared, this.source);
      window.scrollTo(0, 0);
      return;
    }
    const results = Object.hasOwn(compared.targets, name) ? compared.targets[name] : undefined;
    if (!results) return;
    const targets = compared.comparison.targets.map((t) => t.name);
    this.show({ results, diff: null, baselineRunId: null, history: [], comparedTargets: targets }, this.source);
    window.scrollTo(0, 0);
  }

  show(data: PanelData, source: PanelSource | null, options: { casesPending?: boolean } = {}): void {
    const started = performance.now();
    const pending = options.casesPending === true;
    const scrollY = window.scrollY;
    this.source = source;
    const results = data.results;
    const index = buildIndex(results, data.diff);
    const ctx: Ctx = {
      data,
      results,
      index,
      view: this.view,
      interactive: this.host.interactive,
      casesPending: pending,
      drill: (filter, from) => this.drill(filter, from),
      setView: (mutate, parts) => this.setView(mutate, parts),
      post: (m) => this.host.post(m),
    };
    this.ctx = ctx;
    // A restored slice / drill-down may name what this run lacks; it then simply shows nothing, with its chip.
    const main = h('main', { class: 'aispec', attrs: { 'data-verdict': results.summary?.verdict ?? 'unknown' } });
    // One target's run of a compared spec: say which, and offer the way back to the comparison.
    const partOf = Array.isArray(data.comparedTargets) && data.comparedTargets.length > 0 ? targetBar(results.run?.target?.name, data.comparedTargets, () => this.openTarget(null)) : null;
    if (partOf) main.appendChild(partOf);
    else this.compared = null;
    main.append(patterns(), timed('header', () => header(ctx)), timed('verdict', () => verdict(ctx)), timed('key-numbers', () => keyNumbers(ctx)));
    const parts = [timed('history', () => history(ctx)), timed('rates', () => rates(ctx))];
    for (const p of parts) if (p) main.appendChild(p);
    this.classificationEl = timed('classification', () => classificationSection(ctx));
    if (this.classificationEl) main.appendChild(this.classificationEl);
    const calibration = timed('judge-agreement', () => judgeAgreementSection(ctx));
    if (calibration) main.appendChild(calibration);
    const perf = timed('performance', () => performanceSection(ctx));
    if (perf) main.appendChild(perf);
    const cmp = timed('comparison', () => comparison(ctx));
    if (cmp) main.appendChild(cmp);
    if (pending) {
      this.table = null;
      main.appendChild(
        h('section', { class: 'card cases-section', attrs: { id: 'cases', 'aria-labelledby': 'h-cases', 'aria-busy': 'true' } }, h('h2', { attrs: { id: 'h-cases' } }, 'Cases'), h('p', { class: 'hint' }, `Reading ${plural(results.summary?.total ?? 0, 'case')}…`)),
      );
    } else {
      this.table = new CasesSection(ctx);
      main.appendChild(this.table.el);
    }
    this.root.replaceChildren(main);
    this.root.setAttribute('aria-busy', pending ? 'true' : 'false');
    if (this.table) timed('table', () => this.table!.update());
    if (scrollY) window.scrollTo(0, scrollY);
    this.markRendered(started);
    performance.measure?.(pending ? 'aispec:render-summary' : 'aispec:render', { start: started });
    if (!pending) this.save();
  }

  private markRendered(started: number): void {
    if (!this.firstRender) return;
    this.firstRender = false;
    performance.mark('aispec:first-render');
    this.host.post({ type: 'rendered', ms: Math.round(performance.now() - started) });
  }

  private drill(patch: Partial<CaseTableFilter>, _from?: HTMLElement): void {
    this.setView((v) => {
      v.filter = { ...v.filter, ...NO_DRILL, status: 'all', search: '', ...patch };
      v.expanded = null;
      v.scrollTop = 0;
    }, ['table']);
    const section = this.table?.el;
    if (section) {
      section.scrollIntoView({ block: 'start' });
      this.table!.focusFirstRow();
    }
  }

  private setView(mutate: (view: ViewState) => void, parts: Part[]): void {
    mutate(this.view);
    const ctx = this.ctx;
    if (ctx && parts.includes('classification') && this.classificationEl) {
      const next = classificationSection(ctx);
      if (next) {
        // Keep focus on the control the user just used, if it survives the redraw.
        const focused = document.activeElement as HTMLElement | null;
        const key = focused?.getAttribute('aria-label');
        this.classificationEl.replaceWith(next);
        this.classificationEl = next;
        if (key && focused && !document.contains(focused)) (next.querySelector(`[aria-label="${CSS.escape(key)}"]`) as HTMLElement | null)?.focus();
      }
    }
    if (parts.includes('table')) this.table?.update();
    this.scheduleSave();
  }

  private scheduleSave(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.save(), SAVE_DELAY_MS);
  }

  private save(): void {
    clearTimeout(this.saveTimer);
    this.host.save({ v: 1, view: this.view, source: this.source });
  }
}

/** Above one target's run of a compared spec: which target it is, and the button back to the comparison. */
function targetBar(name: unknown, targets: readonly string[], back: () => void): HTMLElement {
  return h(
    'nav',
    { class: 'target-bar', attrs: { 'aria-label': 'Compared targets', 'data-testid': 'target-bar' } },
    h('button', { class: 'btn', attrs: { type: 'button', 'data-testid': 'back-to-comparison' }, on: { click: back } }, `← Compare all ${targets.length} targets`),
    h('span', { class: 'muted' }, 'Target ', h('bdi', null, typeof name === 'string' ? name : '?'), ' of ', ...targets.flatMap((t, i) => [i ? ', ' : '', h('bdi', null, t)])),
  );
}

/** Runs a part of the render under a performance measure (the bench prints them). */
function timed<T>(name: string, draw: () => T): T {
  const start = performance.now();
  const result = draw();
  performance.measure?.(`aispec:section:${name}`, { start });
  return result;
}

/** Shared SVG patterns: the hatch that marks a bar below its gate (a texture, not only a colour). */
function patterns(): SVGSVGElement {
  const svg = s('svg', { class: 'defs', width: 0, height: 0, 'aria-hidden': 'true', focusable: 'false' });
  svg.appendChild(
    s(
      'defs',
      {},
      s(
        'pattern',
        { id: 'aispec-hatch', patternUnits: 'userSpaceOnUse', width: 6, height: 6, patternTransform: 'rotate(45)' },
        s('rect', { class: 'hatch-bg', x: 0, y: 0, width: 6, height: 6 }),
        s('line', { class: 'hatch-line', x1: 0, y1: 0, x2: 0, y2: 6 }),
      ),
    ),
  );
  return svg;
}
