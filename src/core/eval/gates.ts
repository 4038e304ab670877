// The launch bar: each gate in the spec compared with the run's numbers. A gate whose number is undefined
// (no cases with that tag, a class never predicted) fails, and says why: an unmeasured bar is not cleared.
//
// Every rate gate carries the 95% interval of its number, because a rate from a sample is an estimate:
// Wilson for the proportions (pass rates, recall, precision, accuracy), the percentile bootstrap for F1 and
// macro F1, the asymptotic interval for kappa. `decide_on: lower_bound` compares the interval's lower end
// with the target, for every rate gate alike. Under `point` the observed value decides, and a gate whose
// interval straddles the target is marked as not decided by this sample: a warning that never changes
// whether the gate passed, so the verdict and the exit code stay the point estimate's.
import type { GatesConfig } from '../spec/config.js';
import type { ClassificationResults, GateResult, Interval, JudgeAgreement, LatencyStats, CostStats, RateStat } from '../../shared/results.js';
import { type ConfusionMatrix, type F1Intervals, bootstrapF1Intervals, cohenKappaInterval, wilsonInterval } from '../metrics/index.js';

export interface GateInputs {
  overall: RateStat;
  /** Cases whose every attempt passed (see repeat.ts); the pass_hat_k gate is judged on it like pass_rate. */
  passHatK?: RateStat;
  errors: number;
  byTag: Record<string, RateStat>;
  byCriterion: Record<string, RateStat>;
  classification?: ClassificationResults;
  latency: LatencyStats;
  cost: CostStats;
  /** Judge calibration, when the run used the judge; else `judgeAgreementAbsent` says why there is none. */
  judgeAgreement?: JudgeAgreement;
  judgeAgreementAbsent?: string;
  /** The spec's target pricing, to say why a cost is unknown. */
  pricing?: { input_per_mtok?: number; output_per_mtok?: number };
}

/** Short numbers for reasons: whole units past 100 (latencies), one decimal past 1, three below (rates). */
const fmt = (v: number) => {
  const text = Math.abs(v) >= 100 ? String(Math.round(v)) : Math.abs(v) >= 1 ? v.toFixed(1) : v.toFixed(3);
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
};

/** An interval as the reporters print it: three decimals and an en dash. */
const fmtInterval = ([lo, hi]: Interval) => `${lo.toFixed(3)}–${hi.toFixed(3)}`;

/** A rate gate's number: the observed value, its 95% interval, and the cases behind it. */
interface Estimate {
  value: number | null;
  ci95: Interval | null;
  n: number;
}

/**
 * Whether an interval leaves the gate open: its lower end is below the target and its upper end reaches it,
 * so values that pass and values that fail are both consistent with the sample. Under `lower_bound` a gate
 * passes exactly when the lower end reaches the target, so the two rules agree on what "shown" means.
 */
export function straddles(ci95: Interval, target: number): boolean {
  return ci95[0] < target && ci95[1] >= target;
}

