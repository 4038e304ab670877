// The panel: draws a run's results into a root element and keeps the view state (filters, slice, sort,
// expanded case, scroll) in step with the host's storage, so a reload or a hidden-then-shown panel comes
// back as it was. It knows nothing of VS Code: main.ts gives it a Host.
import type { CaseTableFilter, PanelData, PanelSource, PersistedState, ViewState, WebviewMessage } from '../shared/messages.js';
import { plural } from '../core/index.js';
import { buildIndex } from './model/cases.js';
import { classificationSection } from './render/classification.js';
import { NO_DRILL, type Ctx, type Part } from './render/context.js';
import { h, s } from './render/dom.js';
import { comparison, header, history, keyNumbers, performanceSection, rates, verdict } from './render/sections.js';
import { CasesSection } from './render/table.js';
import { judgeAgreementSection } from './render/judge-agreement.js';

export interface Host {
  /** Can open files and switch baselines. */
  interactive: boolean;
  post(message: WebviewMessage): void;
  save(state: PersistedState): void;
}

const SAVE_DELAY_MS = 150;

export class App {
  private ctx: Ctx | null = null;
  private source: PanelSource | null = null;
  private classificationEl: HTMLElement | null = null;
  private table: CasesSection | null = null;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private firstRender = true;

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
    if (this.firstRender) {
      this.firstRender = false;
      performance.mark('aispec:first-render');
      this.host.post({ type: 'rendered', ms: Math.round(performance.now() - started) });
    }
    performance.measure?.(pending ? 'aispec:render-summary' : 'aispec:render', { start: started });
    if (!pending) this.save();
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
