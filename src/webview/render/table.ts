// The case table: search, status buttons, the drill-down chips, and a virtualized <table> that draws only
// the rows in view (plus a few either side), so 10,000 cases scroll like 30. Rows are keyboard reachable with
// a roving tabindex (arrows, Page Up/Down, Home/End move; Enter or Space expands); an expanded row shows the
// whole case; a location button asks the host to open the case's line in the spec.
import { formatInteger, formatLocation, formatMs, formatRate, formatUsd, isNumber, NA, plural } from '../../core/index.js';
import type { CaseTableFilter, SortKey } from '../../shared/messages.js';
import { POOLED_CASE_CRITERIA, type CaseResult, type ToolCall } from '../../shared/results.js';
import { UNPARSED, hasCellFilter, inputText, tableRows } from '../model/cases.js';
import { rowAt, scrollToRow, virtualWindow } from '../model/virtual.js';
import { NO_DRILL, type Ctx } from './context.js';
import { cellText, h, hasInvisible, longText, revealedText } from './dom.js';

const OVERSCAN = 8;
const DEFAULT_ROW_HEIGHT = 30;
const MAX_TEXT = 50_000;

interface Column {
  key: string;
  title: string;
  sort?: SortKey;
  cls: string;
  cell: (c: CaseResult) => Node | string;
}

const STATUS_TEXT: Record<string, string> = { pass: '✓ pass', fail: '✗ fail', error: '⚠ error' };

export class CasesSection {
  readonly el: HTMLElement;
  private readonly scroller: HTMLDivElement;
  private readonly table: HTMLTableElement;
  private readonly thead: HTMLTableSectionElement;
  private readonly tbody: HTMLTableSectionElement;
  private readonly count: HTMLElement;
  private readonly chips: HTMLElement;
  private readonly search: HTMLInputElement;
  private readonly statusGroup: HTMLElement;
  private readonly columns: Column[];
  private rows: number[] = [];
  private rowHeight = DEFAULT_ROW_HEIGHT;
  private headerHeight = 0;
  private expandedHeight = 0;
  private active = 0;
  private drawn = { start: -1, end: -1, expanded: -1, padTop: -1, padBottom: -1 };
  private frame = 0;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private measured = false;

  constructor(private readonly ctx: Ctx) {
    this.columns = this.buildColumns();
    this.search = h('input', {
      class: 'search',
      attrs: { type: 'search', placeholder: 'Search id, input, output, reason, tags…', 'aria-label': 'Search cases', spellcheck: 'false', 'data-testid': 'search' },
    });
    this.search.value = ctx.view.filter.search;
    this.search.addEventListener('input', () => {
      clearTimeout(this.searchTimer);
      this.searchTimer = setTimeout(() => this.setFilter({ search: this.search.value }), 120);
    });
    this.statusGroup = h('div', { class: 'segmented', attrs: { role: 'group', 'aria-label': 'Status' } });
    this.count = h('p', { class: 'case-count', attrs: { 'aria-live': 'polite', 'data-testid': 'case-count' } });
    this.chips = h('div', { class: 'chips', attrs: { 'aria-label': 'Active filters', role: 'group' } });
    this.thead = h('thead');
    this.tbody = h('tbody', { attrs: { 'data-testid': 'case-rows' } });
    this.table = h('table', { class: 'cases', attrs: { 'aria-label': 'Cases', 'data-testid': 'cases' } }, this.colgroup(), this.thead, this.tbody);
    this.scroller = h('div', { class: 'table-scroll', attrs: { 'data-testid': 'case-scroller' } }, this.table);
    this.scroller.addEventListener('scroll', () => this.schedule(), { passive: true });
    this.tbody.addEventListener('click', (e) => this.onClick(e));
    this.tbody.addEventListener('keydown', (e) => this.onKey(e));
    this.el = h(
      'section',
      { class: 'card cases-section', attrs: { id: 'cases', 'aria-labelledby': 'h-cases' } },
      h('h2', { attrs: { id: 'h-cases' } }, 'Cases'),
      h('div', { class: 'toolbar' }, this.search, this.statusGroup),
      h('div', { class: 'toolbar' }, this.chips, this.count),
      this.scroller,
      h('p', { class: 'hint' }, `Arrow keys move between rows, Enter or Space opens one${ctx.interactive ? '; the location button opens the case in the spec' : ''}.`),
    );
    if (typeof ResizeObserver === 'function') new ResizeObserver(() => this.schedule()).observe(this.scroller);
    this.renderHead();
  }

