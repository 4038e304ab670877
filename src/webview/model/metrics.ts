// The numbers the panel recomputes for a slice of the cases. Every one comes from the core metrics library,
// with the sample chosen exactly as the engine's summarize() chooses it, so a slice holding every case shows
// the very numbers the CLI printed (the tests check that equality on the bundled examples).
import { classificationFor, passRate, percentiles, precisionRecallAt, precisionRecallCurve, rocAuc, wilsonInterval } from '../../core/index.js';
import type { CaseResult, ClassificationResults, Interval, RateStat } from '../../shared/results.js';

/** The classification results for these cases: the engine's own function, so a slice of every case equals the CLI. */
export { classificationFor };

/** Pass rate of these cases with its Wilson interval (errors counted apart), as summarize's rateStat. */
export function rateOf(cases: readonly CaseResult[]): RateStat {
  let passed = 0;
  let failed = 0;
  let errors = 0;
  for (const c of cases) {
    if (c.status === 'pass') passed++;
    else if (c.status === 'fail') failed++;
    else errors++;
  }
  const rate = passRate(passed, failed);
  return { passed, failed, errors, n: rate.n, rate: rate.rate, ci95: rate.ci };
}

/** A share (hits of n) with its Wilson interval: anti-pattern hit rates. */
export function shareOf(hits: number, n: number): { rate: number | null; ci95: Interval | null } {
  const h = Math.max(0, Math.min(hits, n));
  return { rate: n > 0 ? h / n : null, ci95: n > 0 ? wilsonInterval(h, n) : null };
}

/** Recall of a label as a proportion with its Wilson interval (tp of support). */
export function recallInterval(c: ClassificationResults, label: string): Interval | null {
  const i = c.labels.indexOf(label);
  if (i < 0) return null;
  const row = c.matrix[i] ?? [];
  const support = row.reduce((s, v) => s + v, 0) + (c.unparsed[i] ?? 0);
  return support > 0 ? wilsonInterval(row[i] ?? 0, support) : null;
}

export interface ThresholdCurve {
  /** The label treated as positive. */
  positive: string;
  /** How a case counts as predicted positive, in words. */
  rule: string;
  /** Ascending by threshold. */
  points: Array<{ threshold: number; precision: number | null; recall: number | null; truePositives: number; falsePositives: number }>;
  positives: number;
  /** ROC AUC (binary only: the engine's definition). */
  rocAuc: number | null;
}

/**
 * The precision / recall trade-off across confidence thresholds for one label, or null when the cases lack
 * confidence scores. Binary: confidence is the score of the first label, as the engine reads it; for the
 * first label this is exactly the engine's curve, for the second the score is 1 − confidence. Multi-class:
 * one-vs-rest, where a case counts as predicted `positive` when the model predicted it with confidence ≥ t
 * ("act on the label only when confident"), confidence being the predicted label's.
 */
export function thresholdCurve(cases: readonly CaseResult[], labels: readonly string[], positive: string): ThresholdCurve | null {
  const graded = scoredSample(cases, labels);
  if (!graded) return null;
  const isPositive = graded.map((c) => c.expected === positive);
  const scores = scoresFor(graded, labels, positive);
  const curve = precisionRecallCurve(isPositive, scores);
  if (labels.length === 2) {
    const first = positive === labels[0];
    return {
      positive,
      rule: first ? `confidence (the score of "${positive}") ≥ threshold` : `1 − confidence (the score of "${labels[0]}") ≥ threshold`,
      points: curve.points,
      positives: curve.positives,
      rocAuc: rocAuc(isPositive, scores),
    };
  }
  return {
    positive,
    rule: `predicted "${positive}" with confidence ≥ threshold`,
    points: curve.points.filter((p) => p.threshold >= 0),
    positives: curve.positives,
    rocAuc: null,
  };
}

