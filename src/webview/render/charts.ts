// SVG charts drawn with the theme's colours (CSS classes map to --vscode-charts-* with a standalone
// fallback). Every chart has a text equivalent next to it or in its accessible name; colour is never the
// only signal: lines differ by dash pattern and carry legends, marks carry ✓/✗ shapes or labels.
import type { Interval } from '../../shared/results.js';
import { h, s, tip } from './dom.js';

const clamp01 = (v: number) => Math.max(0, Math.min(1, v));

export interface BarRow {
  label: string;
  rate: number | null;
  ci: Interval | null;
  /** Shown after the rate, e.g. "n=32" or "5 hits". */
  detail: string;
  /** Text value, e.g. "0.813 (0.647–0.911)". */
  value: string;
  /** A gate on this rate: `min` target ≤ rate or `max` rate ≤ target; `decided: false` when the sample leaves it open. */
  gate?: { target: number; direction: 'min' | 'max'; passed: boolean; decided?: boolean } | undefined;
  /** Bars of a "bad" thing (anti-pattern hit rates) use the warning colour. */
  tone?: 'rate' | 'bad';
  onSelect?: (() => void) | undefined;
  /** Accessible name of the row's button. */
  aria: string;
}

/** Horizontal bars from 0 to 1 with Wilson-interval whiskers and gate ticks; each row is a button. */
export function rateBars(rows: readonly BarRow[], caption: string): HTMLElement {
  const list = h('ul', { class: 'bars', attrs: { 'aria-label': caption } });
  for (const row of rows) {
    const W = 200;
    const svg = s('svg', { viewBox: `0 0 ${W} 16`, preserveAspectRatio: 'none', class: 'bar-svg', 'aria-hidden': 'true', focusable: 'false' });
    svg.appendChild(s('rect', { class: 'bar-track', x: 0, y: 3, width: W, height: 10, rx: 1 }));
    if (row.rate !== null) {
      const below = row.gate && !row.gate.passed;
      svg.appendChild(s('rect', { class: `bar-fill ${row.tone === 'bad' ? 'bad' : ''} ${below ? 'below-gate' : ''}`, x: 0, y: 3, width: clamp01(row.rate) * W, height: 10, rx: 1 }));
    }
    if (row.ci) {
      const [lo, hi] = [clamp01(row.ci[0]) * W, clamp01(row.ci[1]) * W];
      svg.appendChild(s('line', { class: 'whisker', x1: lo, x2: hi, y1: 8, y2: 8, 'vector-effect': 'non-scaling-stroke' }));
      svg.appendChild(s('line', { class: 'whisker', x1: lo, x2: lo, y1: 4, y2: 12, 'vector-effect': 'non-scaling-stroke' }));
      svg.appendChild(s('line', { class: 'whisker', x1: hi, x2: hi, y1: 4, y2: 12, 'vector-effect': 'non-scaling-stroke' }));
    }
    if (row.gate) {
      const x = clamp01(row.gate.target) * W;
      svg.appendChild(s('line', { class: 'gate-tick', x1: x, x2: x, y1: 0, y2: 16, 'vector-effect': 'non-scaling-stroke' }));
    }
    const gateText = row.gate
      ? h(
          'span',
          { class: `gate-mark ${!row.gate.passed ? 'bad' : row.gate.decided === false ? 'warn' : 'ok'}` },
          `${!row.gate.passed ? '✗' : row.gate.decided === false ? '?' : '✓'} gate ${row.gate.direction === 'max' ? '≤' : '≥'} ${row.gate.target}`,
        )
      : h('span', { class: 'gate-mark none' });
    const content = [h('span', { class: 'bar-label' }, h('bdi', null, row.label)), h('span', { class: 'bar-chart' }, svg), h('span', { class: 'bar-value' }, row.value), h('span', { class: 'bar-n' }, row.detail), gateText];
    const item = row.onSelect
      ? h('button', { class: 'bar-row', attrs: { type: 'button', 'aria-label': row.aria }, on: { click: row.onSelect } }, ...content)
      : h('div', { class: 'bar-row', attrs: { role: 'group', 'aria-label': row.aria } }, ...content);
    list.appendChild(h('li', null, item));
  }
  return list;
}

export interface Series {
  name: string;
  /** [x, y] pairs; null y leaves a gap. */
  points: Array<[number, number | null]>;
  className: string;
  /** Marker shape at each point, so series differ by more than colour. */
  marker?: 'circle' | 'square' | 'none';
}

