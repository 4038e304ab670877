// The launch bar: each gate in the spec compared with the run's numbers. A gate whose number is undefined
// (no cases with that tag, a class never predicted) fails, and says why: an unmeasured bar is not cleared.
import type { GatesConfig } from '../spec/config.js';
import type { ClassificationResults, GateResult, LatencyStats, CostStats, RateStat } from '../../shared/results.js';

export interface GateInputs {
  overall: RateStat;
  errors: number;
  byTag: Record<string, RateStat>;
  byCriterion: Record<string, RateStat>;
  classification?: ClassificationResults;
  latency: LatencyStats;
  cost: CostStats;
  /** The spec's target pricing, to say why a cost is unknown. */
  pricing?: { input_per_mtok?: number; output_per_mtok?: number };
}

/** Short numbers for reasons: whole units past 100 (latencies), one decimal past 1, three below (rates). */
const fmt = (v: number) => {
  const text = Math.abs(v) >= 100 ? String(Math.round(v)) : Math.abs(v) >= 1 ? v.toFixed(1) : v.toFixed(3);
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
};

export function evaluateGates(gates: GatesConfig | undefined, inputs: GateInputs): GateResult[] {
  if (!gates) return [];
  const lowerBound = gates.decide_on === 'lower_bound';
  const results: GateResult[] = [];

  const rateGate = (name: string, what: string, target: number, stat: RateStat | undefined) => {
    const observed = stat?.rate ?? null;
    const actual = lowerBound ? (stat?.ci95?.[0] ?? null) : observed;
    const passed = actual !== null && actual >= target;
    const result: GateResult = { name, direction: 'min', target, actual, n: stat?.n ?? 0, passed };
    if (lowerBound) result.observed = observed;
    if (!passed) {
      result.reason =
        actual === null
          ? `${what} is undefined: no graded cases`
          : `${what} is ${fmt(actual)}${lowerBound ? ` (95% lower bound; observed ${fmt(observed!)})` : ''} (n=${stat!.n}), below ${fmt(target)}`;
    }
    results.push(result);
  };
  const valueGate = (name: string, what: string, direction: 'min' | 'max', target: number, actual: number | null, n?: number, unit = '') => {
    const passed = actual !== null && (direction === 'min' ? actual >= target : actual <= target);
    const result: GateResult = { name, direction, target, actual, passed };
    if (n !== undefined) result.n = n;
    if (!passed) {
      result.reason = actual === null ? `${what} is undefined` : `${what} is ${fmt(actual)}${unit}${n !== undefined ? ` (n=${n})` : ''}, ${direction === 'min' ? 'below' : 'above'} ${fmt(target)}${unit}`;
    }
    results.push(result);
  };

  if (gates.pass_rate !== undefined) rateGate('pass_rate', 'the pass rate', gates.pass_rate, inputs.overall);
  for (const [tag, target] of Object.entries(gates.per_tag ?? {})) rateGate(`per_tag.${tag}`, `the pass rate for tag "${tag}"`, target, inputs.byTag[tag]);
  for (const [id, target] of Object.entries(gates.per_criterion ?? {})) rateGate(`per_criterion.${id}`, `the pass rate of criterion "${id}"`, target, inputs.byCriterion[id]);

  const cls = inputs.classification;
  for (const metric of ['recall', 'precision', 'f1'] as const) {
    for (const [label, target] of Object.entries(gates[metric] ?? {})) {
      const m = cls?.per_class[label];
      const n = metric === 'precision' ? (cls ? predictedCount(cls, label) : 0) : (m?.support ?? 0);
      valueGate(`${metric}.${label}`, `${metric} for ${label}`, 'min', target, m?.[metric] ?? null, n);
    }
  }
  if (gates.accuracy !== undefined) valueGate('accuracy', 'accuracy', 'min', gates.accuracy, cls?.accuracy ?? null, cls?.n ?? 0);
  if (gates.macro_f1 !== undefined) valueGate('macro_f1', 'macro F1', 'min', gates.macro_f1, cls?.macro_f1 ?? null, cls?.n ?? 0);
  if (gates.kappa !== undefined) valueGate('kappa', "Cohen's kappa", 'min', gates.kappa, cls?.kappa ?? null, cls?.n ?? 0);
  if (gates.max_errors !== undefined) valueGate('max_errors', 'the number of errored cases', 'max', gates.max_errors, inputs.errors);
  if (gates.latency_p95_ms !== undefined) valueGate('latency_p95_ms', 'latency p95', 'max', gates.latency_p95_ms, inputs.latency.p95, inputs.latency.n, ' ms');
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
      valueGate('cost_per_case_usd', 'cost per case', 'max', gates.cost_per_case_usd, inputs.cost.per_case_usd, inputs.cost.n, ' USD');
    }
  }
  return results;
}

function predictedCount(cls: ClassificationResults, label: string): number {
  const column = cls.labels.indexOf(label);
  return column < 0 ? 0 : cls.matrix.reduce((sum, row) => sum + (row[column] ?? 0), 0);
}
