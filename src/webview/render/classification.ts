// The classification section: a slice picker, the confusion matrix as a heat map (counts and row
// percentages, the unparsed column, predicted totals and precision), per-class precision / recall / F1 /
// support with the precision and recall intervals and gate marks, the summary scores, and, with confidence
// scores, the precision / recall trade-off across thresholds. A slice recomputes every number with the core
// metrics.
import { formatInteger, formatInterval, formatRate, formatRateWithCi, gateNote, isUndecided, NA, plural } from '../../core/index.js';
import type { ClassificationResults } from '../../shared/results.js';
import { UNPARSED, sliceCases, sliceFields, type SliceField } from '../model/cases.js';
import { classificationFor, rateOf, recallInterval, thresholdCurve, thresholdPoint } from '../model/metrics.js';
import { legend, lineChart } from './charts.js';
import type { Ctx } from './context.js';
import { h } from './dom.js';
import { section } from './sections.js';

let cachedFields: { cases: unknown; fields: SliceField[] } | null = null;

function fieldsOf(ctx: Ctx): SliceField[] {
  if (cachedFields?.cases !== ctx.index.cases) cachedFields = { cases: ctx.index.cases, fields: sliceFields(ctx.index.cases) };
  return cachedFields.fields;
}

function slicePicker(ctx: Ctx, fields: SliceField[]): HTMLElement {
  const slice = ctx.view.slice;
  const fieldSelect = h('select', {
    attrs: { 'aria-label': 'Slice by field', 'data-testid': 'slice-field' },
    on: {
      change: (e) => {
        const field = (e.currentTarget as HTMLSelectElement).value;
        const first = fields.find((f) => f.field === field)?.values[0]?.value;
        ctx.setView((v) => {
          v.slice = field && first !== undefined ? { field, value: first } : null;
          v.scrollTop = 0;
          v.expanded = null;
        }, ['classification', 'table']);
      },
    },
  });
  fieldSelect.appendChild(h('option', { attrs: { value: '' } }, 'all cases'));
  for (const f of fields) {
    const option = h('option', { attrs: { value: f.field } }, f.field);
    if (slice?.field === f.field) option.selected = true;
    fieldSelect.appendChild(option);
  }
  const field = fields.find((f) => f.field === slice?.field);
  const valueSelect = h('select', {
    attrs: { 'aria-label': 'Slice value', 'data-testid': 'slice-value', disabled: !field },
    on: {
      change: (e) => {
        const value = (e.currentTarget as HTMLSelectElement).value;
        ctx.setView((v) => {
          if (v.slice) v.slice = { field: v.slice.field, value };
          v.scrollTop = 0;
          v.expanded = null;
        }, ['classification', 'table']);
      },
    },
  });
  if (field) {
    const values = field.values.some((v) => v.value === slice!.value) ? field.values : [{ value: slice!.value, count: 0 }, ...field.values];
    for (const v of values) {
      const option = h('option', { attrs: { value: v.value } }, `${v.value} (${formatInteger(v.count)})`);
      if (v.value === slice!.value) option.selected = true;
      valueSelect.appendChild(option);
    }
  } else {
    valueSelect.appendChild(h('option', { attrs: { value: '' } }, '—'));
  }
  return h('div', { class: 'slice-picker', attrs: { role: 'group', 'aria-label': 'Slice' } }, h('span', { class: 'picker-label' }, 'Slice'), fieldSelect, h('span', { 'attrs': { 'aria-hidden': 'true' } }, '='), valueSelect);
}

