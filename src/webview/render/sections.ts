// The panel's read-only sections: header, verdict and gates, key numbers, history, rates, latency and cost,
// and the comparison with a baseline run. Numbers are formatted by the same functions as the CLI's reports.
import { caseCriteriaRows, formatApplicability, formatDuration, formatGateActual, formatGateInterval, formatGateTarget, formatGateValue, formatInteger, formatInterval, formatMs, formatMsDelta, formatPoints, formatPValue, formatRate, formatRateDelta, formatRateWithCi, formatTarget, formatUsd, formatUsdDelta, gateNote, isNumber, isUndecided, NA, plural, verdictStyle, verdictView, outputsOriginLine } from '../../core/index.js';
import { POOLED_CASE_CRITERIA, type GateResult, type RateStat } from '../../shared/results.js';
import type { MetricChange, RunDiff } from '../../shared/run-diff.js';
import { histogram, shareOf, usageStats } from '../model/metrics.js';
import { type BarRow, histogramChart, lineChart, rateBars } from './charts.js';
import type { Ctx } from './context.js';
import { h } from './dom.js';

export function section(id: string, title: string, ...children: Array<Node | null | false>): HTMLElement {
  const headingId = `h-${id}`;
  return h('section', { class: `card ${id}`, attrs: { id, 'aria-labelledby': headingId } }, h('h2', { attrs: { id: headingId } }, title), ...children);
}

// ── Header ───────────────────────────────────────────────────────────────────────────────────────────────

export function header(ctx: Ctx): HTMLElement {
  const r = ctx.results;
  const bits = [
    `spec ${r.spec?.id ?? NA}`,
    `target ${formatTarget(r.run?.target)}`,
    plural(r.summary?.total ?? r.cases?.length ?? 0, 'case'),
    formatDuration(r.run?.duration_ms),
    r.run?.started_at ? `started ${r.run.started_at.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}` : null,
    r.run?.repeat && r.run.repeat > 1 ? `repeat ×${r.run.repeat}` : null,
    r.run?.cache?.hits ? `${formatInteger(r.run.cache.hits)} cached` : null,
  ].filter((x): x is string => !!x);
  const origin = outputsOriginLine(r);
  return h(
    'header',
    { class: 'page-header' },
    h('h1', null, h('bdi', null, r.spec?.title || r.spec?.id || 'aispec results')),
    h('p', { class: 'meta' }, h('bdi', null, bits.join(' · '))),
    origin ? h('p', { class: 'meta outputs-origin' }, h('bdi', null, origin)) : null,
    r.spec?.file ? h('p', { class: 'meta file' }, h('bdi', null, r.spec.file)) : null,
  );
}

// ── Verdict and gates ────────────────────────────────────────────────────────────────────────────────────

/** Why a gate failed, or why it passed when the engine gave no reason (it only explains failures). */
function gateWhy(g: GateResult): string {
  if (!g.passed) return g.reason || `${formatGateActual(g)} does not meet ${formatGateTarget(g)}`;
  return `${formatGateActual(g)} ${g.direction === 'max' ? '≤' : '≥'} ${formatGateValue(g.name, g.target)}`;
}

/** The gate's verdict pill: pass, fail, or a pass that the sample does not decide (a warning). */
function gatePill(g: GateResult): HTMLElement {
  if (!g.passed) return h('span', { class: 'pill bad' }, '✗ fail');
  return isUndecided(g) ? h('span', { class: 'pill warn', attrs: { title: gateNote(g) ?? '' } }, '? not decided') : h('span', { class: 'pill ok' }, '✓ pass');
}

