// The Compare view of a spec run on several targets: the recommendation, quality against cost (pass rate
// with its 95% interval over cost per case on a log axis, the pass_rate gate as a line, the Pareto front
// marked, the recommended target ringed), every point again in a table, the gates by target, the McNemar
// pairs, and the cases on which the targets disagree with each target's output side by side, a page at a
// time. Choosing a target (its point, its row) opens its full results in the single-run view.
import type { ComparedTarget, ComparisonResults } from '../../shared/comparison.js';
import type { CaseResult } from '../../shared/results.js';
import { formatGateActual, formatGateTarget, formatInterval, formatMs, formatPValue, formatRate, formatUsd, plural, verdictStyle } from '../../core/index.js';
import { costAxis, disagreements, gateTable, pageOf, paretoFront, passRateThresholds, rateDomain, statusOn, type GateCell } from '../model/comparison.js';
import { legend } from './charts.js';
import { cellText, h, longText, s, tip } from './dom.js';
import { section } from './sections.js';

/** Disagreeing cases per page: each shows every target's output, so a page is already long. */
export const DISAGREEMENTS_PER_PAGE = 10;

export interface CompareActions {
  /** Opens one target's full results. */
  openTarget(name: string): void;
  /** The page of disagreeing cases to show (0-based). */
  page: number;
  /** Shows another page of disagreeing cases. */
  setPage(page: number): void;
}

export function compareView(data: ComparisonResults, actions: CompareActions): HTMLElement {
  const main = h('main', { class: 'aispec compare', attrs: { 'data-view': 'compare' } });
  main.append(compareHeader(data), recommendation(data), qualityAgainstCost(data, actions), gatesByTarget(data, actions));
  const pairs = pairsSection(data);
  if (pairs) main.appendChild(pairs);
  main.appendChild(disagreementsSection(data, actions));
  return main;
}

function runOf(data: ComparisonResults, name: string) {
  return Object.hasOwn(data.targets, name) ? data.targets[name] : undefined;
}

function compareHeader(data: ComparisonResults): HTMLElement {
  const first = data.comparison.targets[0] ? runOf(data, data.comparison.targets[0].name) : undefined;
  const spec = first?.spec;
  const cases = first?.summary?.total ?? first?.cases?.length ?? 0;
  return h(
    'header',
    { class: 'page-header' },
    h('h1', null, h('bdi', null, spec?.title || spec?.id || 'aispec comparison')),
    h('p', { class: 'meta' }, h('bdi', null, [`spec ${spec?.id ?? '—'}`, `${plural(data.comparison.targets.length, 'target')} compared`, plural(cases, 'case')].join(' · '))),
    spec?.file ? h('p', { class: 'meta file' }, h('bdi', null, spec.file)) : null,
  );
}

function recommendation(data: ComparisonResults): HTMLElement {
  const name = data.comparison.recommended;
  const banner = h(
    'div',
    { class: `verdict-banner ${name ? 'pass' : 'fail'}`, attrs: { role: 'status', 'data-testid': 'recommendation' } },
    h('span', { class: 'verdict-mark', attrs: { 'aria-hidden': 'true' } }, name ? '★' : '✗'),
    h('span', { class: 'verdict-text' }, name ? 'Recommended: ' : 'No target recommended', name ? h('bdi', null, name) : null),
  );
  return h(
    'section',
    { class: 'card verdict', attrs: { id: 'recommendation', 'aria-label': 'Recommendation' } },
    banner,
    h('p', { class: 'recommendation-reason', attrs: { 'data-testid': 'recommendation-reason' } }, h('bdi', null, data.comparison.recommended_reason)),
  );
}

function targetSummary(t: ComparedTarget, front: Set<string>, recommended: string | null): string {
  const bits = [
    `${t.name}: pass rate ${formatRate(t.pass_rate)} (95% CI ${formatInterval(t.pass_rate_ci95)})`,
    `cost per case ${t.cost_per_case_usd === null ? 'unknown' : formatUsd(t.cost_per_case_usd)}`,
    verdictStyle(t.verdict)?.word ?? String(t.verdict),
  ];
  if (front.has(t.name)) bits.push('on the Pareto front');
  if (t.name === recommended) bits.push('recommended');
  return bits.join(', ');
}

// ── Quality against cost ─────────────────────────────────────────────────────────────────────────────────