  private buildColumns(): Column[] {
    const cases = this.ctx.index.cases;
    const labels = this.ctx.index.labels.length > 0;
    const any = (f: (c: CaseResult) => boolean) => cases.some(f);
    const cols: Array<Column | false> = [
      { key: 'status', title: 'status', sort: 'status', cls: 'c-status', cell: (c) => h('span', { class: `pill ${c.status === 'pass' ? 'ok' : c.status === 'fail' ? 'bad' : 'warn'}` }, STATUS_TEXT[c.status] ?? String(c.status)) },
      { key: 'id', title: 'case', sort: 'id', cls: 'c-id', cell: (c) => cellText(String(c.id), 120) },
      labels && { key: 'expected', title: 'expected', sort: 'expected', cls: 'c-label', cell: (c) => cellText(c.expected ?? '', 60) },
      labels && {
        key: 'predicted',
        title: 'predicted',
        sort: 'predicted',
        cls: 'c-label',
        cell: (c) => (typeof c.predicted === 'string' ? cellText(c.predicted, 60) : c.expected !== undefined ? h('span', { class: 'muted' }, UNPARSED) : ''),
      },
      { key: 'tags', title: 'tags', cls: 'c-tags', cell: (c) => cellText((c.tags ?? []).join(', '), 120) },
      any((c) => isNumber(c.score)) && { key: 'score', title: 'score', sort: 'score', cls: 'c-score num', cell: (c) => (isNumber(c.score) ? formatRate(c.score) : '') },
      any((c) => isNumber(c.confidence)) && { key: 'confidence', title: 'conf.', sort: 'confidence', cls: 'c-conf num', cell: (c) => (isNumber(c.confidence) ? formatRate(c.confidence) : '') },
      { key: 'latency', title: 'latency', sort: 'latency', cls: 'c-latency num', cell: (c) => (isNumber(c.latency_ms) ? formatMs(c.latency_ms) : '') },
      any((c) => isNumber(c.cost_usd)) && { key: 'cost', title: 'cost', sort: 'cost', cls: 'c-cost num', cell: (c) => (isNumber(c.cost_usd) ? formatUsd(c.cost_usd) : '') },
      { key: 'why', title: 'why / output', cls: 'c-why', cell: (c) => cellText(c.status === 'pass' ? (c.output ?? '') : c.reason || (c.output ?? ''), 240) },
      {
        key: 'loc',
        title: 'location',
        cls: 'c-loc',
        cell: (c) => {
          const loc = formatLocation(c.file, c.line);
          if (!loc) return '';
          // The file's name and line fit the column; the whole path is in the tooltip and the expanded case.
          const short = loc.slice(loc.lastIndexOf('/') + 1);
          return this.ctx.interactive
            ? h('button', { class: 'loc link', attrs: { type: 'button', tabindex: -1, 'data-reveal': '', title: loc, 'aria-label': `open ${loc} in the editor` } }, cellText(short, 200))
            : h('span', { attrs: { title: loc } }, cellText(short, 200));
        },
      },
    ];
    return cols.filter((c): c is Column => c !== false);
  }

  private colgroup(): HTMLElement {
    return h('colgroup', null, ...this.columns.map((c) => h('col', { class: c.cls })));
  }