/** Where a gate drills into the case table, if anywhere. */
function gateDrill(name: string, labels: readonly string[]): Parameters<Ctx['drill']>[0] | null {
  const dot = name.indexOf('.');
  const kind = dot < 0 ? name : name.slice(0, dot);
  const key = dot < 0 ? '' : name.slice(dot + 1);
  if (name === 'pass_rate') return { status: 'not-pass' };
  if (kind === 'per_tag') return { tag: key, status: 'not-pass' };
  if (kind === 'per_criterion') return { criterion: key };
  if (kind === 'recall' && labels.includes(key)) return { expected: key };
  if (kind === 'precision' && labels.includes(key)) return { predicted: key };
  if (kind === 'f1' && labels.includes(key)) return { expected: key };
  if (name === 'max_errors') return { status: 'error' };
  return null;
}

export function verdict(ctx: Ctx): HTMLElement {
  const s = ctx.results.summary;
  const gates = Array.isArray(s?.gates) ? s.gates : [];
  const failed = gates.filter((g) => !g.passed);
  const view = verdictView(ctx.results);
  const kind = view.verdict;
  const headline = `${view.word}: ${view.reason}`;
  const mark = view.style.textMark;
  const banner = h(
    'div',
    { class: `verdict-banner ${kind}`, attrs: { role: 'status' } },
    h('span', { class: 'verdict-mark', attrs: { 'aria-hidden': 'true' } }, mark),
    h('span', { class: 'verdict-text' }, headline),
  );
  const why = failed.length && kind === 'fail'
    ? h('ul', { class: 'verdict-why', attrs: { 'aria-label': 'Why the run fails' } }, ...failed.map((g) => h('li', null, h('bdi', null, gateWhy(g)))))
    : null;
  // Undecided gates are a warning beside the verdict, never part of it.
  const undecided = gates.filter(isUndecided);
  const undecidedNote = undecided.length
    ? h(
        'p',
        { class: 'verdict-undecided warn', attrs: { 'data-testid': 'undecided-gates' } },
        `? ${plural(undecided.length, 'gate')} not decided by this sample (the 95% interval straddles the target): ${undecided.map((g) => g.name).join(', ')}`,
      )
    : null;
  const labels = ctx.index.labels;
  const table = gates.length
    ? h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'gates' },
          h('caption', { class: 'sr-only' }, 'Gates: target, actual with its 95% interval, and verdict'),
          h('thead', null, h('tr', null, ...['', 'gate', 'target', 'actual', '95% CI', 'n', 'why'].map((t, i) => h('th', { class: ['', '', 'num', 'num', 'num col-ci', 'num col-n', 'col-why'][i], attrs: { scope: 'col', ...(i === 0 ? { 'aria-label': 'verdict' } : {}) } }, t)))),
          h(
            'tbody',
            null,
            ...gates.map((g) => {
              const drill = gateDrill(g.name, labels);
              const name = drill
                ? h('button', { class: 'link', attrs: { type: 'button', 'aria-label': `${g.name}: show the cases behind this gate` }, on: { click: (e) => ctx.drill(drill, e.currentTarget as HTMLElement) } }, h('bdi', null, g.name))
                : h('bdi', null, g.name);
              const note = gateNote(g);
              return h(
                'tr',
                { class: !g.passed ? 'bad' : note ? 'undecided' : 'ok' },
                h('td', { class: 'mark' }, gatePill(g)),
                h('th', { attrs: { scope: 'row' } }, name),
                h('td', { class: 'num' }, formatGateTarget(g)),
                h('td', { class: 'num' }, formatGateActual(g)),
                h('td', { class: 'num col-ci' }, formatGateInterval(g)),
                h('td', { class: 'num col-n' }, isNumber(g.n) ? `n=${formatInteger(g.n)}` : ''),
                h('td', { class: 'why col-why' }, h('bdi', null, gateWhy(g)), note ? h('span', { class: 'gate-note warn' }, h('bdi', null, ` ? ${note}`)) : null),
              );
            }),
          ),
        ),
      )
    : null;
  return section('verdict', 'Verdict', banner, why, undecidedNote, table);
}

// ── Key numbers ──────────────────────────────────────────────────────────────────────────────────────────

