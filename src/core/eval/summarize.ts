// From graded cases to the run's numbers: pass rate with its interval, per tag / criterion / anti-pattern,
// the classification report, latency and cost, and the gates. Every number is computed here from the
// cases alone, so `aispec merge` of shards recomputes exactly what one big run would have reported.
import type { SpecConfig } from '../spec/config.js';
import { classificationReport, passRate, percentile, precisionRecallCurve, rocAuc } from '../metrics/index.js';
import type { CaseResult, ClassificationResults, CriterionVerdict, CostStats, JudgeAgreement, LatencyStats, RateStat, RunResults, RunStop } from '../../shared/results.js';
import { evaluateGates } from './gates.js';
import { createRepeatTally } from './repeat.js';
import { runVerdict } from './verdict.js';
import { filledList } from '../util/filled-list.js';

type Tally = { passed: number; failed: number; errors: number; not_applicable?: number };

export function rateStat({ passed, failed, errors, not_applicable }: Tally): RateStat {
  const rate = passRate(passed, failed);
  return { passed, failed, errors, n: rate.n, rate: rate.rate, ci95: rate.ci, ...(not_applicable !== undefined ? { not_applicable } : {}) };
}

function count(t: Tally, status: CaseResult['status']): void {
  if (status === 'pass') t.passed++;
  else if (status === 'fail') t.failed++;
  else t.errors++;
}

function tally(map: Map<string, Tally>, key: string, status: CaseResult['status']): void {
  let t = map.get(key);
  if (!t) map.set(key, (t = { passed: 0, failed: 0, errors: 0 }));
  count(t, status);
}

/** A criterion verdict in its criterion's tally: an n/a one only in `not_applicable`, never in the rate or n. */
function tallyCriterion(map: Map<string, Tally>, verdict: CriterionVerdict): void {
  let t = map.get(verdict.id);
  if (!t) map.set(verdict.id, (t = { passed: 0, failed: 0, errors: 0, not_applicable: 0 }));
  if (verdict.applies === false) t.not_applicable = (t.not_applicable ?? 0) + 1;
  else count(t, criterionStatus(verdict));
}

function criterionStatus(verdict: CriterionVerdict): CaseResult['status'] {
  return verdict.error ? 'error' : verdict.passed ? 'pass' : 'fail';
}

const toRecord = (map: Map<string, Tally>): Record<string, RateStat> => Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)).map(([k, t]) => [k, rateStat(t)]));

export type Summary = Omit<RunResults, 'format' | 'version' | 'aispec_version' | 'spec' | 'run' | 'cases'>;

/** How the run went, as far as the verdict needs it. */
export interface RunScope {
  complete: boolean;
  /** Selected cases that did not finish (default 0). */
  unfinished?: number;
  /** Only some of the spec's cases were selected (--tag, --case, --failed, --shard). */
  subset?: boolean;
  stopped?: RunStop;
  /** Judge calibration of this run, for the judge_* gates; absent: `judgeAgreementAbsent` says why. */
  judgeAgreement?: JudgeAgreement;
  judgeAgreementAbsent?: string;
}

/**
 * What the summary needs of the cases, taken one case at a time: counts per tag, criterion and anti-pattern,
 * the classification pairs, the latencies and the cost sums. A run adds each case as it is graded (in spec
 * order) and keeps no case; `summarize` of a list is the same tally over the list, so both give the same
 * Summary to the bit (sums are added in the same order). Holds O(1) per case: a latency, a label pair.
 */
export interface SummaryTally {
  add(c: CaseResult): void;
  finish(scope: RunScope): Summary;
}