  private renderHead(): void {
    const sort = this.ctx.view.sort;
    const cells = this.columns.map((col) => {
      const th = h('th', { class: col.cls, attrs: { scope: 'col' } });
      if (col.sort) {
        const active = sort.key === col.sort;
        th.setAttribute('aria-sort', active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none');
        th.appendChild(
          h(
            'button',
            {
              class: 'sort',
              attrs: { type: 'button', 'aria-label': `sort by ${col.title}${active ? (sort.dir === 'asc' ? ', sorted ascending' : ', sorted descending') : ''}` },
              on: { click: () => this.setSort(col.sort!) },
            },
            col.title,
            h('span', { class: 'sort-mark', attrs: { 'aria-hidden': 'true' } }, active ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''),
          ),
        );
      } else {
        th.textContent = col.title;
      }
      return th;
    });
    this.thead.replaceChildren(h('tr', { attrs: { 'aria-rowindex': 1 } }, ...cells));
  }

  private renderStatus(): void {
    const current = this.ctx.view.filter.status;
    const options: Array<[CaseTableFilter['status'], string]> = [
      ['all', 'All'],
      ['not-pass', '✗ Not passing'],
      ['fail', 'Failed'],
      ['error', '⚠ Errors'],
      ['pass', '✓ Passed'],
    ];
    this.statusGroup.replaceChildren(
      ...options.map(([value, label]) =>
        h('button', { class: 'seg', attrs: { type: 'button', 'aria-pressed': current === value ? 'true' : 'false', 'data-status': value }, on: { click: () => this.setFilter({ status: value }) } }, label),
      ),
    );
  }

  private renderChips(): void {
    const f = this.ctx.view.filter;
    const chips: Array<[string, () => void]> = [];
    if (hasCellFilter(f)) {
      const predicted = f.unparsed ? 'no label (unparsed)' : f.predicted;
      const text = f.expected !== null && predicted !== null ? `expected ${f.expected} → predicted ${predicted}` : f.expected !== null ? `expected ${f.expected}` : `predicted ${predicted}`;
      chips.push([text, () => this.setFilter({ expected: null, predicted: null, unparsed: false })]);
    }
    if (f.tag !== null) chips.push([`tag ${f.tag}`, () => this.setFilter({ tag: null })]);
    if (f.criterion !== null) chips.push([f.criterion === POOLED_CASE_CRITERIA ? "a case's own criterion failed" : `criterion ${f.criterion} failed`, () => this.setFilter({ criterion: null })]);
    if (f.antiPattern !== null) {
      const name = this.ctx.results.anti_patterns?.[f.antiPattern]?.name ?? f.antiPattern;
      chips.push([`anti-pattern ${name}`, () => this.setFilter({ antiPattern: null })]);
    }
    if (f.flip !== null) chips.push([f.flip.replace('-', ' ') + ' vs baseline', () => this.setFilter({ flip: null })]);
    const slice = this.ctx.view.slice;
    if (slice) chips.push([`slice ${slice.field} = ${slice.value}`, () => this.ctx.setView((v) => (v.slice = null), ['classification', 'table'])]);
    this.chips.replaceChildren(
      ...chips.map(([text, remove]) =>
        h('span', { class: 'chip', attrs: { 'data-testid': 'chip' } }, longText(text, 300), h('button', { class: 'chip-x', attrs: { type: 'button', 'aria-label': `remove filter ${text}` }, on: { click: remove } }, '×')),
      ),
    );
    if (chips.length > 1) this.chips.appendChild(h('button', { class: 'link', attrs: { type: 'button' }, on: { click: () => this.ctx.setView((v) => { Object.assign(v.filter, NO_DRILL); v.slice = null; }, ['classification', 'table']) } }, 'clear all'));
  }

  private setFilter(patch: Partial<CaseTableFilter>): void {
    this.ctx.setView((v) => {
      Object.assign(v.filter, patch);
      v.scrollTop = 0;
    }, ['table']);
  }

  private setSort(key: SortKey): void {
    this.ctx.setView((v) => {
      v.sort = v.sort.key === key ? { key, dir: v.sort.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: key === 'score' || key === 'confidence' ? 'asc' : key === 'latency' || key === 'cost' || key === 'tokens' ? 'desc' : 'asc' };
    }, ['table']);
  }

  /** Recomputes the rows from the view state and redraws (scroll offset from the state). */
  update(): void {
    const v = this.ctx.view;
    const t0 = performance.now();
    this.rows = tableRows(this.ctx.index, v.filter, v.slice, v.sort);
    performance.measure?.('aispec:filter-sort', { start: t0 });
    if (this.search.value !== v.filter.search) this.search.value = v.filter.search;
    this.renderHead();
    this.renderStatus();
    this.renderChips();
    const total = this.ctx.index.cases.length;
    this.count.textContent = this.rows.length === total ? `${plural(total, 'case')}` : `${formatInteger(this.rows.length)} of ${plural(total, 'case')}`;
    this.table.setAttribute('aria-rowcount', String(this.rows.length + 1));
    this.expandedHeight = 0;
    this.active = Math.min(this.active, Math.max(0, this.rows.length - 1));
    this.drawn = { start: -1, end: -1, expanded: -1, padTop: -1, padBottom: -1 };
    this.scroller.scrollTop = v.scrollTop;
    this.renderWindow();
  }

  /** Scrolls to the top of the table and focuses its first row (after a drill-down). */
  focusFirstRow(): void {
    this.active = 0;
    this.scroller.scrollTop = 0;
    this.renderWindow(true);
    (this.tbody.querySelector('tr.row') as HTMLElement | null)?.focus({ preventScroll: true });
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.renderWindow();
      this.ctx.view.scrollTop = this.scroller.scrollTop;
      this.ctx.setView(() => undefined, []);
    });
  }

  private expandedPos(): number {
    const id = this.ctx.view.expanded;
    if (id === null) return -1;
    for (let p = 0; p < this.rows.length; p++) if (this.ctx.index.cases[this.rows[p]!]!.id === id) return p;
    return -1;
  }

  private windowInput() {
    const viewport = Math.max(this.rowHeight, this.scroller.clientHeight - this.headerHeight);
    return {
      count: this.rows.length,
      rowHeight: this.rowHeight,
      scrollTop: this.scroller.scrollTop,
      viewportHeight: viewport,
      overscan: OVERSCAN,
      expandedIndex: this.expandedPos(),
      expandedHeight: this.expandedHeight,
    };
  }

  /** Draws the rows in view; does nothing when the same rows are already drawn, unless forced. */
  renderWindow(force = false): void {
    const started = performance.now();
    const input = this.windowInput();
    const w = virtualWindow(input);
    const same = this.drawn.start === w.start && this.drawn.end === w.end && this.drawn.expanded === input.expandedIndex && this.drawn.padTop === w.padTop && this.drawn.padBottom === w.padBottom;
    if (same && !force) return;
    const hadFocus = this.tbody.contains(document.activeElement);
    // The active row stays in the tab order: when scrolled away, the first row in view takes its place.
    const firstVisible = rowAt(input.scrollTop, input);
    if (this.active < w.start || this.active >= w.end) this.active = firstVisible;
    const nodes: Node[] = [this.spacer(w.padTop)];
    for (let p = w.start; p < w.end; p++) {
      const c = this.ctx.index.cases[this.rows[p]!]!;
      nodes.push(this.row(c, p, p === input.expandedIndex));
      if (p === input.expandedIndex) nodes.push(this.detailRow(c));
    }
    nodes.push(this.spacer(w.padBottom));
    if (this.rows.length === 0) nodes.splice(1, 0, h('tr', { class: 'empty' }, h('td', { attrs: { colspan: this.columns.length } }, 'No case matches these filters.')));
    this.tbody.replaceChildren(...nodes);
    this.drawn = { start: w.start, end: w.end, expanded: input.expandedIndex, padTop: w.padTop, padBottom: w.padBottom };
    if (hadFocus) (this.tbody.querySelector(`tr.row[data-pos="${this.active}"]`) as HTMLElement | null)?.focus({ preventScroll: true });
    performance.measure?.('aispec:rows', { start: started });
    this.measure(input.expandedIndex);
  }

  /** Adopts the real row, header and detail heights (fonts and zoom differ); redraws once if they changed. */
  private measure(expandedIndex: number): void {
    let changed = false;
    const head = this.thead.getBoundingClientRect().height;
    if (Math.abs(head - this.headerHeight) > 0.5) {
      this.headerHeight = head;
      changed = true;
    }
    if (!this.measured) {
      const row = this.tbody.querySelector('tr.row');
      if (row) {
        const rh = row.getBoundingClientRect().height;
        if (rh > 0) {
          this.measured = true;
          if (Math.abs(rh - this.rowHeight) > 0.5) {
            this.rowHeight = rh;
            changed = true;
          }
        }
      }
    }
    if (expandedIndex >= 0) {
      const detail = this.tbody.querySelector('tr.detail');
      const dh = detail ? detail.getBoundingClientRect().height : 0;
      if (Math.abs(dh - this.expandedHeight) > 0.5) {
        this.expandedHeight = dh;
        changed = true;
      }
    }
    if (changed) this.renderWindow(true);
  }

  private spacer(height: number): HTMLElement {
    const td = h('td', { attrs: { colspan: this.columns.length } });
    td.style.height = `${height}px`;
    return h('tr', { class: 'spacer', attrs: { 'aria-hidden': 'true' } }, td);
  }

  private row(c: CaseResult, pos: number, expanded: boolean): HTMLElement {
    const tr = h('tr', {
      class: `row ${c.status}${expanded ? ' expanded' : ''}`,
      attrs: { 'data-pos': pos, 'data-id': c.id, 'aria-rowindex': pos + 2, 'aria-expanded': expanded ? 'true' : 'false', tabindex: pos === this.active ? 0 : -1 },
    });
    for (const col of this.columns) {
      const content = col.cell(c);
      tr.appendChild(h('td', { class: col.cls }, content));
    }
    return tr;
  }

  private detailRow(c: CaseResult): HTMLElement {
    return h('tr', { class: 'detail', attrs: { 'data-id': c.id } }, h('td', { attrs: { colspan: this.columns.length } }, caseDetail(this.ctx, c)));
  }

  private onClick(e: MouseEvent): void {
    const target = e.target as HTMLElement;
    const tr = target.closest('tr.row') as HTMLElement | null;
    if (!tr) return;
    const pos = Number(tr.dataset.pos);
    const c = this.ctx.index.cases[this.rows[pos]!];
    if (!c) return;
    this.active = pos;
    if (target.closest('[data-reveal]')) {
      this.ctx.post({ type: 'reveal', caseId: c.id });
      return;
    }
    this.toggle(c.id);
  }

  private toggle(id: string): void {
    this.expandedHeight = 0;
    this.ctx.setView((v) => (v.expanded = v.expanded === id ? null : id), []);
    this.renderWindow(true);
    (this.tbody.querySelector(`tr.row[data-pos="${this.active}"]`) as HTMLElement | null)?.focus({ preventScroll: true });
  }

  private onKey(e: KeyboardEvent): void {
    const target = e.target as HTMLElement;
    if (!target.matches('tr.row')) return;
    const pos = Number(target.dataset.pos);
    const page = Math.max(1, Math.floor((this.scroller.clientHeight - this.headerHeight) / this.rowHeight) - 1);
    let next = pos;
    switch (e.key) {
      case 'ArrowDown':
        next = pos + 1;
        break;
      case 'ArrowUp':
        next = pos - 1;
        break;
      case 'PageDown':
        next = pos + page;
        break;
      case 'PageUp':
        next = pos - page;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = this.rows.length - 1;
        break;
      case 'Enter':
      case ' ': {
        e.preventDefault();
        const c = this.ctx.index.cases[this.rows[pos]!];
        if (c) this.toggle(c.id);
        return;
      }
      default:
        return;
    }
    e.preventDefault();
    next = Math.max(0, Math.min(this.rows.length - 1, next));
    this.active = next;
    const input = this.windowInput();
    const top = scrollToRow(next, { ...input, viewportHeight: input.viewportHeight });
    if (top !== this.scroller.scrollTop) this.scroller.scrollTop = top;
    this.renderWindow(true);
    (this.tbody.querySelector(`tr.row[data-pos="${next}"]`) as HTMLElement | null)?.focus({ preventScroll: true });
  }
}