function matrixTable(ctx: Ctx, c: ClassificationResults, caption: string): HTMLElement {
  const labels = c.labels;
  const k = labels.length;
  const colTotals = labels.map((_, j) => c.matrix.reduce((s, row) => s + (row[j] ?? 0), 0));
  const supports = labels.map((_, i) => (c.matrix[i] ?? []).reduce((s, v) => s + v, 0) + (c.unparsed[i] ?? 0));
  const cells: HTMLButtonElement[][] = [];

  const cellButton = (i: number, j: number | 'unparsed'): HTMLElement => {
    const count = j === 'unparsed' ? (c.unparsed[i] ?? 0) : (c.matrix[i]?.[j] ?? 0);
    const support = supports[i] ?? 0;
    const share = support > 0 ? count / support : 0;
    const expected = labels[i]!;
    const predicted = j === 'unparsed' ? 'no label (unparsed)' : labels[j]!;
    const diag = j === i;
    const pct = support > 0 ? `${(share * 100).toFixed(share > 0 && share < 0.1 ? 1 : 0)}%` : NA;
    const button = h(
      'button',
      {
        class: 'cell-btn',
        attrs: {
          type: 'button',
          tabindex: -1,
          'data-row': i,
          'data-col': j === 'unparsed' ? k : j,
          'aria-label': `expected ${expected}, predicted ${predicted}: ${plural(count, 'case')}, ${pct} of the row${diag ? ', correct' : count ? ', wrong' : ''}. Show these cases.`,
        },
        on: {
          click: (e) => ctx.drill(j === 'unparsed' ? { expected, unparsed: true } : { expected, predicted: labels[j]! }, e.currentTarget as HTMLElement),
        },
      },
      h('span', { class: 'count' }, formatInteger(count)),
      h('span', { class: 'pct' }, count ? pct : ''),
    );
    (cells[i] ??= [])[j === 'unparsed' ? k : j] = button;
    // Shading in ten steps of the row share (a class, not an inline style: cheap for a 20-label matrix).
    const heat = count === 0 ? 0 : Math.max(1, Math.round(share * 10));
    return h('td', { class: `cell ${diag ? 'diag' : 'off'} heat-${heat}${count === 0 ? ' zero' : ''}${share >= 0.5 ? ' strong' : ''}${j === 'unparsed' ? ' unparsed' : ''}` }, button);
  };

  const head = h(
    'tr',
    null,
    h('th', { class: 'corner', attrs: { scope: 'col' } }, h('span', null, 'expected ↓'), h('span', null, 'predicted →')),
    ...labels.map((label) => h('th', { class: 'col-head', attrs: { scope: 'col', title: label } }, h('bdi', null, label))),
    h('th', { class: 'col-head', attrs: { scope: 'col', title: 'outputs that matched no label' } }, 'unparsed'),
    h('th', { class: 'col-head total', attrs: { scope: 'col' } }, 'support'),
    h('th', { class: 'col-head total', attrs: { scope: 'col' } }, 'recall'),
  );
  const body = labels.map((label, i) =>
    h(
      'tr',
      null,
      h('th', { class: 'row-head', attrs: { scope: 'row', title: label } }, h('bdi', null, label)),
      ...labels.map((_, j) => cellButton(i, j)),
      cellButton(i, 'unparsed'),
      h('td', { class: 'num total' }, formatInteger(supports[i])),
      h('td', { class: 'num total' }, formatRate(c.per_class[label]?.recall)),
    ),
  );
  const foot = h(
    'tr',
    null,
    h('th', { class: 'row-head total', attrs: { scope: 'row' } }, 'predicted total'),
    ...colTotals.map((t) => h('td', { class: 'num total' }, formatInteger(t))),
    h('td', { class: 'num total' }, formatInteger(c.unparsed.reduce((s, v) => s + v, 0))),
    h('td', { class: 'num total' }, formatInteger(c.n)),
    h('td', { class: 'num total' }, ''),
  );
  const foot2 = h(
    'tr',
    null,
    h('th', { class: 'row-head total', attrs: { scope: 'row' } }, 'precision'),
    ...labels.map((label) => h('td', { class: 'num total' }, formatRate(c.per_class[label]?.precision))),
    h('td', { class: 'total' }),
    h('td', { class: 'total' }),
    h('td', { class: 'total' }),
  );
  const table = h('table', { class: 'matrix', attrs: { 'data-testid': 'matrix' } }, h('caption', { class: 'sr-only' }, caption), h('thead', null, head), h('tbody', null, ...body), h('tfoot', null, foot, foot2));
  // Roving focus: one cell is in the tab order; arrow keys move between cells, Enter/Space open them.
  const first = cells[0]?.[0];
  if (first) first.tabIndex = 0;
  table.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement;
    if (!target.classList.contains('cell-btn')) return;
    const r = Number(target.dataset.row);
    const col = Number(target.dataset.col);
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    let next: HTMLButtonElement | undefined;
    if (e.key in moves) {
      const [dr, dc] = moves[e.key]!;
      next = cells[Math.max(0, Math.min(k - 1, r + dr))]?.[Math.max(0, Math.min(k, col + dc))];
    } else if (e.key === 'Home') next = cells[r]?.[0];
    else if (e.key === 'End') next = cells[r]?.[k];
    if (!next) return;
    e.preventDefault();
    for (const row of cells) for (const b of row) if (b) b.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  });
  return h(
    'div',
    null,
    h('p', { class: 'hint', attrs: { 'aria-hidden': 'true' } }, caption),
    h('div', { class: 'matrix-wrap', attrs: { role: 'region', 'aria-label': 'Confusion matrix', tabindex: 0 } }, table),
  );
}