/** `expectedCases`: how many cases will be added, when known (a run's), so the per-case lists are made at that size. */
export function createSummaryTally(config: SpecConfig, expectedCases = 0): SummaryTally {
  const overall: Tally = { passed: 0, failed: 0, errors: 0 };
  const byTag = new Map<string, Tally>();
  const byCriterion = new Map<string, Tally>();
  // A case's own criteria are about that case alone: one pooled rate, never mixed into a rubric criterion's.
  let caseCriteria: Tally | undefined;
  const antiPatterns: Summary['anti_patterns'] = {};
  const classification = config.labels && config.labels.length > 0 ? createClassificationTally(config.labels, expectedCases) : undefined;
  const latency = createLatencyTally(expectedCases);
  const cost = createCostTally(config);
  const repeated = createRepeatTally();
  let total = 0;
  let flaky = 0;
  return {
    add(c) {
      total++;
      count(overall, c.status);
      for (const tag of c.tags) tally(byTag, tag, c.status);
      for (const criterion of c.criteria) {
        if (criterion.source === 'case') count((caseCriteria ??= { passed: 0, failed: 0, errors: 0 }), criterionStatus(criterion));
        else tallyCriterion(byCriterion, criterion);
      }
      for (const hit of c.anti_patterns) {
        const entry = (antiPatterns[hit.id] ??= { name: hit.name, hits: 0, cases: [] });
        entry.hits++;
        entry.cases.push(c.id);
      }
      classification?.add(c);
      latency.add(c);
      cost.add(c);
      repeated.add(c);
      if (c.flaky) flaky++;
    },
    finish(scope) {
      const classified = classification?.finish();
      const latencyStats = latency.finish();
      const costs = cost.finish();
      const overallStat = rateStat(overall);
      const byTagRecord = toRecord(byTag);
      const byCriterionRecord = toRecord(byCriterion);
      const rates = repeated.finish();
      const gates = evaluateGates(config.gates, { overall: overallStat, passHatK: rates.pass_hat_k, errors: overall.errors, byTag: byTagRecord, byCriterion: byCriterionRecord, classification: classified, latency: latencyStats, cost: costs, pricing: config.pricing,
        ...(scope.judgeAgreement ? { judgeAgreement: scope.judgeAgreement } : {}),
        ...(scope.judgeAgreementAbsent ? { judgeAgreementAbsent: scope.judgeAgreementAbsent } : {}),
      });
      const { verdict, reason } = runVerdict({
        complete: scope.complete,
        unfinished: scope.unfinished ?? 0,
        total,
        errors: overall.errors,
        maxErrors: config.gates?.max_errors ?? 0,
        gated: gates.length > 0,
        gates,
        subset: scope.subset ?? false,
        stopped: scope.stopped,
      });
      const summary: Summary = {
        summary: {
          total,
          passed: overall.passed,
          failed: overall.failed,
          errors: overall.errors,
          pass_rate: overallStat.rate,
          pass_rate_ci95: overallStat.ci95,
          gates,
          verdict,
          verdict_reason: reason,
          flaky,
          ...rates,
        },
        by_tag: byTagRecord,
        by_criterion: byCriterionRecord,
        ...(caseCriteria ? { case_criteria: rateStat(caseCriteria) } : {}),
        anti_patterns: antiPatterns,
        latency: latencyStats,
        cost: costs,
      };
      if (classified) summary.classification = classified;
      if (scope.judgeAgreement) summary.judge_agreement = scope.judgeAgreement;
      return summary;
    },
  };
}

export function summarize(cases: readonly CaseResult[], config: SpecConfig, scope: RunScope): Summary {
  const summary = createSummaryTally(config);
  for (const c of cases) summary.add(c);
  return summary.finish(scope);
}

/** The classification results of these cases: graded cases with an expected label (the results panel uses it for slices). */
export function classificationFor(cases: readonly CaseResult[], labels: readonly string[]): ClassificationResults {
  const classification = createClassificationTally(labels);
  for (const c of cases) classification.add(c);
  return classification.finish();
}

/** Graded cases with an expected label, as (expected, predicted, confidence) columns: no case is kept. */
function createClassificationTally(labels: readonly string[], expectedCases = 0) {
  const labelSet = new Set(labels);
  const expectedLabels = filledList<string>(expectedCases);
  const predictedLabels = filledList<string | null>(expectedCases);
  const confidences: number[] = [];
  return {
    add(c: CaseResult) {
      if (c.status === 'error' || c.expected === undefined || !labelSet.has(c.expected)) return;
      expectedLabels.add(c.expected);
      predictedLabels.add(c.predicted ?? null);
      if (typeof c.confidence === 'number') confidences.push(c.confidence);
      // The curve needs every graded case scored: one without a score rules it out (see finish).
    },
    finish(): ClassificationResults {
      const expected = expectedLabels.items();
      const predicted = predictedLabels.items();
      const report = classificationReport(expected, predicted, labels);
      const result: ClassificationResults = { ...report, n: expected.length };
      // Confidence scores make a threshold trade-off meaningful for a binary eval: the first label is positive.
      if (labels.length === 2 && confidences.length > 0 && confidences.length === expected.length) {
        const positive = labels[0]!;
        const isPositive = expected.map((e) => e === positive);
        const curve = precisionRecallCurve(isPositive, confidences);
        result.scores = {
          positive_label: positive,
          roc_auc: rocAuc(isPositive, confidences),
          curve: curve.points.map((p) => ({ threshold: p.threshold, precision: p.precision, recall: p.recall })),
        };
      }
      return result;
    },
  };
}