// ── The expanded case ────────────────────────────────────────────────────────────────────────────────────

/** The tool calls beside the output: each name, and its arguments as indented JSON (the raw text, marked, when they were not valid JSON). */
function toolCallsBlock(calls: readonly ToolCall[]): HTMLElement {
  const items = calls.map((call) => {
    const args = call.arguments_error !== undefined ? String(call.arguments) : (JSON.stringify(call.arguments, null, 2) ?? '');
    const pre = h('pre', { class: 'case-text', attrs: { dir: 'auto' } });
    pre.appendChild(revealedText(args.length > MAX_TEXT ? `${args.slice(0, MAX_TEXT)}… (${formatInteger(args.length - MAX_TEXT)} more characters)` : args));
    return h(
      'li',
      null,
      h('code', null, longText(String(call.name), 200)),
      call.arguments_error !== undefined ? h('span', { class: 'warn' }, ' ⚠ ', longText(String(call.arguments_error), 300)) : null,
      pre,
    );
  });
  return h('div', { class: 'block', attrs: { 'data-testid': 'tool-calls' } }, h('h4', null, `Tool calls (${formatInteger(calls.length)})`), h('ol', { class: 'tool-calls' }, ...items));
}

function textBlock(title: string, text: string | null, testid: string): HTMLElement {
  const body = text ?? '';
  const pre = h('pre', { class: 'case-text', attrs: { 'data-testid': testid, dir: 'auto' } });
  const long = body.length > MAX_TEXT;
  pre.appendChild(revealedText(long ? body.slice(0, MAX_TEXT) : body));
  const block = h('div', { class: 'block' }, h('h4', null, title, text === null ? h('span', { class: 'muted' }, ' (none)') : ''), pre);
  if (hasInvisible(body)) block.appendChild(h('p', { class: 'warn' }, '⚠ contains invisible or bidirectional control characters, shown as U+XXXX marks'));
  if (long) {
    const more = h('button', { class: 'link', attrs: { type: 'button' } }, `show all ${formatInteger(body.length)} characters`);
    more.addEventListener('click', () => {
      pre.replaceChildren(revealedText(body));
      more.remove();
    });
    block.appendChild(more);
  }
  return block;
}