/** Graded classification cases, when every one has a confidence score (else null). */
function scoredSample(cases: readonly CaseResult[], labels: readonly string[]): CaseResult[] | null {
  const labelSet = new Set(labels);
  const graded = cases.filter((c) => c.status !== 'error' && c.expected !== undefined && labelSet.has(c.expected));
  if (graded.length === 0 || !graded.every((c) => typeof c.confidence === 'number' && Number.isFinite(c.confidence))) return null;
  return graded;
}

function scoresFor(graded: readonly CaseResult[], labels: readonly string[], positive: string): number[] {
  if (labels.length === 2) return graded.map((c) => (positive === labels[0] ? c.confidence! : 1 - c.confidence!));
  // Cases predicted as another label never count as positive: score −1, below every real threshold.
  return graded.map((c) => (c.predicted === positive ? c.confidence! : -1));
}

/** Precision and recall at one threshold, with the same rule as {@link thresholdCurve}; null without scores. */
export function thresholdPoint(cases: readonly CaseResult[], labels: readonly string[], positive: string, threshold: number) {
  const graded = scoredSample(cases, labels);
  if (!graded) return null;
  return precisionRecallAt(graded.map((c) => c.expected === positive), scoresFor(graded, labels, positive), threshold);
}

export interface Histogram {
  /** Bin edges, length bins + 1, ascending. */
  edges: number[];
  counts: number[];
  n: number;
}

/** A "nice" step (1, 2 or 5 × 10^k) so that span / step ≈ bins. */
function niceStep(span: number, bins: number): number {
  const raw = span / bins;
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * power;
}

/** Equal-width bins over round numbers; every finite value lands in exactly one bin. */
export function histogram(values: readonly number[], bins = 20): Histogram {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return { edges: [], counts: [], n: 0 };
  let min = Infinity;
  let max = -Infinity;
  for (const v of finite) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === max) return { edges: [min, min + 1], counts: [finite.length], n: finite.length };
  let step = niceStep(max - min, bins);
  // Spans near the smallest doubles have no "nice" step (10^-324 is 0): fall back to plain equal widths.
  if (!(step > 0) || !Number.isFinite(step)) step = (max - min) / bins;
  if (!(step > 0)) return { edges: [min, max], counts: [finite.length], n: finite.length };
  // Rounding can put the first edge an ulp above the minimum (0.3 / 0.1 is 3.0000000000000004): step back.
  let start = Math.floor(min / step) * step;
  if (start > min) start -= step;
  const count = Math.max(1, Math.floor((max - start) / step) + 1);
  const edges = Array.from({ length: count + 1 }, (_, i) => start + i * step);
  // …and the last edge an ulp below the maximum: the outer edges always enclose every value.
  edges[0] = Math.min(edges[0]!, min);
  edges[count] = Math.max(edges[count]!, max);
  const counts = new Array<number>(count).fill(0);
  for (const v of finite) {
    const b = Math.max(0, Math.min(count - 1, Math.floor((v - start) / step)));
    counts[b] = (counts[b] ?? 0) + 1;
  }
  return { edges, counts, n: finite.length };
}

export interface UsageStats {
  n: number;
  meanInput: number | null;
  meanOutput: number | null;
  p50Cost: number | null;
  p95Cost: number | null;
}

/** Tokens per case and the spread of the cost per case. */
export function usageStats(cases: readonly CaseResult[]): UsageStats {
  const withUsage = cases.filter((c) => c.usage && Number.isFinite(c.usage.input_tokens) && Number.isFinite(c.usage.output_tokens));
  const costs = cases.map((c) => c.cost_usd).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const [p50, p95] = percentiles(costs, [50, 95]);
  return {
    n: withUsage.length,
    meanInput: withUsage.length ? withUsage.reduce((s, c) => s + c.usage!.input_tokens, 0) / withUsage.length : null,
    meanOutput: withUsage.length ? withUsage.reduce((s, c) => s + c.usage!.output_tokens, 0) / withUsage.length : null,
    p50Cost: p50 ?? null,
    p95Cost: p95 ?? null,
  };
}