function perClassTable(ctx: Ctx, c: ClassificationResults): HTMLElement {
  const gates = ctx.results.summary?.gates ?? [];
  const rows = c.labels.map((label) => {
    const m = c.per_class[label];
    // A results file written before per-class intervals existed has none for precision; recall's is
    // recomputed from the matrix as the panel always did.
    const precisionCi = m?.precision_ci95 ?? null;
    const recallCi = m?.recall_ci95 ?? recallInterval(c, label);
    const marks = gates
      .filter((g) => g.name.endsWith(`.${label}`) && /^(recall|precision|f1)\./.test(g.name))
      .map((g) => {
        const undecided = isUndecided(g);
        return h(
          'span',
          { class: `pill ${!g.passed ? 'bad' : undecided ? 'warn' : 'ok'}`, attrs: undecided ? { title: gateNote(g) ?? '' } : {} },
          `${!g.passed ? '✗' : undecided ? '?' : '✓'} ${g.name.split('.')[0]} ≥ ${g.target}`,
        );
      });
    return h(
      'tr',
      null,
      h('th', { attrs: { scope: 'row' } }, h('button', { class: 'link', attrs: { type: 'button', 'aria-label': `${label}: show the cases expecting it` }, on: { click: (e) => ctx.drill({ expected: label }, e.currentTarget as HTMLElement) } }, h('bdi', null, label))),
      h('td', { class: 'num' }, formatRate(m?.precision), h('span', { class: 'ci' }, precisionCi ? ` (${formatInterval(precisionCi)})` : '')),
      h('td', { class: 'num' }, formatRate(m?.recall), h('span', { class: 'ci' }, recallCi ? ` (${formatInterval(recallCi)})` : '')),
      h('td', { class: 'num' }, formatRate(m?.f1)),
      h('td', { class: 'num' }, formatInteger(m?.support)),
      h('td', { class: 'marks' }, ...marks),
    );
  });
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'per-class', attrs: { 'data-testid': 'per-class' } },
      h('caption', { class: 'sr-only' }, 'Per-class precision and recall with their 95% intervals, F1 and support'),
      h('thead', null, h('tr', null, ...['label', 'precision (95% CI)', 'recall (95% CI)', 'F1', 'support', 'gates'].map((t) => h('th', { attrs: { scope: 'col' } }, t)))),
      h('tbody', null, ...rows),
    ),
  );
}

function thresholds(ctx: Ctx, cases: ReturnType<typeof sliceCases>, labels: string[]): HTMLElement | null {
  const positive = ctx.view.positiveLabel && labels.includes(ctx.view.positiveLabel) ? ctx.view.positiveLabel : labels.length === 2 ? labels[0]! : (labels[labels.length - 1] ?? '');
  const curve = thresholdCurve(cases, labels, positive);
  if (!curve) return null;
  const select = h('select', {
    attrs: { 'aria-label': 'Positive label' },
    on: { change: (e) => ctx.setView((v) => (v.positiveLabel = (e.currentTarget as HTMLSelectElement).value), ['classification']) },
  });
  for (const label of labels) {
    const o = h('option', { attrs: { value: label } }, label);
    if (label === positive) o.selected = true;
    select.appendChild(o);
  }
  const pts = curve.points;
  const chart = lineChart({
    title: `Precision and recall of "${positive}" across confidence thresholds`,
    xLabel: 'threshold',
    yLabel: 'rate',
    xDomain: [0, 1],
    yDomain: [0, 1],
    series: [
      { name: 'precision', points: pts.map((p) => [p.threshold, p.precision]), className: 's-precision', marker: 'circle' },
      { name: 'recall', points: pts.map((p) => [p.threshold, p.recall]), className: 's-recall', marker: 'square' },
    ],
  });
  const readout = h('output', { class: 'threshold-readout', attrs: { 'aria-live': 'polite' } });
  const slider = h('input', { attrs: { type: 'range', min: 0, max: 1, step: 0.01, value: 0.5, 'aria-label': 'Confidence threshold' } });
  const update = () => {
    const t = Number(slider.value);
    const p = thresholdPoint(cases, labels, positive, t);
    readout.textContent = p
      ? `at threshold ${t.toFixed(2)}: precision ${formatRate(p.precision)} · recall ${formatRate(p.recall)} · ${formatInteger(p.truePositives + p.falsePositives)} acted on (${formatInteger(p.truePositives)} right, ${formatInteger(p.falsePositives)} wrong) of ${formatInteger(curve.positives)} "${positive}" cases`
      : '';
  };
  slider.addEventListener('input', update);
  update();
  return h(
    'div',
    { class: 'thresholds' },
    h('h3', null, 'Precision and recall across confidence thresholds'),
    h('div', { class: 'row' }, h('label', { class: 'picker' }, 'Positive label ', select), h('span', { class: 'hint' }, h('bdi', null, `counted positive when ${curve.rule}${curve.rocAuc !== null ? ` · ROC AUC ${formatRate(curve.rocAuc)}` : ''}`))),
    h('div', { class: 'chart-wrap' }, chart),
    legend([
      { label: 'precision (solid, ●)', className: 's-precision', marker: 'circle' },
      { label: 'recall (dashed, ■)', className: 's-recall', marker: 'square' },
    ]),
    h('div', { class: 'row' }, h('label', { class: 'picker' }, 'Threshold ', slider), readout),
  );
}