export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  xDomain: [number, number];
  yDomain: [number, number];
  series: Series[];
  /** Vertical reference lines (a chosen threshold). */
  vlines?: Array<{ x: number; label: string; className: string }>;
  /** Horizontal reference lines (a gate). */
  hlines?: Array<{ y: number; label: string; className: string }>;
  /** Intervals per x (history's Wilson intervals). */
  whiskers?: Array<{ x: number; lo: number; hi: number }>;
  xTicks?: Array<{ x: number; label: string }>;
  yTicks?: number[];
  formatX?: (x: number) => string;
  width?: number;
  height?: number;
  /** Point marks with their own class and tooltip (history: pass / fail shapes). */
  marks?: Array<{ x: number; y: number; shape: 'circle' | 'cross' | 'diamond' | 'square'; className: string; title: string }>;
}

const fmtTick = (v: number) => (Math.abs(v) >= 1000 ? v.toLocaleString('en-US') : String(Math.round(v * 100) / 100));

export function lineChart(o: LineChartOptions): SVGSVGElement {
  const W = o.width ?? 560;
  const H = o.height ?? 220;
  const m = { l: 44, r: 14, t: 12, b: 36 };
  const iw = W - m.l - m.r;
  const ih = H - m.t - m.b;
  const [x0, x1] = o.xDomain;
  const [y0, y1] = o.yDomain;
  const X = (x: number) => m.l + (x1 === x0 ? iw / 2 : ((x - x0) / (x1 - x0)) * iw);
  const Y = (y: number) => m.t + ih - (y1 === y0 ? ih / 2 : ((y - y0) / (y1 - y0)) * ih);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': o.title });
  svg.appendChild(tip(o.title));
  const axes = s('g', { class: 'axes' });
  for (const t of o.yTicks ?? [y0, (y0 + y1) / 2, y1]) {
    axes.appendChild(s('line', { class: 'grid', x1: m.l, x2: m.l + iw, y1: Y(t), y2: Y(t) }));
    axes.appendChild(s('text', { class: 'tick', x: m.l - 6, y: Y(t) + 4, 'text-anchor': 'end' }, fmtTick(t)));
  }
  const xTicks = o.xTicks ?? [0, 0.25, 0.5, 0.75, 1].map((f) => ({ x: x0 + f * (x1 - x0), label: (o.formatX ?? fmtTick)(x0 + f * (x1 - x0)) }));
  for (const t of xTicks) {
    axes.appendChild(s('line', { class: 'tick-mark', x1: X(t.x), x2: X(t.x), y1: m.t + ih, y2: m.t + ih + 4 }));
    axes.appendChild(s('text', { class: 'tick', x: X(t.x), y: m.t + ih + 16, 'text-anchor': 'middle' }, t.label));
  }
  axes.appendChild(s('line', { class: 'axis', x1: m.l, x2: m.l + iw, y1: m.t + ih, y2: m.t + ih }));
  axes.appendChild(s('line', { class: 'axis', x1: m.l, x2: m.l, y1: m.t, y2: m.t + ih }));
  axes.appendChild(s('text', { class: 'axis-label', x: m.l + iw / 2, y: H - 4, 'text-anchor': 'middle' }, o.xLabel));
  axes.appendChild(s('text', { class: 'axis-label', x: 12, y: m.t + ih / 2, 'text-anchor': 'middle', transform: `rotate(-90 12 ${m.t + ih / 2})` }, o.yLabel));
  svg.appendChild(axes);
  for (const l of o.hlines ?? []) {
    svg.appendChild(s('line', { class: l.className, x1: m.l, x2: m.l + iw, y1: Y(l.y), y2: Y(l.y) }, tip(l.label)));
    svg.appendChild(s('text', { class: 'ref-label', x: m.l + iw - 2, y: Y(l.y) - 4, 'text-anchor': 'end' }, l.label));
  }
  for (const w of o.whiskers ?? []) {
    svg.appendChild(s('line', { class: 'whisker', x1: X(w.x), x2: X(w.x), y1: Y(w.lo), y2: Y(w.hi) }));
  }
  for (const series of o.series) {
    const g = s('g', { class: `series ${series.className}` });
    let d = '';
    let pen = false;
    for (const [x, y] of series.points) {
      if (y === null) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${X(x).toFixed(1)},${Y(y).toFixed(1)}`;
      pen = true;
    }
    if (d) g.appendChild(s('path', { d, class: 'line' }));
    if (series.marker && series.marker !== 'none' && series.points.length <= 60) {
      for (const [x, y] of series.points) {
        if (y === null) continue;
        g.appendChild(series.marker === 'circle' ? s('circle', { cx: X(x), cy: Y(y), r: 2.5, class: 'dot' }) : s('rect', { x: X(x) - 2.5, y: Y(y) - 2.5, width: 5, height: 5, class: 'dot' }));
      }
    }
    svg.appendChild(g);
  }
  for (const mk of o.marks ?? []) {
    const cx = X(mk.x);
    const cy = Y(mk.y);
    const g = s('g', { class: `mark ${mk.className}` }, tip(mk.title));
    if (mk.shape === 'circle') g.appendChild(s('circle', { cx, cy, r: 4 }));
    else if (mk.shape === 'diamond') g.appendChild(s('path', { d: `M${cx},${cy - 6}L${cx + 6},${cy}L${cx},${cy + 6}L${cx - 6},${cy}Z` }));
    else if (mk.shape === 'square') g.appendChild(s('rect', { x: cx - 4, y: cy - 4, width: 8, height: 8 }));
    else g.appendChild(s('path', { d: `M${cx - 4},${cy - 4}L${cx + 4},${cy + 4}M${cx + 4},${cy - 4}L${cx - 4},${cy + 4}`, class: 'cross' }));
    svg.appendChild(g);
  }
  for (const l of o.vlines ?? []) {
    svg.appendChild(s('line', { class: l.className, x1: X(l.x), x2: X(l.x), y1: m.t, y2: m.t + ih }, tip(l.label)));
  }
  return svg;
}

/** A legend whose swatches repeat the series' line style (dash) and marker, not only their colour. */
export function legend(items: Array<{ label: string; className: string; marker?: 'circle' | 'square' | 'cross' | 'diamond' }>): HTMLElement {
  return h(
    'ul',
    { class: 'legend' },
    ...items.map((it) => {
      const sw = s('svg', { viewBox: '0 0 28 10', class: `swatch series ${it.className}`, 'aria-hidden': 'true', focusable: 'false' });
      sw.appendChild(s('path', { d: 'M1,5L27,5', class: 'line' }));
      if (it.marker === 'circle') sw.appendChild(s('circle', { cx: 14, cy: 5, r: 2.5, class: 'dot' }));
      else if (it.marker === 'square') sw.appendChild(s('rect', { x: 11.5, y: 2.5, width: 5, height: 5, class: 'dot' }));
      return h('li', null, sw, ' ', it.label);
    }),
  );
}

export interface HistogramOptions {
  title: string;
  edges: number[];
  counts: number[];
  xLabel: string;
  formatX: (x: number) => string;
  markers: Array<{ x: number; label: string; className: string }>;
}

/** Counts per bin as columns, with labelled reference lines (p50, p95, a gate). */
export function histogramChart(o: HistogramOptions): SVGSVGElement {
  const W = 560;
  const H = 200;
  const m = { l: 44, r: 14, t: 18, b: 36 };
  const iw = W - m.l - m.r;
  const ih = H - m.t - m.b;
  const x0 = o.edges[0] ?? 0;
  const x1 = o.edges[o.edges.length - 1] ?? 1;
  const maxCount = Math.max(1, ...o.counts);
  const X = (x: number) => m.l + (x1 === x0 ? 0 : ((x - x0) / (x1 - x0)) * iw);
  const Y = (c: number) => m.t + ih - (c / maxCount) * ih;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart histogram', role: 'img', 'aria-label': o.title });
  svg.appendChild(tip(o.title));
  for (const t of [0, Math.round(maxCount / 2), maxCount]) {
    svg.appendChild(s('line', { class: 'grid', x1: m.l, x2: m.l + iw, y1: Y(t), y2: Y(t) }));
    svg.appendChild(s('text', { class: 'tick', x: m.l - 6, y: Y(t) + 4, 'text-anchor': 'end' }, String(t)));
  }
  o.counts.forEach((count, i) => {
    const a = X(o.edges[i]!);
    const b = X(o.edges[i + 1]!);
    if (count > 0) {
      svg.appendChild(s('rect', { class: 'hist-bar', x: a + 0.5, y: Y(count), width: Math.max(0.5, b - a - 1), height: m.t + ih - Y(count) }, tip(`${o.formatX(o.edges[i]!)}–${o.formatX(o.edges[i + 1]!)}: ${count}`)));
    }
  });
  const step = Math.max(1, Math.ceil(o.edges.length / 6));
  o.edges.forEach((e, i) => {
    if (i % step !== 0 && i !== o.edges.length - 1) return;
    svg.appendChild(s('text', { class: 'tick', x: X(e), y: m.t + ih + 16, 'text-anchor': 'middle' }, o.formatX(e)));
  });
  svg.appendChild(s('line', { class: 'axis', x1: m.l, x2: m.l + iw, y1: m.t + ih, y2: m.t + ih }));
  svg.appendChild(s('text', { class: 'axis-label', x: m.l + iw / 2, y: H - 4, 'text-anchor': 'middle' }, o.xLabel));
  o.markers.forEach((mk, k) => {
    const x = X(Math.max(x0, Math.min(x1, mk.x)));
    svg.appendChild(s('line', { class: mk.className, x1: x, x2: x, y1: m.t - 4, y2: m.t + ih }, tip(mk.label)));
    svg.appendChild(s('text', { class: 'ref-label', x: x + 3, y: m.t + 6 + k * 12, 'text-anchor': x > m.l + iw * 0.8 ? 'end' : 'start', dx: x > m.l + iw * 0.8 ? -6 : 0 }, mk.label));
  });
  return svg;
}