const W = 600;
const H = 300;
const M = { l: 48, r: 18, t: 16, b: 42 };
/** The band at the left edge where targets of unknown cost stand. */
const UNKNOWN_BAND = 64;

function qualityAgainstCost(data: ComparisonResults, actions: CompareActions): HTMLElement {
  const targets = data.comparison.targets;
  const front = paretoFront(targets);
  const thresholds = passRateThresholds(data);
  const recommended = data.comparison.recommended;
  const unknown = targets.filter((t) => t.cost_per_case_usd === null || !(t.cost_per_case_usd > 0));
  const axis = costAxis(targets);
  const [y0, y1] = rateDomain(targets, thresholds);
  const plotLeft = M.l + (unknown.length ? UNKNOWN_BAND : 0);
  const plotRight = W - M.r;
  const ih = H - M.t - M.b;
  const X = (cost: number | null) => (cost === null || !(cost > 0) || !axis ? M.l + UNKNOWN_BAND / 2 : plotLeft + axis.position(cost) * (plotRight - plotLeft));
  const Y = (rate: number) => M.t + ih - ((Math.max(y0, Math.min(y1, rate)) - y0) / (y1 - y0)) * ih;

  const title = 'Pass rate against cost per case, each target with its 95% interval';
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart compare-chart', role: 'group', 'aria-label': title, 'data-testid': 'quality-cost' });
  svg.appendChild(tip(title));
  const axes = s('g', { class: 'axes' });
  for (let k = 0; k <= 4; k++) {
    const v = y0 + ((y1 - y0) * k) / 4;
    axes.appendChild(s('line', { class: 'grid', x1: M.l, x2: plotRight, y1: Y(v), y2: Y(v) }));
    axes.appendChild(s('text', { class: 'tick', x: M.l - 6, y: Y(v) + 4, 'text-anchor': 'end' }, formatRate(v)));
  }
  for (const tick of axis?.ticks ?? []) {
    const x = X(tick);
    axes.appendChild(s('line', { class: 'tick-mark', x1: x, x2: x, y1: M.t + ih, y2: M.t + ih + 4 }));
    axes.appendChild(s('text', { class: 'tick', x, y: M.t + ih + 16, 'text-anchor': 'middle' }, formatUsd(tick)));
  }
  if (unknown.length) {
    axes.appendChild(s('rect', { class: 'unknown-band', x: M.l, y: M.t, width: UNKNOWN_BAND - 8, height: ih }));
    axes.appendChild(s('text', { class: 'tick', x: M.l + (UNKNOWN_BAND - 8) / 2, y: M.t + ih + 16, 'text-anchor': 'middle' }, 'unknown'));
  }
  axes.appendChild(s('line', { class: 'axis', x1: M.l, x2: plotRight, y1: M.t + ih, y2: M.t + ih }));
  axes.appendChild(s('line', { class: 'axis', x1: M.l, x2: M.l, y1: M.t, y2: M.t + ih }));
  axes.appendChild(s('text', { class: 'axis-label', x: (plotLeft + plotRight) / 2, y: H - 6, 'text-anchor': 'middle' }, 'cost per case (log scale)'));
  axes.appendChild(s('text', { class: 'axis-label', x: 12, y: M.t + ih / 2, 'text-anchor': 'middle', transform: `rotate(-90 12 ${M.t + ih / 2})` }, 'pass rate'));
  svg.appendChild(axes);

  for (const threshold of thresholds) {
    const label = `pass_rate gate ≥ ${formatRate(threshold)}`;
    svg.appendChild(s('line', { class: 'ref gate', x1: M.l, x2: plotRight, y1: Y(threshold), y2: Y(threshold) }, tip(label)));
    svg.appendChild(s('text', { class: 'ref-label', x: plotRight - 2, y: Y(threshold) - 4, 'text-anchor': 'end' }, label));
  }

  // The front as a step line from the cheapest to the best: what each extra dollar buys.
  const onFront = targets.filter((t) => front.has(t.name)).sort((a, b) => a.cost_per_case_usd! - b.cost_per_case_usd!);
  if (onFront.length > 1) {
    let d = '';
    onFront.forEach((t, i) => {
      const [x, y] = [X(t.cost_per_case_usd), Y(t.pass_rate!)];
      d += i === 0 ? `M${x.toFixed(1)},${y.toFixed(1)}` : `H${x.toFixed(1)}V${y.toFixed(1)}`;
    });
    svg.appendChild(s('path', { class: 'pareto-line', d }, tip('Pareto front: no other target is both cheaper and better')));
  }

  let unknownIndex = 0;
  for (const t of targets) {
    if (t.pass_rate === null || !Number.isFinite(t.pass_rate)) continue;
    const isUnknown = unknown.includes(t);
    // Targets of unknown cost share the band: spread them so their whiskers do not overlap.
    const x = isUnknown ? M.l + 8 + ((UNKNOWN_BAND - 24) * (unknownIndex++ + 0.5)) / Math.max(1, unknown.length) : X(t.cost_per_case_usd);
    const y = Y(t.pass_rate);
    const classes = ['target-point', front.has(t.name) ? 'front' : 'off-front', t.name === recommended ? 'recommended' : '', isUnknown ? 'unknown-cost' : ''].filter(Boolean).join(' ');
    const g = s('g', { class: classes, tabindex: 0, role: 'button', 'aria-label': `${targetSummary(t, front, recommended)}. Open its results.`, 'data-target': t.name });
    g.appendChild(tip(targetSummary(t, front, recommended)));
    if (t.pass_rate_ci95) {
      const [lo, hi] = [Y(t.pass_rate_ci95[0]), Y(t.pass_rate_ci95[1])];
      g.appendChild(s('line', { class: 'whisker', x1: x, x2: x, y1: lo, y2: hi }));
      g.appendChild(s('line', { class: 'whisker', x1: x - 4, x2: x + 4, y1: lo, y2: lo }));
      g.appendChild(s('line', { class: 'whisker', x1: x - 4, x2: x + 4, y1: hi, y2: hi }));
    }
    if (t.name === recommended) g.appendChild(s('circle', { class: 'ring', cx: x, cy: y, r: 10 }));
    // A larger invisible target around the mark, so a pointer need not hit the 5-pixel dot itself.
    g.appendChild(s('circle', { class: 'hit', cx: x, cy: y, r: 14 }));
    g.appendChild(s('circle', { class: 'pt', cx: x, cy: y, r: 5 }));
    const right = x < (plotLeft + plotRight) / 2;
    g.appendChild(s('text', { class: 'point-label', x: x + (right ? 9 : -9), y: y - 7, 'text-anchor': right ? 'start' : 'end' }, `${t.name === recommended ? '★ ' : ''}${t.name}`));
    const open = () => actions.openTarget(t.name);
    g.addEventListener('click', open);
    g.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        open();
      }
    });
    svg.appendChild(g);
  }

  const notes: Array<HTMLElement | null> = [
    legend([
      { label: 'on the Pareto front (filled)', className: 'front-swatch', marker: 'circle' },
      { label: 'beaten on cost and quality (hollow)', className: 'off-front-swatch', marker: 'circle' },
      ...(thresholds.length ? [{ label: 'pass_rate gate', className: 'gate-swatch' }] : []),
      ...(recommended ? [{ label: `★ recommended: ${recommended}`, className: 'recommended-swatch' }] : []),
    ]),
    unknown.length
      ? h('p', { class: 'hint', attrs: { 'data-testid': 'unknown-cost-note' } }, `Cost unknown (no pricing, or no token usage reported), drawn at the left edge and left off the Pareto front: ${unknown.map((t) => t.name).join(', ')}.`)
      : null,
  ];
  return section('quality-cost', 'Quality against cost', h('div', { class: 'chart-wrap' }, svg), ...notes, targetsTable(data, front, actions));
}