function ciBar(rate: number | null, ci: [number, number] | null): SVGSVGElement | null {
  if (rate === null) return null;
  return rateBars([{ label: '', rate, ci, value: '', detail: '', aria: '' }], '').querySelector('svg');
}

function stat(label: string, value: string, ...detail: Array<Node | string | null>): HTMLElement {
  return h('div', { class: 'stat' }, h('div', { class: 'stat-label' }, label), h('div', { class: 'stat-value' }, value), ...detail.map((d) => (d === null ? null : h('div', { class: 'stat-detail' }, d))));
}

export function keyNumbers(ctx: Ctx): HTMLElement {
  const r = ctx.results;
  const s = r.summary;
  const passRate = s?.pass_rate ?? null;
  const ci = s?.pass_rate_ci95 ?? null;
  const n = (s?.passed ?? 0) + (s?.failed ?? 0);
  const failingButton = (s?.failed ?? 0) + (s?.errors ?? 0) > 0
    ? h('button', { class: 'link', attrs: { type: 'button' }, on: { click: (e) => ctx.drill({ status: 'not-pass' }, e.currentTarget as HTMLElement) } }, `show ${plural((s?.failed ?? 0) + (s?.errors ?? 0), 'failing case')}`)
    : null;
  const cards: HTMLElement[] = [
    stat(
      'Pass rate',
      formatRate(passRate),
      ci ? `95% CI ${formatInterval(ci)} · n=${formatInteger(n)}` : `n=${formatInteger(n)}`,
      ciBar(passRate, ci),
      `${formatInteger(s?.passed)} passed · ${formatInteger(s?.failed)} failed · ${formatInteger(s?.errors)} errors${s?.flaky ? ` · ${formatInteger(s.flaky)} flaky` : ''}`,
      failingButton,
    ),
  ];
  const c = r.classification;
  if (c) cards.push(stat('Classification', `accuracy ${formatRate(c.accuracy)}`, `macro F1 ${formatRate(c.macro_f1)} · weighted F1 ${formatRate(c.weighted_f1)}`, `kappa ${formatRate(c.kappa)} · n=${formatInteger(c.n)}`));
  const l = r.latency;
  if (l) cards.push(stat('Latency', `p95 ${formatMs(l.p95)}`, `p50 ${formatMs(l.p50)} · max ${formatMs(l.max)}`, `n=${formatInteger(l.n)}`));
  const cost = r.cost;
  if (cost && (isNumber(cost.per_case_usd) || cost.n > 0)) {
    cards.push(stat('Cost', `${formatUsd(cost.per_case_usd)} per case`, isNumber(cost.per_day_usd) ? `${formatUsd(cost.per_day_usd)} per day projected` : 'no traffic_per_day: no projection', `${formatUsd(cost.total_usd)} this run`));
  }
  const d = ctx.data.diff;
  if (d) {
    cards.push(stat('Against baseline', `${formatPoints(d.passRate.delta)}`, `McNemar p = ${formatPValue(d.mcnemar.pValue)} on ${plural(d.mcnemar.n, 'paired case')}`, `${formatInteger(d.newlyFailing.length)} newly failing · ${formatInteger(d.newlyPassing.length)} newly passing`));
  }
  return h('section', { class: 'stats', attrs: { 'aria-label': 'Key numbers' } }, ...cards);
}

// ── History ──────────────────────────────────────────────────────────────────────────────────────────────

