// The comparison of one spec's runs on several targets over the same cases: a row per target (quality with
// its interval, gates, errors, cost, latency), the exact McNemar test for every pair on the cases both
// graded (as `aispec diff` pairs two runs), and the recommendation a PM asks for: the cheapest target that
// passes every gate. When a passing target's cost is unknown it might be the cheapest, so none is named.
import type { ComparedPair, ComparedTarget, Comparison, ComparisonResults } from '../../shared/comparison.js';
import type { RunResults } from '../../shared/results.js';
import { mcnemarExact } from '../metrics/index.js';

export interface TargetRun {
  name: string;
  results: RunResults;
}

/** The comparison JSON of the runs, in the spec's order of its targets. */
export function comparisonResults(runs: readonly TargetRun[]): ComparisonResults {
  return {
    format: 'aispec-comparison',
    version: 1,
    targets: Object.fromEntries(runs.map((r) => [r.name, r.results])),
    comparison: compareTargets(runs),
  };
}

export function compareTargets(runs: readonly TargetRun[]): Comparison {
  const targets = runs.map(comparedTarget);
  const pairs: ComparedPair[] = [];
  for (let i = 0; i < runs.length; i++) {
    for (let j = i + 1; j < runs.length; j++) pairs.push(comparedPair(runs[i]!, runs[j]!));
  }
  return { targets, pairs, ...recommendation(targets) };
}

function comparedTarget({ name, results }: TargetRun): ComparedTarget {
  const { summary, cost, latency, run } = results;
  // A cost measured on only some of the answered cases is not the target's cost (as for the cost gate).
  const costKnown = cost.per_case_usd !== null && (cost.unpriced ?? 0) === 0;
  return {
    name,
    provider: run.target.provider,
    ...(run.target.model ? { model: run.target.model } : {}),
    pass_rate: summary.pass_rate,
    pass_rate_ci95: summary.pass_rate_ci95,
    verdict: summary.verdict,
    gates_failed: summary.gates.filter((g) => !g.passed).map((g) => g.name),
    errors: summary.errors,
    cost_per_case_usd: costKnown ? cost.per_case_usd : null,
    cost_per_day_usd: costKnown ? cost.per_day_usd : null,
    latency_p95_ms: latency.p95,
  };
}

/** Cases paired by id; a case that errored (or is missing) on either side is left out, as in `aispec diff`. */
function comparedPair(a: TargetRun, b: TargetRun): ComparedPair {
  const onB = new Map(b.results.cases.map((c) => [c.id, c.status]));
  let n = 0;
  let aOnly = 0;
  let bOnly = 0;
  for (const c of a.results.cases) {
    const other = onB.get(c.id);
    if (other === undefined || other === 'error' || c.status === 'error') continue;
    n++;
    if (c.status === 'pass' && other === 'fail') aOnly++;
    else if (c.status === 'fail' && other === 'pass') bOnly++;
  }
  return { a: a.name, b: b.name, n, a_only_pass: aOnly, b_only_pass: bOnly, mcnemar_p: mcnemarExact(aOnly, bOnly).pValue };
}

function recommendation(targets: readonly ComparedTarget[]): Pick<Comparison, 'recommended' | 'recommended_reason'> {
  const passing = targets.filter((t) => t.verdict === 'pass');
  if (targets.length > 0 && targets.every((t) => t.verdict === 'partial')) {
    return { recommended: null, recommended_reason: 'Only a subset of the cases ran (--tag, --case or --shard): its gates decide nothing, so no target is recommended. Run every case to compare.' };
  }
  if (passing.length === 0) {
    const why = targets.map((t) => `${t.name} ${notPassing(t)}`).join('; ');
    return { recommended: null, recommended_reason: `No target passes every gate (${why}).` };
  }
  const unknown = passing.filter((t) => t.cost_per_case_usd === null);
  if (unknown.length > 0) {
    const names = unknown.map((t) => t.name).join(', ');
    return {
      recommended: null,
      recommended_reason: `${passingCount(passing.length, targets.length)}, but the cost per case of ${names} is unknown (no pricing, or the target reported no token usage), so the cheapest cannot be named.`,
    };
  }
  // Cheapest first; on equal cost the higher pass rate, then the spec's order (sort is stable).
  const ranked = [...passing].sort((x, y) => x.cost_per_case_usd! - y.cost_per_case_usd! || (y.pass_rate ?? 0) - (x.pass_rate ?? 0));
  const best = ranked[0]!;
  if (ranked.length === 1) return { recommended: best.name, recommended_reason: `${best.name} is the only target that passes every gate.` };
  const next = ranked[1]!;
  const cheaper = best.cost_per_case_usd! < next.cost_per_case_usd!;
  return {
    recommended: best.name,
    recommended_reason: cheaper
      ? `${best.name} is the cheapest of the ${passing.length} targets that pass every gate ($${usd(best.cost_per_case_usd!)} a case against $${usd(next.cost_per_case_usd!)} for ${next.name}).`
      : `${best.name} and ${next.name} pass every gate at the same cost per case; ${best.name} has the ${best.pass_rate !== next.pass_rate ? 'higher pass rate' : 'first place in the spec'}.`,
  };
}

function notPassing(t: ComparedTarget): string {
  if (t.verdict === 'fail') return `fails ${t.gates_failed.join(', ') || 'a gate'}`;
  if (t.verdict === 'incomplete') return 'did not complete';
  if (t.verdict === 'partial') return 'ran on a subset of the cases';
  return 'has no gates';
}

function passingCount(passing: number, total: number): string {
  return passing === 1 ? `1 of ${total} targets passes every gate` : `${passing} of ${total} targets pass every gate`;
}

/** Dollars to three significant digits, for a reason sentence (the renderers format their own). */
function usd(value: number): string {
  if (value >= 1) return value.toFixed(2);
  // Below a millionth, toString would switch to exponent notation.
  return value < 1e-6 ? value.toFixed(8) : Number(value.toPrecision(3)).toString();
}