/** Every point of the chart as a row, with the button that opens the target's results. */
function targetsTable(data: ComparisonResults, front: Set<string>, actions: CompareActions): HTMLElement {
  const recommended = data.comparison.recommended;
  const head = ['Target', 'Verdict', 'Pass rate', '95% CI', 'Cost / case', 'Cost / day', 'p95 latency', 'Errors', 'Pareto front', ''];
  const rows = data.comparison.targets.map((t) => {
    const style = verdictStyle(t.verdict);
    return h(
      'tr',
      { class: t.name === recommended ? 'recommended' : '', attrs: { 'data-target': t.name } },
      h('th', { attrs: { scope: 'row' } }, h('bdi', null, t.name), t.name === recommended ? h('span', { class: 'pill ok' }, '★ recommended') : null, h('div', { class: 'muted' }, h('bdi', null, [t.provider, t.model].filter(Boolean).join(' ')))),
      h('td', null, h('span', { class: `pill ${t.verdict === 'pass' ? 'ok' : t.verdict === 'fail' ? 'bad' : 'warn'}` }, `${style?.textMark ?? ''} ${style?.word ?? String(t.verdict)}`)),
      h('td', { class: 'num' }, formatRate(t.pass_rate)),
      h('td', { class: 'num' }, formatInterval(t.pass_rate_ci95)),
      h('td', { class: 'num' }, t.cost_per_case_usd === null ? 'unknown' : formatUsd(t.cost_per_case_usd)),
      h('td', { class: 'num' }, t.cost_per_day_usd === null ? 'unknown' : formatUsd(t.cost_per_day_usd)),
      h('td', { class: 'num' }, formatMs(t.latency_p95_ms)),
      h('td', { class: 'num' }, String(t.errors)),
      h('td', null, front.has(t.name) ? 'yes' : t.cost_per_case_usd === null ? 'cost unknown' : 'no'),
      h('td', null, h('button', { class: 'btn', attrs: { type: 'button', 'data-testid': 'open-target', 'aria-label': `Open the results of ${t.name}` }, on: { click: () => actions.openTarget(t.name) } }, 'Open results')),
    );
  });
  return h(
    'div',
    { class: 'table-wrap' },
    h('table', { class: 'compare-targets', attrs: { 'data-testid': 'targets-table' } }, h('caption', { class: 'sr-only' }, 'Targets compared'), h('thead', null, h('tr', null, ...head.map((c) => h('th', { attrs: { scope: 'col' } }, c)))), h('tbody', null, ...rows)),
  );
}