/** A row's verdict: `passed: null` is "n/a" (a criterion that does not apply to the case), neither pass nor fail. */
function verdictTable(caption: string, head: string[], rows: Array<{ passed: boolean | null; error?: boolean; cells: Array<string | Node> }>): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'verdicts' },
      h('caption', null, caption),
      h('thead', null, h('tr', null, ...['', ...head].map((t, i) => h('th', { attrs: { scope: 'col', ...(i === 0 ? { 'aria-label': 'verdict' } : {}) } }, t)))),
      h(
        'tbody',
        null,
        ...rows.map((r) =>
          h(
            'tr',
            { class: r.error ? 'warn' : r.passed === null ? 'na' : r.passed ? 'ok' : 'bad' },
            h('td', null, h('span', { class: `pill ${r.error ? 'warn' : r.passed === null ? 'muted' : r.passed ? 'ok' : 'bad'}` }, r.error ? '⚠ error' : r.passed === null ? 'n/a' : r.passed ? '✓ pass' : '✗ fail')),
            ...r.cells.map((cell) => h('td', null, typeof cell === 'string' ? longText(cell, 2000) : cell)),
          ),
        ),
      ),
    ),
  );
}

/** The judge's verdicts on the case's own criteria and reference answer, shown right under its output. */
function ownCriteriaBlock(c: CaseResult): HTMLElement | null {
  const own = Array.isArray(c.criteria) ? c.criteria.filter((x) => x.source === 'case') : [];
  if (own.length === 0) return null;
  return h(
    'div',
    { class: 'own-criteria', attrs: { 'data-testid': 'case-criteria' } },
    verdictTable("This case's criteria", ['id', 'criterion', 'critical', 'judge reason'], own.map((x) => ({ passed: x.passed, error: x.error === true, cells: [x.id, typeof x.criterion === 'string' ? x.criterion : '', x.critical ? 'critical' : '', x.reason] }))),
  );
}