function createLatencyTally(expectedCases = 0) {
  const latencies = filledList<number>(expectedCases);
  return {
    add(c: CaseResult) {
      if (typeof c.latency_ms === 'number' && Number.isFinite(c.latency_ms)) latencies.add(c.latency_ms);
    },
    finish(): LatencyStats {
      const values = latencies.items();
      return {
        n: values.length,
        p50: percentile(values, 50),
        p95: percentile(values, 95),
        // reduce, not Math.max(...values): a spread of 100,000+ latencies overflows the call stack.
        max: values.length ? values.reduce((a, b) => Math.max(a, b)) : null,
        mean: values.length ? values.reduce((a, b) => a + b, 0) / values.length : null,
      };
    },
  };
}

/**
 * Cost, with the target and the judge apart: the target's cost is what a case costs in production (it gates
 * `cost_per_case_usd` and projects the daily spend); the judge is a cost of evaluating, in the total only.
 * A case the target answered without a known cost is counted in `unpriced`, so a cost gate is never
 * decided on the cases that happened to report usage.
 */
export function costStats(cases: readonly CaseResult[], config: Pick<SpecConfig, 'pricing'>): CostStats {
  const cost = createCostTally(config);
  for (const c of cases) cost.add(c);
  return cost.finish();
}

/** Running sums, added case by case in order (as a reduce from 0 over the list would add them). */
export function createCostTally(config: Pick<SpecConfig, 'pricing'>) {
  let inputTokens = 0;
  let outputTokens = 0;
  let answered = 0;
  let priced = 0;
  let target = 0;
  let judged = 0;
  let judge = 0;
  let judgeTokens: JudgeSpend | undefined;
  return {
    add(c: CaseResult) {
      if (c.usage) {
        inputTokens += c.usage.input_tokens;
        outputTokens += c.usage.output_tokens;
      }
      if (c.output !== null) {
        answered++;
        const targetCost = targetCostOf(c);
        if (typeof targetCost === 'number') {
          priced++;
          target += targetCost;
        }
      }
      const judgeCost = c.judge_usage?.cost_usd;
      if (typeof judgeCost === 'number') {
        judged++;
        judge += judgeCost;
      }
      if (c.judge_usage && c.judge_usage.calls > 0) addTokens((judgeTokens ??= { calls: 0, input_tokens: 0, output_tokens: 0 }), c.judge_usage);
    },
    finish(): CostStats {
      const targetUsd = priced > 0 ? target : null;
      const judgeUsd = judged > 0 ? judge : null;
      const perCase = targetUsd !== null ? targetUsd / priced : null;
      const traffic = config.pricing?.traffic_per_day;
      const stats: CostStats = {
        input_tokens: inputTokens,
        output_tokens: outputTokens,
        n: priced,
        unpriced: answered - priced,
        total_usd: targetUsd === null && judgeUsd === null ? null : (targetUsd ?? 0) + (judgeUsd ?? 0),
        target_usd: targetUsd,
        judge_usd: judgeUsd,
        per_case_usd: perCase,
        per_day_usd: perCase !== null && typeof traffic === 'number' ? perCase * traffic : null,
      };
      if (judgeTokens) stats.judge_tokens = { ...judgeTokens };
      return stats;
    },
  };
}

export type JudgeSpend = NonNullable<CostStats['judge_tokens']>;

/** The cost with judge calls made outside the cases (the calibration) added: their tokens, and their price when known. */
export function withJudgeSpend(cost: CostStats, tokens: JudgeSpend, usd: number | null): CostStats {
  if (tokens.calls === 0) return cost;
  const out: CostStats = { ...cost, judge_tokens: addTokens({ calls: 0, input_tokens: 0, output_tokens: 0, ...cost.judge_tokens }, tokens) };
  if (usd !== null) {
    out.judge_usd = (cost.judge_usd ?? 0) + usd;
    out.total_usd = (cost.total_usd ?? 0) + usd;
  }
  return out;
}

function addTokens(into: JudgeSpend, add: JudgeSpend): JudgeSpend {
  into.calls += add.calls;
  into.input_tokens += add.input_tokens;
  into.output_tokens += add.output_tokens;
  return into;
}

/** A case's target cost: saved as target_cost_usd; for runs written before it, cost_usd less the judge's. */
function targetCostOf(c: CaseResult): number | null {
  if (c.target_cost_usd !== undefined) return c.target_cost_usd;
  if (typeof c.cost_usd !== 'number' || !c.usage) return null;
  return c.cost_usd - (c.judge_usage?.cost_usd ?? 0);
}