// ── Gates by target ──────────────────────────────────────────────────────────────────────────────────────

const CELL_MARK: Record<GateCell['state'], string> = { pass: '✓ pass', fail: '✗ fail', undecided: '? not decided', absent: '—' };
const CELL_TONE: Record<GateCell['state'], string> = { pass: 'ok', fail: 'bad', undecided: 'warn', absent: 'muted' };

function gatesByTarget(data: ComparisonResults, actions: CompareActions): HTMLElement {
  const rows = gateTable(data);
  const targets = data.comparison.targets;
  const table = h(
    'table',
    { class: 'gates-by-target', attrs: { 'data-testid': 'gates-by-target' } },
    h('caption', { class: 'sr-only' }, 'Each gate on each target'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { attrs: { scope: 'col' } }, 'Gate'),
        h('th', { attrs: { scope: 'col' } }, 'Threshold'),
        ...targets.map((t) => h('th', { attrs: { scope: 'col' } }, h('button', { class: 'link', attrs: { type: 'button', 'aria-label': `Open the results of ${t.name}` }, on: { click: () => actions.openTarget(t.name) } }, h('bdi', null, t.name)))),
      ),
    ),
    h(
      'tbody',
      null,
      ...rows.map((row) => {
        const gate = row.cells.find((c) => c.gate)?.gate;
        return h(
          'tr',
          null,
          h('th', { attrs: { scope: 'row' } }, h('bdi', null, row.name)),
          h('td', { class: 'num' }, gate ? formatGateTarget(gate) : ''),
          ...row.cells.map((cell) =>
            h(
              'td',
              { class: `gate-cell ${CELL_TONE[cell.state]}`, attrs: { 'data-state': cell.state, title: cell.gate?.note ?? cell.gate?.reason ?? null } },
              h('span', { class: 'gate-state' }, CELL_MARK[cell.state]),
              cell.gate ? h('span', { class: 'gate-value' }, ` ${formatGateActual(cell.gate)}`) : null,
            ),
          ),
        );
      }),
    ),
  );
  return section('target-gates', 'Gates by target', rows.length ? h('div', { class: 'table-wrap' }, table) : h('p', { class: 'hint' }, 'The spec has no gates.'));
}

// ── Pairs ────────────────────────────────────────────────────────────────────────────────────────────────

