// Numbers as every results reporter shows them: rates to three decimals, 95% intervals with an en dash,
// milliseconds, dollars, durations, p-values and signed changes. Each formatter takes what the results JSON
// may hold (a number, null, or, from a hand-edited or older file, nothing) and never returns "NaN" or
// "undefined": a value that is not a finite number is "n/a".
import type { CaseResult, CostStats, GateResult, Interval, LatencyStats, RateStat, RunResults } from '../../shared/results.js';

export const NA = 'n/a';

export function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Avoids "-0.000" for tiny negatives that round to zero. */
function fixed(value: number, digits: number): string {
  const text = value.toFixed(digits);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/** Thousands separators without the host's locale, so reports read the same on every machine. */
export function formatInteger(value: unknown): string {
  if (!isNumber(value)) return NA;
  const rounded = Math.round(value);
  const digits = String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return rounded < 0 ? `-${digits}` : digits;
}

/** A proportion or score (pass rate, recall, kappa…) to three decimals. */
export function formatRate(value: unknown): string {
  return isNumber(value) ? fixed(value, 3) : NA;
}

export function formatInterval(ci: Interval | null | undefined): string {
  if (!Array.isArray(ci) || !isNumber(ci[0]) || !isNumber(ci[1])) return NA;
  return `${formatRate(ci[0])}–${formatRate(ci[1])}`;
}

/** `0.917 (95% CI 0.861–0.953, n=120)`; with no graded case `n/a (n=0)`. */
export function formatRateWithCi(rate: unknown, ci: Interval | null | undefined, n: unknown): string {
  const count = isNumber(n) ? formatInteger(n) : NA;
  if (!isNumber(rate)) return `${NA} (n=${count})`;
  const interval = formatInterval(ci);
  return interval === NA ? `${formatRate(rate)} (n=${count})` : `${formatRate(rate)} (95% CI ${interval}, n=${count})`;
}

export function formatMs(value: unknown): string {
  if (!isNumber(value)) return NA;
  return Math.abs(value) >= 10 || Number.isInteger(value) ? `${formatInteger(value)} ms` : `${fixed(value, 1)} ms`;
}

/** A wall-clock duration: `850 ms`, `4.2 s`, `2 min 05 s`, `1 h 02 min`. */
export function formatDuration(ms: unknown): string {
  if (!isNumber(ms) || ms < 0) return NA;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${fixed(seconds, 1)} s`;
  const totalSeconds = Math.round(seconds);
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return `${minutes} min ${String(totalSeconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/**
 * Dollars with the precision the amount needs: `$8.40`, `$1,234.56` from a dollar up, three significant
 * digits below (`$0.000210` per case), `$0.00` for nothing.
 */
export function formatUsd(value: unknown): string {
  if (!isNumber(value)) return NA;
  const sign = value < 0 ? '-' : '';
  const amount = Math.abs(value);
  if (amount === 0) return '$0.00';
  if (amount >= 1) {
    const [whole = '0', cents = '00'] = amount.toFixed(2).split('.');
    return `${sign}$${formatInteger(Number(whole))}.${cents}`;
  }
  const text = amount.toPrecision(3);
  // toPrecision switches to exponent notation below 1e-6; no real per-case cost is that small.
  return `${sign}$${text.includes('e') ? amount.toFixed(8) : text}`;
}

/** A signed change with a unit suffix, `+4.2`, `-0.031`; zero has no sign. */
function signed(text: string, value: number): string {
  if (/^[-]?0(\.0*)?$/.test(text)) return text.replace(/^-/, '');
  return value > 0 ? `+${text}` : text;
}

/** A change in a proportion, in percentage points to one decimal: `-4.2 pts`. */
export function formatPoints(delta: unknown): string {
  if (!isNumber(delta)) return NA;
  return `${signed(fixed(delta * 100, 1), delta)} pts`;
}

/** A change in a count: `+1`, `-3`, `0`. */
export function formatCountDelta(delta: unknown): string {
  if (!isNumber(delta)) return NA;
  return delta > 0 ? `+${formatInteger(delta)}` : formatInteger(delta);
}

/** A change in a rate-like metric (recall, F1) to three decimals: `+0.031`. */
export function formatRateDelta(delta: unknown): string {
  return isNumber(delta) ? signed(fixed(delta, 3), delta) : NA;
}

export function formatMsDelta(delta: unknown): string {
  if (!isNumber(delta)) return NA;
  const text = formatMs(Math.abs(delta));
  return delta === 0 || text === '0 ms' ? '0 ms' : `${delta > 0 ? '+' : '-'}${text}`;
}

export function formatUsdDelta(delta: unknown): string {
  if (!isNumber(delta)) return NA;
  const text = formatUsd(Math.abs(delta));
  return delta === 0 ? '$0.00' : `${delta > 0 ? '+' : '-'}${text}`;
}

/** A p-value to two significant digits (`0.031`, `0.45`, `1`); below 0.001 as `< 0.001`. */
export function formatPValue(p: unknown): string {
  if (!isNumber(p)) return NA;
  if (p < 0.001) return '< 0.001';
  return String(Number(p.toPrecision(2)));
}

type GateUnit = 'ms' | 'usd' | 'count' | 'rate';

function gateUnit(name: string): GateUnit {
  if (name.endsWith('_ms')) return 'ms';
  if (name.endsWith('_usd')) return 'usd';
  if (name === 'max_errors') return 'count';
  return 'rate';
}

/** A gate's target or actual in the gate's own unit (ms, dollars, a count, or a rate). */
export function formatGateValue(name: string, value: unknown): string {
  switch (gateUnit(name)) {
    case 'ms':
      return formatMs(value);
    case 'usd':
      return formatUsd(value);
    case 'count':
      return formatInteger(value);
    default:
      return formatRate(value);
  }
}

/** `≥ 0.900` or `≤ 2,500 ms`. */
export function formatGateTarget(gate: GateResult): string {
  return `${gate.direction === 'max' ? '≤' : '≥'} ${formatGateValue(gate.name, gate.target)}`;
}

/** The gate's actual value, and the observed one when the spec decides on the lower bound. */
export function formatGateActual(gate: GateResult): string {
  const actual = formatGateValue(gate.name, gate.actual);
  return isNumber(gate.observed) ? `${actual} (lower bound; observed ${formatGateValue(gate.name, gate.observed)})` : actual;
}

/** True for a rate gate, which carries a 95% interval (`ci95`, possibly null); value gates have none. */
export function gateHasInterval(gate: GateResult): boolean {
  return gate.ci95 !== undefined;
}

/** A gate's 95% interval for a table cell: `0.640–0.948`, n/a when undefined, empty for a value gate. */
export function formatGateInterval(gate: GateResult): string {
  return gateHasInterval(gate) ? formatInterval(gate.ci95) : '';
}

/**
 * What stands beside a gate's actual value in a sentence: under a lower bound the observed value, the 95%
 * interval (left to the note when the gate is undecided, which names it), the target, and n when asked.
 */
export function gateFacts(gate: GateResult, options: { n?: boolean } = {}): string[] {
  const interval = formatInterval(gate.ci95);
  const facts: string[] = [];
  if (isNumber(gate.observed)) facts.push(`lower bound; observed ${formatGateValue(gate.name, gate.observed)}`);
  if (gateHasInterval(gate) && interval !== NA && !isUndecided(gate)) facts.push(`95% CI ${interval}`);
  facts.push(`target ${formatGateTarget(gate)}`);
  if (options.n && isNumber(gate.n)) facts.push(`n=${formatInteger(gate.n)}`);
  return facts;
}

/**
 * A gate in one sentence: `0.917 (95% CI 0.861–0.953; target ≥ 0.900)`,
 * `0.640 (lower bound; observed 0.850; 95% CI 0.640–0.948; target ≥ 0.850)`, or for an undecided gate
 * `0.850 (target ≥ 0.850); not decided by this sample (95% CI 0.640–0.948 straddles 0.85)`.
 */
export function formatGateSummary(gate: GateResult, options: { n?: boolean } = {}): string {
  const note = gateNote(gate);
  return `${formatGateValue(gate.name, gate.actual)} (${gateFacts(gate, options).join('; ')})${note ? `; ${note}` : ''}`;
}

/** True when the sample does not decide the gate (`decided: false`): a warning, whatever `passed` says. */
export function isUndecided(gate: GateResult): boolean {
  return gate.decided === false;
}

/**
 * The warning of an undecided gate, `not decided by this sample (95% CI 0.640–0.948 straddles 0.85)`, as the
 * engine wrote it (or rebuilt from the interval when a hand-edited file lacks the note); null when decided.
 */
export function gateNote(gate: GateResult): string | null {
  if (!isUndecided(gate)) return null;
  if (typeof gate.note === 'string' && gate.note !== '') return gate.note;
  return `not decided by this sample (95% CI ${formatInterval(gate.ci95)} straddles ${formatGateValue(gate.name, gate.target)})`;
}

/** Why a failed gate failed, with its interval when it has one and the note when the sample decides nothing. */
export function gateFailureMessage(gate: GateResult): string {
  const reason = gate.reason || `${formatGateActual(gate)} does not meet ${formatGateTarget(gate)}`;
  const note = gateNote(gate);
  if (note) return `${reason}; ${note}`;
  const interval = formatInterval(gate.ci95);
  return gateHasInterval(gate) && interval !== NA ? `${reason} (95% CI ${interval})` : reason;
}

/**
 * Expected versus predicted for a classification case, raw (the caller escapes it for its medium):
 * `expected refuse, predicted answer`, `expected refuse, predicted no label`; null without an expectation.
 */
export function expectedVsPredicted(c: Pick<CaseResult, 'expected' | 'predicted' | 'status'>): string | null {
  if (typeof c.expected !== 'string') return null;
  if (c.status === 'error' && (c.predicted === undefined || c.predicted === null)) return `expected ${c.expected}`;
  const predicted = typeof c.predicted === 'string' ? c.predicted : 'no label';
  return `expected ${c.expected}, predicted ${predicted}`;
}

/** `spec.aispec.md:17`, or the file alone when the line is unknown. */
export function formatLocation(file: unknown, line: unknown): string {
  const path = typeof file === 'string' && file !== '' ? file : '';
  if (!path) return '';
  return isNumber(line) && line > 0 ? `${path}:${line}` : path;
}

/** The target as a reader names it: `openai gpt-4o-mini`, `recorded`. */
export function formatTarget(target: { provider?: unknown; model?: unknown } | undefined): string {
  const provider = typeof target?.provider === 'string' ? target.provider : 'unknown target';
  return typeof target?.model === 'string' && target.model !== '' ? `${provider} ${target.model}` : provider;
}

/** `p50 850 ms · p95 2,140 ms · max 3,002 ms (n=120)`, or why there is nothing to show. */
export function formatLatencySummary(latency: LatencyStats | undefined): string {
  const l = latency;
  return isNumber(l?.n) && l.n > 0 ? `p50 ${formatMs(l.p50)} · p95 ${formatMs(l.p95)} · max ${formatMs(l.max)} (n=${formatInteger(l.n)})` : `${NA} (no latencies recorded)`;
}


/**
 * Which cases a criterion's rate covers, when it did not apply to all: "applies to 7 of 154 cases" (errored
 * verdicts applied, so they count on both sides). null when it applied to every case, or for a run written
 * before criteria could not apply.
 */
export function formatApplicability(stat: RateStat | undefined): string | null {
  const notApplicable = stat?.not_applicable;
  if (!isNumber(notApplicable) || notApplicable <= 0) return null;
  const applicable = (stat?.n ?? 0) + (stat?.errors ?? 0);
  return `applies to ${formatInteger(applicable)} of ${plural(applicable + notApplicable, 'case')}`;
}

/**
 * The cases' own criteria and reference answers as one pooled row, for a table of their own: each is about
 * one case, so a rate per id (`case:1` of unrelated cases) would mean nothing beside the rubric's rates.
 */
export function caseCriteriaRows(results: Pick<RunResults, 'case_criteria'>): Record<string, RateStat> | undefined {
  return results.case_criteria ? { "cases' own criteria and references": results.case_criteria } : undefined;
}

/** "1 case", "3 cases". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatInteger(count)} ${count === 1 ? singular : pluralForm}`;
}

/**
 * The cost line every report prints, the target (production) and the judge (evaluation) apart:
 * "target $0.0021 per case · $105.00 per day projected (n=154) · judge $0.31 · this run $0.63".
 * Unknown costs say so instead of a partial number.
 */
export function formatCostSummary(c: CostStats | undefined): string {
  if (!c || (!isNumber(c.total_usd) && !isNumber(c.per_case_usd))) {
    return c && isNumber(c.unpriced) && c.unpriced > 0 ? `${NA} (no token usage for ${formatInteger(c.unpriced)} cases, or no pricing)` : `${NA} (no pricing or usage)`;
  }
  const parts: string[] = [];
  if (isNumber(c.per_case_usd)) {
    parts.push(`target ${formatUsd(c.per_case_usd)} per case${isNumber(c.per_day_usd) ? ` · ${formatUsd(c.per_day_usd)} per day projected` : ''} (n=${formatInteger(c.n)})`);
  } else {
    parts.push('target cost unknown');
  }
  if (isNumber(c.unpriced) && c.unpriced > 0) parts.push(`${formatInteger(c.unpriced)} ${c.unpriced === 1 ? 'case' : 'cases'} without token usage`);
  if (isNumber(c.judge_usd)) parts.push(`judge ${formatUsd(c.judge_usd)}`);
  parts.push(`this run ${formatUsd(c.total_usd)}`);
  return parts.join(' · ');
}