export function caseDetail(ctx: Ctx, c: CaseResult): HTMLElement {
  const loc = formatLocation(c.file, c.line);
  const head = h(
    'div',
    { class: 'detail-head' },
    h('span', { class: `pill ${c.status === 'pass' ? 'ok' : c.status === 'fail' ? 'bad' : 'warn'}` }, STATUS_TEXT[c.status] ?? String(c.status)),
    h('strong', { class: 'detail-id' }, longText(String(c.id), 500)),
    loc
      ? ctx.interactive
        ? h('button', { class: 'btn', attrs: { type: 'button', 'data-testid': 'reveal' }, on: { click: () => ctx.post({ type: 'reveal', caseId: c.id }) } }, 'Open ', h('bdi', null, loc))
        : h('code', null, h('bdi', null, loc))
      : null,
    c.cached ? h('span', { class: 'tag' }, 'cached') : null,
    c.flaky ? h('span', { class: 'tag warn' }, '⚠ flaky') : null,
  );
  const kv: Array<[string, string | Node]> = [];
  if (c.expected !== undefined) kv.push(['expected', h('bdi', null, c.expected)]);
  if (c.expected !== undefined || c.predicted !== undefined) kv.push(['predicted', h('bdi', null, typeof c.predicted === 'string' ? c.predicted : 'no label (unparsed)')]);
  if (c.classify_reason) kv.push(['classified because', longText(c.classify_reason, 2000)]);
  if (isNumber(c.score)) kv.push(['score', formatRate(c.score)]);
  if (isNumber(c.confidence)) kv.push(['confidence', formatRate(c.confidence)]);
  kv.push(['latency', isNumber(c.latency_ms) ? formatMs(c.latency_ms) : NA]);
  if (c.usage) kv.push(['tokens', `${formatInteger(c.usage.input_tokens)} in · ${formatInteger(c.usage.output_tokens)} out`]);
  if (c.cost_usd !== null && c.cost_usd !== undefined) kv.push(['cost', formatUsd(c.cost_usd)]);
  if (Array.isArray(c.tags) && c.tags.length) kv.push(['tags', longText(c.tags.join(', '), 2000)]);
  if (c.meta && typeof c.meta === 'object') {
    for (const [key, value] of Object.entries(c.meta)) kv.push([`meta.${key}`, longText(typeof value === 'string' ? value : (JSON.stringify(value) ?? ''), 2000)]);
  }
  const parts: Array<HTMLElement | null> = [
    head,
    c.reason ? h('p', { class: 'reason' }, h('strong', null, 'Why: '), longText(c.reason)) : null,
    h('div', { class: 'detail-grid' }, textBlock('Input', inputText(c.input) || (c.input === null ? null : ''), 'detail-input'), textBlock('Output', c.output, 'detail-output')),
    Array.isArray(c.tool_calls) && c.tool_calls.length ? toolCallsBlock(c.tool_calls) : null,
    ownCriteriaBlock(c),
    h('dl', { class: 'facts' }, ...kv.map(([k, v]) => h('div', { class: 'fact' }, h('dt', null, k), h('dd', null, v)))),
  ];
  const rubric = Array.isArray(c.criteria) ? c.criteria.filter((x) => x.source !== 'case') : [];
  if (rubric.length) {
    parts.push(verdictTable('Rubric criteria', ['criterion', 'weight', 'critical', 'graded by', 'reason'], rubric.map((x) => ({ passed: x.passed, error: x.error === true, cells: [x.id, String(x.weight), x.critical ? 'critical' : '', x.graded_by, x.reason] }))));
  }
  if (Array.isArray(c.checks) && c.checks.length) {
    parts.push(verdictTable('Checks', ['kind', 'source', 'reason'], c.checks.map((x) => ({ passed: x.passed, cells: [x.kind, x.source, x.reason] }))));
  }
  if (Array.isArray(c.anti_patterns) && c.anti_patterns.length) {
    parts.push(h('div', { class: 'block' }, h('h4', null, 'Anti-patterns detected'), h('ul', { class: 'ap-list' }, ...c.anti_patterns.map((a) => h('li', null, '⚠ ', longText(a.name || a.id, 300), ': matched ', h('q', null, longText(a.matched, 2000)))))));
  }
  if (Array.isArray(c.attempts) && c.attempts.length > 1) {
    parts.push(verdictTable(`Attempts (${c.attempts.length})`, ['predicted', 'latency', 'cached', 'reason', 'output'], c.attempts.map((a) => ({ passed: a.status === 'pass', error: a.status === 'error', cells: [a.predicted ?? '', isNumber(a.latency_ms) ? formatMs(a.latency_ms) : NA, a.cached ? 'yes' : 'no', a.reason, cellText(a.output ?? '', 200)] }))));
  }
  return h('div', { class: 'detail', attrs: { 'data-testid': 'case-detail', role: 'region', 'aria-label': `case ${c.id}` } }, ...parts);
}