export function classificationSection(ctx: Ctx): HTMLElement | null {
  const base = ctx.results.classification;
  const labels = base?.labels ?? ctx.index.labels;
  if (!base || labels.length === 0) return null;
  const slice = ctx.view.slice;
  if (ctx.casesPending && slice) {
    // A restored slice needs the cases to recompute; say so rather than show the whole run's matrix.
    return section('classification', 'Classification', h('p', { class: 'slice-note' }, h('bdi', null, `Slice ${slice.field} = ${slice.value}: reading the cases…`)));
  }
  const fields = ctx.casesPending ? [] : fieldsOf(ctx);
  const cases = sliceCases(ctx.index.cases, slice);
  // The whole run shows the engine's own numbers; a slice recomputes them with the same functions.
  const c = slice === null ? base : classificationFor(cases, labels);
  const sliceNote = slice
    ? h('p', { class: 'slice-note', attrs: { 'aria-live': 'polite', 'data-testid': 'slice-note' } }, h('bdi', null, `Slice ${slice.field} = ${slice.value}: ${plural(cases.length, 'case')}; pass rate ${formatRateWithCi(rateOf(cases).rate, rateOf(cases).ci95, rateOf(cases).n)}`), ' ',
        h('button', { class: 'link', attrs: { type: 'button' }, on: { click: () => ctx.setView((v) => { v.slice = null; v.scrollTop = 0; }, ['classification', 'table']) } }, 'clear slice'))
    : h('p', { class: 'slice-note', attrs: { 'aria-live': 'polite', 'data-testid': 'slice-note' } }, ctx.casesPending ? 'Reading the cases: slices and the threshold chart follow.' : `All ${plural(ctx.index.cases.length, 'case')}. Pick a slice to see whether a group does worse than the aggregate.`);
  const summary = h(
    'p',
    { class: 'figures', attrs: { 'data-testid': 'class-summary' } },
    `accuracy ${formatRate(c.accuracy)} · macro F1 ${formatRate(c.macro_f1)} · weighted F1 ${formatRate(c.weighted_f1)} · kappa ${formatRate(c.kappa)} · n=${formatInteger(c.n)}`,
    c.scores ? ` · ROC AUC ${formatRate(c.scores.roc_auc)} (positive: ${c.scores.positive_label})` : '',
  );
  const caption = `Confusion matrix: rows expected, columns predicted; cell shading and percentage are the share of the row (n=${formatInteger(c.n)}${slice ? `, slice ${slice.field} = ${slice.value}` : ''})`;
  return section(
    'classification',
    'Classification',
    fields.length ? slicePicker(ctx, fields) : null,
    sliceNote,
    summary,
    matrixTable(ctx, c, caption),
    h('p', { class: 'hint' }, 'Diagonal cells (bold, outlined) are correct. Select a cell or a label to list its cases; arrow keys move between cells.'),
    perClassTable(ctx, c),
    ctx.casesPending ? null : thresholds(ctx, cases, labels),
  );
}

export { UNPARSED };