export function history(ctx: Ctx): HTMLElement | null {
  const runs = ctx.data.history ?? [];
  if (runs.length < 2) return null;
  const gate = ctx.results.summary?.gates?.find((g) => g.name === 'pass_rate');
  // The line joins runs of the whole spec only: a subset's pass rate is not the spec's, so it is a mark apart.
  const points = runs.flatMap((p, i) => (p.subset ? [] : [[i, p.passRate] as [number, number | null]]));
  const rates = runs.map((p) => p.passRate).filter(isNumber);
  const los = runs.map((p) => p.ci95?.[0]).filter(isNumber);
  const lo = Math.max(0, Math.floor((Math.min(...rates, ...los, gate?.target ?? 1) - 0.05) * 10) / 10);
  // Runs on one day are told apart by the time; runs across days by the date.
  const oneDay = (runs[0]?.startedAt ?? '').slice(0, 10) === (runs[runs.length - 1]?.startedAt ?? '').slice(0, 10);
  const date = (iso: string) => (oneDay ? iso.slice(11, 16) : iso.slice(5, 10));
  const step = Math.max(1, Math.ceil(runs.length / 8));
  const chart = lineChart({
    title: `Pass rate over the last ${runs.length} runs, with 95% intervals`,
    xLabel: 'run (oldest → newest)',
    yLabel: 'pass rate',
    xDomain: [0, Math.max(1, runs.length - 1)],
    yDomain: [lo, 1],
    yTicks: [lo, (lo + 1) / 2, 1],
    xTicks: runs.map((p, i) => ({ x: i, label: date(p.startedAt) })).filter((_, i) => i % step === 0 || i === runs.length - 1),
    series: [{ name: 'pass rate', points, className: 's-accent', marker: 'none' }],
    whiskers: runs.flatMap((p, i) => (p.ci95 ? [{ x: i, lo: p.ci95[0], hi: p.ci95[1] }] : [])),
    hlines: gate ? [{ y: gate.target, label: `gate ≥ ${formatRate(gate.target)}`, className: 'ref gate' }] : [],
    marks: runs.flatMap((p, i) =>
      p.passRate === null
        ? []
        : [{ x: i, y: p.passRate, shape: p.subset ? 'square' : p.verdict === 'pass' ? 'circle' : p.verdict === 'fail' ? 'cross' : 'diamond', className: `${p.subset ? 'partial' : (p.verdict ?? 'incomplete')}${p.runId === ctx.results.run?.id ? ' current' : ''}`, title: `${p.startedAt}: ${formatRateWithCi(p.passRate, p.ci95, p.n)}, ${p.subset ? 'a subset of the cases (not on the line)' : (p.verdict ?? 'unknown')}` } as const],
    ),
  });
  const rows = [...runs].reverse().map((p) =>
    h(
      'tr',
      null,
      h('td', null, h('bdi', null, p.startedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'))),
      h('td', null, p.subset ? '□ subset' : historyVerdict(p.verdict)),
      h('td', { class: 'num' }, formatRateWithCi(p.passRate, p.ci95, p.n)),
      h('td', null, h('bdi', null, p.target)),
      ctx.interactive
        ? h('td', null, p.runId === ctx.results.run?.id ? 'this run' : h('button', { class: 'link', attrs: { type: 'button' }, on: { click: () => ctx.post({ type: 'setBaseline', runId: p.runId }) } }, p.runId === ctx.data.baselineRunId ? 'baseline' : 'compare'))
        : null,
    ),
  );
  const table = h(
    'details',
    { class: 'history-table' },
    h('summary', null, 'Runs as a table'),
    h('div', { class: 'table-wrap' }, h('table', null, h('thead', null, h('tr', null, ...['started', 'verdict', 'pass rate', 'target', ...(ctx.interactive ? [''] : [])].map((t) => h('th', { attrs: { scope: 'col' } }, t)))), h('tbody', null, ...rows))),
  );
  return section('history', 'Pass rate over past runs', h('div', { class: 'chart-wrap' }, chart), h('p', { class: 'hint' }, '● verdict pass · × verdict fail · ◆ incomplete or no gates · □ a subset of the cases (not joined to the line) · whiskers: 95% interval · the outlined mark is this run'), table);
}

/** `✓ pass`, `✗ fail`, or `⚠ incomplete` for a run that was cut short or has no verdict. */
function historyVerdict(verdict: unknown): string {
  const style = verdictStyle(verdict) ?? verdictStyle('incomplete')!;
  return `${style.textMark} ${style.word.toLowerCase()}`;
}

// ── Rates: tags, criteria, anti-patterns ────────────────────────────────────────────────────────────────

function gateFor(ctx: Ctx, name: string): BarRow['gate'] {
  const g = ctx.results.summary?.gates?.find((x) => x.name === name);
  return g ? { target: g.target, direction: g.direction, passed: g.passed, decided: g.decided !== false } : undefined;
}

function rateRow(ctx: Ctx, kind: string, key: string, stat: RateStat, gateName: string, drill: Parameters<Ctx['drill']>[0]): BarRow {
  const gate = gateFor(ctx, gateName);
  const value = stat.rate === null ? NA : `${formatRate(stat.rate)} (${formatInterval(stat.ci95)})`;
  // A criterion that applies to some cases says to how many: its n counts those cases only.
  const applicability = formatApplicability(stat);
  const detail = `n=${formatInteger(stat.n)}${stat.errors ? ` · ${formatInteger(stat.errors)} err` : ''}${applicability ? ` · ${applicability}` : ''}`;
  const aria = `${kind} ${key}: pass rate ${formatRateWithCi(stat.rate, stat.ci95, stat.n)}${applicability ? `, ${applicability}` : ''}${gate ? `; gate ${gate.direction === 'max' ? 'at most' : 'at least'} ${gate.target}, ${gate.passed ? 'passed' : 'failed'}${gate.decided === false ? ', not decided by this sample' : ''}` : ''}. Show these cases.`;
  return { label: key, rate: stat.rate, ci: stat.ci95, value, detail, gate, aria, onSelect: () => ctx.drill(drill) };
}

export function rates(ctx: Ctx): HTMLElement | null {
  const r = ctx.results;
  const groups: HTMLElement[] = [];
  const tags = Object.entries(r.by_tag ?? {});
  if (tags.length) {
    groups.push(h('div', { class: 'rate-group' }, h('h3', null, 'By tag'), rateBars(tags.map(([tag, st]) => rateRow(ctx, 'tag', tag, st, `per_tag.${tag}`, { tag })), 'Pass rate by tag')));
  }
  const criteria = Object.entries(r.by_criterion ?? {});
  if (criteria.length) {
    groups.push(h('div', { class: 'rate-group' }, h('h3', null, 'By rubric criterion'), rateBars(criteria.map(([id, st]) => rateRow(ctx, 'criterion', id, st, `per_criterion.${id}`, { criterion: id })), 'Pass rate by rubric criterion')));
  }
  const own = Object.entries(caseCriteriaRows(r) ?? {});
  if (own.length) {
    // One pooled bar: each case's own criteria are about that case alone, so no per-id rate means anything.
    const rows = own.map(([label, st]) => rateRow(ctx, 'criteria', label, st, '', { criterion: POOLED_CASE_CRITERIA }));
    groups.push(h('div', { class: 'rate-group' }, h('h3', null, 'Case criteria'), rateBars(rows, "Pass rate of the cases' own criteria")));
  }
  const aps = Object.entries(r.anti_patterns ?? {});
  if (aps.length) {
    const n = (r.summary?.passed ?? 0) + (r.summary?.failed ?? 0);
    const rows = aps.map(([id, ap]): BarRow => {
      const hitCases = new Set(Array.isArray(ap.cases) ? ap.cases : []).size || ap.hits;
      const share = shareOf(hitCases, n);
      return {
        label: ap.name || id,
        rate: share.rate,
        ci: share.ci95,
        value: share.rate === null ? NA : `${formatRate(share.rate)} (${formatInterval(share.ci95)})`,
        detail: `${plural(hitCases, 'case')} of ${formatInteger(n)}`,
        tone: 'bad',
        aria: `anti-pattern ${ap.name || id}: detected in ${plural(hitCases, 'case')} of ${formatInteger(n)}. Show these cases.`,
        onSelect: () => ctx.drill({ antiPattern: id }),
      };
    });
    groups.push(h('div', { class: 'rate-group' }, h('h3', null, 'Anti-patterns detected (share of cases)'), rateBars(rows, 'Anti-pattern hit rates')));
  }
  if (!groups.length) return null;
  return section('rates', 'Pass rates', h('p', { class: 'hint' }, 'Bars show the rate; whiskers its 95% Wilson interval; a tick marks a gate. Select a row to list its cases.'), ...groups);
}

// ── Latency and cost ─────────────────────────────────────────────────────────────────────────────────────

export function performanceSection(ctx: Ctx): HTMLElement | null {
  const r = ctx.results;
  const latencies = ctx.index.cases.map((c) => c.latency_ms).filter(isNumber);
  const parts: HTMLElement[] = [];
  if (ctx.casesPending && isNumber(r.latency?.n) && r.latency.n > 0) {
    parts.push(h('div', { class: 'perf-block' }, h('h3', null, 'Latency'), h('p', { class: 'figures' }, `p50 ${formatMs(r.latency?.p50)} · p95 ${formatMs(r.latency?.p95)} · max ${formatMs(r.latency?.max)} · mean ${formatMs(r.latency?.mean)} · n=${formatInteger(r.latency?.n)}`), h('p', { class: 'hint' }, 'The distribution follows with the cases.')));
  }
  if (latencies.length) {
    const hist = histogram(latencies, 24);
    const gate = r.summary?.gates?.find((g) => g.name === 'latency_p95_ms');
    const markers = [
      ...(isNumber(r.latency?.p50) ? [{ x: r.latency.p50, label: `p50 ${formatMs(r.latency.p50)}`, className: 'ref p50' }] : []),
      ...(isNumber(r.latency?.p95) ? [{ x: r.latency.p95, label: `p95 ${formatMs(r.latency.p95)}`, className: 'ref p95' }] : []),
      ...(gate ? [{ x: gate.target, label: `gate ≤ ${formatMs(gate.target)}`, className: 'ref gate' }] : []),
    ];
    parts.push(
      h(
        'div',
        { class: 'perf-block' },
        h('h3', null, 'Latency'),
        h('p', { class: 'figures' }, `p50 ${formatMs(r.latency?.p50)} · p95 ${formatMs(r.latency?.p95)} · max ${formatMs(r.latency?.max)} · mean ${formatMs(r.latency?.mean)} · n=${formatInteger(r.latency?.n)}`),
        h('div', { class: 'chart-wrap' }, histogramChart({ title: `Latency distribution of ${plural(hist.n, 'case')}: p50 ${formatMs(r.latency?.p50)}, p95 ${formatMs(r.latency?.p95)}`, edges: hist.edges, counts: hist.counts, xLabel: 'latency (ms)', formatX: (x) => formatInteger(x), markers })),
      ),
    );
  }
  const cost = r.cost;
  const usage = usageStats(ctx.index.cases);
  if (cost && (cost.n > 0 || usage.n > 0 || (ctx.casesPending && (cost.input_tokens > 0 || isNumber(cost.per_case_usd))))) {
    const traffic = r.spec?.pricing?.traffic_per_day;
    const rows: Array<[string, string]> = [
      ['target cost per case (mean)', `${formatUsd(cost.per_case_usd)}${isNumber(cost.unpriced) && cost.unpriced > 0 ? ` (unknown for ${formatInteger(cost.unpriced)} cases without token usage)` : ''}`],
      ['cost per case p50 / p95', `${formatUsd(usage.p50Cost)} / ${formatUsd(usage.p95Cost)}`],
      ['projected per day', isNumber(cost.per_day_usd) ? `${formatUsd(cost.per_day_usd)}${isNumber(traffic) ? ` at ${formatInteger(traffic)} requests a day` : ''}` : 'n/a (no pricing.traffic_per_day)'],
      ['this run', `${formatUsd(cost.total_usd)}${isNumber(cost.judge_usd) ? ` (target ${formatUsd(cost.target_usd ?? null)}, judge ${formatUsd(cost.judge_usd)})` : ''}`],
      ['tokens per case (mean)', `${usage.meanInput === null ? NA : formatInteger(usage.meanInput)} in · ${usage.meanOutput === null ? NA : formatInteger(usage.meanOutput)} out`],
      ['tokens this run', `${formatInteger(cost.input_tokens)} in · ${formatInteger(cost.output_tokens)} out (n=${formatInteger(usage.n)})`],
    ];
    const gate = r.summary?.gates?.find((g) => g.name === 'cost_per_case_usd');
    if (gate) rows.push(['gate', `${gate.passed ? '✓' : '✗'} ${formatGateTarget(gate)} per case`]);
    parts.push(h('div', { class: 'perf-block' }, h('h3', null, 'Tokens and cost'), h('dl', { class: 'kv' }, ...rows.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v)]))));
  }
  if (!parts.length) return null;
  return section('performance', 'Latency and cost', h('div', { class: 'perf' }, ...parts));
}