function pairsSection(data: ComparisonResults): HTMLElement | null {
  const pairs = data.comparison.pairs;
  if (!pairs.length) return null;
  const rows = pairs.map((p) =>
    h(
      'tr',
      null,
      h('th', { attrs: { scope: 'row' } }, h('bdi', null, p.a), ' vs ', h('bdi', null, p.b)),
      h('td', { class: 'num' }, String(p.n)),
      h('td', { class: 'num' }, String(p.a_only_pass)),
      h('td', { class: 'num' }, String(p.b_only_pass)),
      h('td', { class: 'num' }, formatPValue(p.mcnemar_p)),
      h('td', null, p.mcnemar_p < 0.05 ? 'beyond noise (p < 0.05)' : 'within noise'),
    ),
  );
  return section(
    'pairs',
    'Pairs of targets',
    h('p', { class: 'hint' }, 'On the cases both targets graded: where only one passed, and the exact McNemar test of the difference.'),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'pairs', attrs: { 'data-testid': 'pairs' } },
        h('thead', null, h('tr', null, ...['Pair', 'Cases', 'Only the first passed', 'Only the second passed', 'McNemar p', ''].map((c) => h('th', { attrs: { scope: 'col' } }, c)))),
        h('tbody', null, ...rows),
      ),
    ),
  );
}

// ── Disagreements ────────────────────────────────────────────────────────────────────────────────────────

const STATUS_MARK: Record<string, string> = { pass: '✓ pass', fail: '✗ fail', error: '⚠ error', missing: '— not run' };

function disagreementsSection(data: ComparisonResults, actions: CompareActions): HTMLElement {
  const all = disagreements(data);
  const names = data.comparison.targets.map((t) => t.name);
  if (all.length === 0) return section('disagreements', 'Where the targets disagree', h('p', { class: 'hint', attrs: { 'data-testid': 'disagreement-count' } }, 'Every case has the same status on every target.'));
  const page = pageOf(all, actions.page, DISAGREEMENTS_PER_PAGE);
  const pager = page.count > 1
    ? h(
        'nav',
        { class: 'pager', attrs: { 'aria-label': 'Pages of disagreeing cases' } },
        h('button', { class: 'btn', attrs: { type: 'button', disabled: page.index === 0, 'data-testid': 'page-previous' }, on: { click: () => actions.setPage(page.index - 1) } }, '← Previous'),
        h('span', { class: 'muted', attrs: { 'aria-live': 'polite', 'data-testid': 'page-position' } }, `Cases ${page.first + 1}–${page.first + page.items.length} of ${all.length}`),
        h('button', { class: 'btn', attrs: { type: 'button', disabled: page.index >= page.count - 1, 'data-testid': 'page-next' }, on: { click: () => actions.setPage(page.index + 1) } }, 'Next →'),
      )
    : null;
  const items = page.items.map((d) =>
    h(
      'li',
      { class: 'disagreement', attrs: { 'data-id': d.id } },
      h('h3', null, h('bdi', null, d.id.length > 300 ? `${d.id.slice(0, 300)}…` : d.id)),
      inputOf(d.results.find((r) => r) ?? null),
      h(
        'div',
        { class: 'side-by-side' },
        ...d.results.map((r, i) => {
          const status = statusOn(r);
          return h(
            'div',
            { class: `side status-${status}`, attrs: { role: 'group', 'aria-label': `${names[i]}: ${STATUS_MARK[status] ?? status}` } },
            h('h4', null, h('bdi', null, names[i] ?? ''), ' ', h('span', { class: `pill ${status === 'pass' ? 'ok' : status === 'fail' ? 'bad' : 'warn'}` }, STATUS_MARK[status] ?? status)),
            r ? h('div', { class: 'output' }, longText(typeof r.output === 'string' ? r.output : '(no output)')) : null,
            r && typeof r.reason === 'string' && r.reason ? h('p', { class: 'why' }, 'Why: ', longText(r.reason, 1000)) : null,
          );
        }),
      ),
    ),
  );
  return section(
    'disagreements',
    'Where the targets disagree',
    h('p', { class: 'hint', attrs: { 'data-testid': 'disagreement-count' } }, `${plural(all.length, 'case')} where the targets’ statuses differ, with each target’s output side by side.`),
    pager,
    h('ol', { class: 'disagreements', attrs: { 'data-testid': 'disagreements', start: page.first + 1 } }, ...items),
  );
}

function inputOf(c: CaseResult | null): HTMLElement | null {
  if (!c || c.input === null || c.input === undefined) return null;
  const text = typeof c.input === 'string' ? c.input : Array.isArray(c.input) ? c.input.map((m) => `${String(m?.role)}: ${String(m?.content)}`).join('\n') : '';
  return h('p', { class: 'disagreement-input' }, h('span', { class: 'muted' }, 'Input: '), cellText(text, 600));
}