export function evaluateGates(gates: GatesConfig | undefined, inputs: GateInputs): GateResult[] {
  if (!gates) return [];
  const lowerBound = gates.decide_on === 'lower_bound';
  const results: GateResult[] = [];

  const rateGate = (name: string, what: string, target: number, estimate: Estimate, undefinedReason: string) => {
    const { value: observed, ci95, n } = estimate;
    const actual = lowerBound ? (ci95?.[0] ?? null) : observed;
    const passed = actual !== null && actual >= target;
    const decided = lowerBound || ci95 === null || !straddles(ci95, target);
    const result: GateResult = { name, direction: 'min', target, actual, ci95, decided, n, passed };
    if (lowerBound) result.observed = observed;
    if (!decided) result.note = `not decided by this sample (95% CI ${fmtInterval(ci95!)} straddles ${fmt(target)})`;
    if (!passed) {
      result.reason =
        actual === null
          ? `${what} is ${undefinedReason}`
          : `${what} is ${fmt(actual)}${lowerBound ? ` (95% lower bound; observed ${fmt(observed!)})` : ''} (n=${n}), below ${fmt(target)}`;
    }
    results.push(result);
  };
  const valueGate = (name: string, what: string, target: number, actual: number | null, n?: number, unit = '') => {
    const passed = actual !== null && actual <= target;
    const result: GateResult = { name, direction: 'max', target, actual, passed };
    if (n !== undefined) result.n = n;
    if (!passed) {
      result.reason = actual === null ? `${what} is undefined` : `${what} is ${fmt(actual)}${unit}${n !== undefined ? ` (n=${n})` : ''}, above ${fmt(target)}${unit}`;
    }
    results.push(result);
  };
  const fromRate = (stat: RateStat | undefined): Estimate => ({ value: stat?.rate ?? null, ci95: stat?.ci95 ?? null, n: stat?.n ?? 0 });

  const noGraded = 'undefined: no graded cases';
  if (gates.pass_rate !== undefined) rateGate('pass_rate', 'the pass rate', gates.pass_rate, fromRate(inputs.overall), noGraded);
  if (gates.pass_hat_k !== undefined) rateGate('pass_hat_k', 'pass^k (cases whose every attempt passed)', gates.pass_hat_k, fromRate(inputs.passHatK), noGraded);
  for (const [tag, target] of Object.entries(gates.per_tag ?? {})) rateGate(`per_tag.${tag}`, `the pass rate for tag "${tag}"`, target, fromRate(inputs.byTag[tag]), noGraded);
  // A criterion's rate and n cover only the cases it applies to, so its gate is decided on those alone.
  for (const [id, target] of Object.entries(gates.per_criterion ?? {})) {
    const stat = inputs.byCriterion[id];
    const applicable = stat ? stat.n + stat.errors : 0;
    const undefinedReason = stat && applicable === 0 && (stat.not_applicable ?? 0) > 0 ? 'undefined: no case it applies to' : noGraded;
    rateGate(`per_criterion.${id}`, `the pass rate of criterion "${id}"`, target, fromRate(stat), undefinedReason);
  }

  const cls = inputs.classification;
  const confusion: ConfusionMatrix | undefined = cls ? { labels: cls.labels, matrix: cls.matrix, unparsed: cls.unparsed } : undefined;
  // The bootstrap is the one costly interval: computed once, and only when an F1 gate needs it.
  let f1Intervals: F1Intervals | undefined;
  const f1Interval = (label: string | null): Interval | null => {
    if (!confusion) return null;
    f1Intervals ??= bootstrapF1Intervals(confusion);
    return label === null ? f1Intervals.macro : (f1Intervals.perClass[confusion.labels.indexOf(label)] ?? null);
  };
  for (const metric of ['recall', 'precision', 'f1'] as const) {
    for (const [label, target] of Object.entries(gates[metric] ?? {})) {
      const m = cls?.per_class[label];
      const n = metric === 'precision' ? (cls ? predictedCount(cls, label) : 0) : (m?.support ?? 0);
      const value = m?.[metric] ?? null;
      const ci95 = metric === 'f1' ? (value === null ? null : f1Interval(label)) : perClassInterval(cls, label, metric);
      rateGate(`${metric}.${label}`, `${metric} for ${label}`, target, { value, ci95, n }, 'undefined');
    }
  }
  const n = cls?.n ?? 0;
  if (gates.accuracy !== undefined) rateGate('accuracy', 'accuracy', gates.accuracy, { value: cls?.accuracy ?? null, ci95: cls && cls.n > 0 ? wilsonInterval(correctCount(cls), cls.n) : null, n }, 'undefined');
  if (gates.macro_f1 !== undefined) rateGate('macro_f1', 'macro F1', gates.macro_f1, { value: cls?.macro_f1 ?? null, ci95: (cls?.macro_f1 ?? null) === null ? null : f1Interval(null), n }, 'undefined');
  if (gates.kappa !== undefined) rateGate('kappa', "Cohen's kappa", gates.kappa, { value: cls?.kappa ?? null, ci95: confusion ? cohenKappaInterval(confusion) : null, n }, 'undefined');
  // Judge calibration gates: with no pairs, or a kappa that is undefined (every verdict the same), the sample
  // decides nothing, so the gate is not decided and not passed; the reason says what is missing.
  const calibrationGate = (name: string, what: string, target: number, pick: (a: JudgeAgreement) => Estimate) => {
    const agreement = inputs.judgeAgreement;
    const estimate = agreement ? pick(agreement) : { value: null, ci95: null, n: 0 };
    const missing = !agreement
      ? (inputs.judgeAgreementAbsent ?? 'this run has no judge calibration')
      : agreement.overall.n === 0
        ? 'no human verdict was compared with the judge (add examples with Input: and Output:, or human_labels)'
        : 'undefined: the human and the judge gave one and the same verdict every time';
    rateGate(name, what, target, estimate, missing);
    if (estimate.value === null) {
      const result = results[results.length - 1]!;
      result.decided = false;
      result.reason = `${what} is not decided: ${missing}`;
    }
  };
  if (gates.judge_agreement !== undefined) {
    calibrationGate('judge_agreement', 'the judge\'s agreement with humans', gates.judge_agreement, (a) => ({ value: a.overall.agreement, ci95: a.overall.agreement_ci95, n: a.overall.n }));
  }
  if (gates.judge_kappa !== undefined) {
    calibrationGate('judge_kappa', "the judge's Cohen's kappa with humans", gates.judge_kappa, (a) => ({ value: a.overall.kappa, ci95: a.overall.kappa_ci95, n: a.overall.n }));
  }
  if (gates.max_errors !== undefined) valueGate('max_errors', 'the number of errored cases', gates.max_errors, inputs.errors);
  if (gates.latency_p95_ms !== undefined) valueGate('latency_p95_ms', 'latency p95', gates.latency_p95_ms, inputs.latency.p95, inputs.latency.n, ' ms');
  if (gates.cost_per_case_usd !== undefined) {
    // A cost gate on unknown cost is never passed: the mean of the cases that did report usage would
    // understate it, and without pricing there is nothing to compare.
    const unpriced = inputs.cost.unpriced ?? 0;
    const answered = inputs.cost.n + unpriced;
    if (unpriced > 0 || inputs.cost.per_case_usd === null) {
      const why = !inputs.pricing?.input_per_mtok && !inputs.pricing?.output_per_mtok
        ? 'the spec sets no pricing'
        : answered === 0
          ? 'no case was answered'
          : `no token usage for ${unpriced} of ${answered} cases`;
      results.push({ name: 'cost_per_case_usd', direction: 'max', target: gates.cost_per_case_usd, actual: inputs.cost.per_case_usd, n: inputs.cost.n, passed: false, reason: `cost per case is undecidable: ${why}` });
    } else {
      valueGate('cost_per_case_usd', 'cost per case', gates.cost_per_case_usd, inputs.cost.per_case_usd, inputs.cost.n, ' USD');
    }
  }
  return results;
}

/** The Wilson interval of a label's precision or recall, as the classification report holds it. */
function perClassInterval(cls: ClassificationResults | undefined, label: string, metric: 'precision' | 'recall'): Interval | null {
  const m = cls?.per_class[label];
  if (!m) return null;
  return (metric === 'precision' ? m.precision_ci95 : m.recall_ci95) ?? null;
}

function predictedCount(cls: ClassificationResults, label: string): number {
  const column = cls.labels.indexOf(label);
  return column < 0 ? 0 : cls.matrix.reduce((sum, row) => sum + (row[column] ?? 0), 0);
}

function correctCount(cls: ClassificationResults): number {
  return cls.labels.reduce((sum, _, i) => sum + (cls.matrix[i]?.[i] ?? 0), 0);
}