// ── Comparison with a baseline ───────────────────────────────────────────────────────────────────────────

type Better = 'higher' | 'lower';

function deltaCell(change: MetricChange, format: (d: unknown) => string, better: Better): HTMLElement {
  const d = change.delta;
  if (!isNumber(d) || d === 0) return h('td', { class: 'num delta' }, isNumber(d) ? `${format(d)} =` : NA);
  const improved = better === 'higher' ? d > 0 : d < 0;
  return h('td', { class: `num delta ${improved ? 'better' : 'worse'}` }, `${format(d)} ${d > 0 ? '▲' : '▼'}`, h('span', { class: 'sr-only' }, improved ? ' (better)' : ' (worse)'));
}

function metricRow(name: string, change: MetricChange, fmt: (v: unknown) => string, fmtDelta: (d: unknown) => string, better: Better): HTMLElement {
  return h('tr', null, h('th', { attrs: { scope: 'row' } }, name), h('td', { class: 'num' }, fmt(change.base)), h('td', { class: 'num' }, fmt(change.head)), deltaCell(change, fmtDelta, better));
}

export function comparison(ctx: Ctx): HTMLElement | null {
  const d: RunDiff | null = ctx.data.diff;
  const choices = (ctx.data.history ?? []).filter((p) => p.runId !== ctx.results.run?.id);
  if (!d && !(ctx.interactive && choices.length)) return null;
  const picker = ctx.interactive && choices.length
    ? h(
        'label',
        { class: 'picker' },
        'Baseline ',
        (() => {
          const select = h('select', { on: { change: (e) => ctx.post({ type: 'setBaseline', runId: (e.currentTarget as HTMLSelectElement).value || null }) } });
          select.appendChild(h('option', { attrs: { value: '' } }, 'none'));
          for (const p of [...choices].reverse()) {
            const option = h('option', { attrs: { value: p.runId } }, `${p.startedAt.replace('T', ' ').slice(0, 19)} · ${formatRate(p.passRate)} · ${p.verdict ?? ''}`);
            if (p.runId === ctx.data.baselineRunId) option.selected = true;
            select.appendChild(option);
          }
          return select;
        })(),
      )
    : null;
  if (!d) return section('comparison', 'Comparison with a baseline', picker, h('p', { class: 'hint' }, 'No baseline selected.'));

  const headerRow = h('tr', null, ...['metric', 'baseline', 'this run', 'change'].map((t) => h('th', { attrs: { scope: 'col' } }, t)));
  const rows: HTMLElement[] = [
    metricRow('pass rate', { base: d.passRate.base.rate, head: d.passRate.head.rate, delta: d.passRate.delta }, formatRate, formatPoints, 'higher'),
  ];
  if (d.classification) {
    const c = d.classification;
    rows.push(metricRow('accuracy', c.accuracy, formatRate, formatRateDelta, 'higher'));
    rows.push(metricRow('macro F1', c.macroF1, formatRate, formatRateDelta, 'higher'));
    rows.push(metricRow('weighted F1', c.weightedF1, formatRate, formatRateDelta, 'higher'));
    rows.push(metricRow('kappa', c.kappa, formatRate, formatRateDelta, 'higher'));
    for (const pc of c.perClass) rows.push(metricRow(`recall ${pc.label}`, pc.recall, formatRate, formatRateDelta, 'higher'));
  }
  rows.push(metricRow('latency p95', d.latencyP95, formatMs, formatMsDelta, 'lower'));
  rows.push(metricRow('cost per case', d.costPerCase, formatUsd, formatUsdDelta, 'lower'));
  const metrics = h('div', { class: 'table-wrap' }, h('table', { class: 'deltas' }, h('caption', { class: 'sr-only' }, 'Metric changes against the baseline'), h('thead', null, headerRow), h('tbody', null, ...rows)));

  const m = d.mcnemar;
  const mcnemar = h(
    'div',
    { class: 'mcnemar' },
    h('p', { class: 'diff-verdict' }, h('bdi', null, d.verdict)),
    h(
      'dl',
      { class: 'kv' },
      h('dt', null, 'paired cases with a verdict in both runs'),
      h('dd', null, formatInteger(m.n)),
      h('dt', null, 'passed → failed (b)'),
      h('dd', null, formatInteger(m.b)),
      h('dt', null, 'failed → passed (c)'),
      h('dd', null, formatInteger(m.c)),
      h('dt', null, 'exact McNemar p (two-sided)'),
      h('dd', null, formatPValue(m.pValue)),
      h('dt', null, 'left out (errored in a run)'),
      h('dd', null, formatInteger(d.errors.excluded)),
      h('dt', null, 'cases added / removed'),
      h('dd', null, `${formatInteger(d.cases.added.length)} / ${formatInteger(d.cases.removed.length)}`),
    ),
  );
  const flipButton = (label: string, count: number, flip: 'newly-failing' | 'newly-passing' | 'changed') =>
    h('button', { class: 'btn', attrs: { type: 'button', disabled: count === 0 }, on: { click: (e) => ctx.drill({ flip }, e.currentTarget as HTMLElement) } }, `${label} (${formatInteger(count)})`);
  const flips = h(
    'div',
    { class: 'flips' },
    flipButton('✗ newly failing', d.newlyFailing.length, 'newly-failing'),
    flipButton('✓ newly passing', d.newlyPassing.length, 'newly-passing'),
    flipButton('all changed', d.newlyFailing.length + d.newlyPassing.length + d.otherChanges.length, 'changed'),
  );
  const gateChanges = d.gates.filter((g) => g.transition !== 'still passing');
  const gates = gateChanges.length
    ? h('ul', { class: 'gate-changes' }, ...gateChanges.map((g) => h('li', null, `${g.head?.passed ?? g.base?.passed ? '✓' : '✗'} `, h('bdi', null, g.name), `: ${g.transition}`)))
    : h('p', { class: 'hint' }, 'Every gate passes in both runs.');
  const base = d.base;
  return section(
    'comparison',
    'Comparison with a baseline',
    picker,
    h('p', { class: 'meta' }, h('bdi', null, `baseline: run ${base.runId} · ${base.startedAt} · target ${formatTarget(base.target)}${d.sameSpec ? '' : ` · a different spec (${base.specId})`}`)),
    mcnemar,
    flips,
    metrics,
    h('h3', null, 'Gates'),
    gates,
  );
}
