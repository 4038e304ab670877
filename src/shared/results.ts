// The results JSON of a run: the contract between the engine, the CLI's reporters, CI, and the results
// panel. Types only. Documented for users in schemas/results.schema.json; keep the two in step.

export type CaseStatus = 'pass' | 'fail' | 'error';
/** A closed interval [lower, upper] within [0, 1]. */
export type Interval = [lo: number, hi: number];

/** A rate with its sample: passed / (passed + failed); errors are counted but not in the denominator. */
export interface RateStat {
  passed: number;
  failed: number;
  errors: number;
  /** passed + failed */
  n: number;
  /** null when n = 0 */
  rate: number | null;
  /** Wilson score interval at 95%; null when n = 0 */
  ci95: Interval | null;
  /** by_criterion only: cases the criterion did not apply to (graded "n/a"), counted in none of the above.
   * Absent elsewhere, and in runs written before criteria could not apply. */
  not_applicable?: number;
}

export interface GateResult {
  /** e.g. `pass_rate`, `per_tag.adversarial`, `recall.refuse`, `latency_p95_ms` */
  name: string;
  /** `min`: actual must be ≥ target; `max`: actual must be ≤ target */
  direction: 'min' | 'max';
  target: number;
  /** The value compared with the target; for the rate gates (every gate with `ci95`) under
   * `decide_on: lower_bound`, the lower end of `ci95`; null when undefined */
  actual: number | null;
  /** The observed value, when `actual` is a lower bound */
  observed?: number | null;
  /** The 95% interval of the observed value, on the rate gates (pass_rate, per_tag, per_criterion, recall,
   * precision, accuracy: Wilson; f1, macro_f1: percentile bootstrap; kappa: asymptotic); null when
   * undefined; absent on the value gates (max_errors, latency_p95_ms, cost_per_case_usd) */
  ci95?: Interval | null;
  /** false when the sample does not decide the gate: under `decide_on: point`, `ci95` straddles the target
   * (its lower end below, its upper end at or above). A warning beside `passed`, which it never changes.
   * Present on the rate gates */
  decided?: boolean;
  /** With `decided: false`: the warning in words, e.g.
   * "not decided by this sample (95% CI 0.640–0.948 straddles 0.85)" */
  note?: string;
  /** Cases behind the value */
  n?: number;
  passed: boolean;
  /** Why it failed, in words, e.g. "recall for abuse is 0.62 (n=13), below 0.80" */
  reason?: string;
}

/** Where an output check comes from: the case's own `checks`, or the `check` of a rubric criterion. */
export type CheckSource = 'case' | `criterion:${string}`;

/** One deterministic check run on a case's output. */
export interface OutputCheckVerdict {
  kind: string;
  /** False also when the check could not run (the case is then an `error`). */
  passed: boolean;
  reason: string;
  source: CheckSource;
  /** A `command` grader's own score of the output, 0..1, when it gave one (informational: `passed` decides). */
  score?: number;
}

/**
 * The key under which a case's own criteria (`case:N` of one case and of another are unrelated) are pooled
 * wherever verdicts are counted per criterion id: judge calibration's `per_criterion`, the panel's drill-down.
 */
export const POOLED_CASE_CRITERIA = 'case:*';

export interface CriterionVerdict {
  /** A rubric criterion's id; `case:N` / `case:ID` for a case's own criterion, `reference` for its reference answer. */
  id: string;
  /** Present for a case's own criterion or reference ('case'); absent for a rubric criterion. */
  source?: 'case';
  /** The criterion's text, for a case's own criterion or reference (a rubric criterion's is in the spec). */
  criterion?: string;
  /** False when the criterion failed or could not be graded (then `error` is true); null when it does not
   * apply to the case (then `applies` is false): neither a pass nor a fail. */
  passed: boolean | null;
  /** false: the criterion does not apply to this case, because the spec's `applies_to` leaves the case out or
   * the judge answered so (`reason` says which); it is then "n/a": out of the criterion's rate and n, out of
   * the case's score, and it cannot fail the case. Absent when it applies. */
  applies?: false;
  reason: string;
  weight: number;
  critical: boolean;
  graded_by: 'check' | 'judge';
  error?: true;
}

export interface AntiPatternHit {
  id: string;
  name: string;
  /** The text the detector matched (the whole match). */
  matched: string;
}

/** One tool call the target made (an `openai` or `anthropic` target declaring `tools:`, or a recorded log). */
export interface ToolCall {
  name: string;
  /** The call's arguments parsed from JSON (an object for well-behaved models); with `arguments_error`, the
   * raw text the model sent, kept as it was. */
  arguments: unknown;
  /** Present when the arguments were not valid JSON: why, in words. `tool-called` with `arguments` fails then. */
  arguments_error?: string;
}

/** Tokens of one target call, as the target reported them. */
export interface Usage {
  input_tokens: number;
  output_tokens: number;
}

/** One try of a case (a run with --repeat K has K per case). */
export interface Attempt {
  status: CaseStatus;
  output: string | null;
  predicted?: string | null;
  reason: string;
  latency_ms: number | null;
  cached: boolean;
  /** The tool calls of this attempt, when it made any */
  tool_calls?: ToolCall[];
}

export interface CaseResult {
  id: string;
  status: CaseStatus;
  /** HTTP requests the target was sent for this case, retries and every --repeat attempt included (0 when
   * the output came from the cache; absent for targets that send none, such as recorded and command). */
  requests?: number;
  /** The user message, or the chat messages */
  input: string | Array<{ role: string; content: string }> | null;
  output: string | null;
  /** The tool calls the target made with this output, in order; absent when it made none */
  tool_calls?: ToolCall[];
  predicted?: string | null;
  expected?: string;
  tags: string[];
  /** Why it failed or errored, in one line; empty when it passed */
  reason: string;
  classify_reason?: string;
  checks: OutputCheckVerdict[];
  criteria: CriterionVerdict[];
  anti_patterns: AntiPatternHit[];
  /** Weighted criterion score 0..1 */
  score: number | null;
  /** Model confidence from the target (recorded logs may carry one) */
  confidence?: number;
  latency_ms: number | null;
  /** Target tokens, summed over every attempt (--repeat K: all K calls); null when the target reported none */
  usage: Usage | null;
  /** Target + judge cost over every attempt, from the spec's pricing (and judge.pricing); null without pricing or usage */
  cost_usd: number | null;
  /** The target's part of cost_usd: what this case would cost in production. null when unknown (no pricing,
   * or an attempt that answered without token usage). Absent in runs written before it was added. */
  target_cost_usd?: number | null;
  /** What grading this case with the judge model took (repairs included), when the judge was called */
  judge_usage?: { calls: number; input_tokens: number; output_tokens: number; cost_usd: number | null };
  /** True when the output came from the cache (latency and cost are the original call's) */
  cached: boolean;
  /** Where the case is written: path relative to the project root (forward slashes), and 1-based line */
  file: string;
  line: number;
  meta?: Record<string, unknown>;
  /** With k > 1 attempts (`repeat:` or --repeat): every attempt, in order; the case's status follows the
   * run's `repeat_policy` (all: every attempt passes; majority; any) */
  attempts?: Attempt[];
  /** Both passed and failed across attempts */
  flaky?: boolean;
}

export interface ClassMetrics {
  precision: number | null;
  recall: number | null;
  f1: number | null;
  /** Cases expecting this label, including those whose prediction was unparsed. */
  support: number;
  /** Wilson 95% interval of precision (true positives of the cases predicted this label); null when the
   * label was never predicted. Always written; optional only because results files from before it lack it */
  precision_ci95?: Interval | null;
  /** Wilson 95% interval of recall (true positives of the support); null when the support is 0. Always
   * written; optional only because results files from before it lack it */
  recall_ci95?: Interval | null;
}

export interface ThresholdPoint {
  threshold: number;
  precision: number | null;
  recall: number | null;
}

export interface ClassificationResults {
  labels: string[];
  /** rows = expected, columns = predicted, in `labels` order */
  matrix: number[][];
  /** per expected label: outputs that matched no label */
  unparsed: number[];
  per_class: Record<string, ClassMetrics>;
  /** Correct / all cases (unparsed included, as wrong); null with no cases */
  accuracy: number | null;
  /** Unweighted mean of the defined per-label F1; null when none is defined */
  macro_f1: number | null;
  /** Support-weighted mean of the defined per-label F1; null when none is defined */
  weighted_f1: number | null;
  /** Cohen's kappa; null when undefined */
  kappa: number | null;
  /** cases with an expected label that were graded (not errors) */
  n: number;
  /** With confidence scores (binary: the first label is positive): the trade-off across thresholds */
  scores?: { positive_label: string; roc_auc: number | null; curve: ThresholdPoint[] };
}

export interface LatencyStats {
  n: number;
  p50: number | null;
  p95: number | null;
  max: number | null;
  mean: number | null;
}

export interface CostStats {
  /** Target tokens over every attempt of every case */
  input_tokens: number;
  output_tokens: number;
  /** Cases with a known target cost (needs pricing and usage): per_case_usd's denominator */
  n: number;
  /** Cases the target answered whose cost is unknown (no usage reported, or no pricing); a cost gate with
   * any is undecidable. Absent in runs written before it was counted. */
  unpriced?: number;
  /** What this eval spent: target and judge together */
  total_usd: number | null;
  /** The target's part of total_usd (absent in older runs) */
  target_usd?: number | null;
  /** The judge's part of total_usd (needs judge.pricing); null when no judge was priced */
  judge_usd: number | null;
  /** The judge's calls and tokens (grading cases and calibrating), apart from the target's; absent when the
   * judge made no call (and in older runs) */
  judge_tokens?: { calls: number; input_tokens: number; output_tokens: number };
  /** Target cost per case: what a call costs in production (the judge is not included) */
  per_case_usd: number | null;
  /** per_case_usd × pricing.traffic_per_day */
  per_day_usd: number | null;
}

export interface RunSummary {
  total: number;
  passed: number;
  failed: number;
  errors: number;
  pass_rate: number | null;
  pass_rate_ci95: Interval | null;
  gates: GateResult[];
  verdict: RunVerdict;
  /** The verdict in words: which gates failed, why the run is incomplete, ... Absent in older runs. */
  verdict_reason?: string;
  flaky: number;
  /** pass^k: cases whose k attempts all passed, over the cases with no errored attempt (errored ones in
   * `errors`). With k = 1 it equals the pass rate. Absent in runs written before it was reported. */
  pass_hat_k?: RateStat;
  /** pass@k: cases with at least one passing attempt, over the same cases. With k = 1 the pass rate. */
  pass_at_k?: RateStat;
  /** Cases whose attempts all agreed (all passed or all failed), over the same cases. With k = 1, 1. */
  consistent?: RateStat;
}

/**
 * A run that ended early: `cancelled` (Ctrl-C, the editor's Cancel), `unreachable` (no connection could be
 * made to the target for several cases in a row), `failing` (the target failed every request it was sent).
 */
export interface RunStop {
  reason: 'cancelled' | 'unreachable' | 'failing';
  /** In words, with the first error: "target unreachable: ... (60 of 60 cases not run)" */
  message: string;
}

/**
 * What a run decided (exit codes of `aispec eval` in brackets):
 * - `pass` (0): a complete run of the whole spec, every gate passed, no more errored cases than max_errors;
 * - `fail` (1): a gate failed;
 * - `ungated` (0 when complete and error-free): the spec has no gates, so there is nothing to pass;
 * - `partial` (0 when complete and error-free): a subset of the cases (--tag, --case, --failed, --shard):
 *   gates are shown but are not the spec's verdict (`aispec merge` decides for shards);
 * - `incomplete` (3): cancelled, stopped by the circuit breaker, or more errored cases than max_errors
 *   allows (default 0): not every case was graded, so nothing can be concluded.
 */
export type RunVerdict = 'pass' | 'fail' | 'ungated' | 'partial' | 'incomplete';

export interface RunInfo {
  id: string;
  started_at: string;
  finished_at: string;
  duration_ms: number;
  complete: boolean;
  /** cases selected but not finished (cancelled or cut short) */
  unfinished: string[];
  /** Why the run ended before every case finished; absent when it was not stopped. */
  stopped?: RunStop;
  /** HTTP requests sent to the target, retries included (the judge's are not counted); absent for runs
   * written before this was counted. */
  requests?: number;
  repeat: number;
  /** Which attempts of a case must pass (the spec's `repeat.pass`): `all` (also --repeat's), `majority`,
   * `any`. Absent in runs written before it was recorded, which decided by `all`. */
  repeat_policy?: 'all' | 'majority' | 'any';
  concurrency: number;
  shard?: { index: number; count: number };
  filter?: { tags?: string[]; case_ids?: string[]; only_failed_from?: string };
  /** `name`: the target's name under the spec's `targets:`, in a run of a spec that compares several (absent otherwise). */
  target: { provider: string; model?: string; name?: string };
  cache: { hits: number; misses: number; enabled: boolean };
  /** Where the outputs came from; absent in runs written before it was recorded. A merge takes the least fresh shard's. */
  outputs?: OutputsOrigin;
}

/**
 * Where a run's target outputs came from:
 * - `fresh`: every output was asked for in this run;
 * - `resumed`: some came from an unfinished run of the same spec and configuration (killed, cancelled,
 *   crashed) that this run finished; the rest were asked for anew;
 * - `reused`: all came from an earlier run (`--reuse-outputs`) and were graded again, with no target call.
 */
export interface OutputsOrigin {
  source: 'fresh' | 'resumed' | 'reused';
  /** With `reused`: the id of the run whose outputs were graded. */
  from_run?: string;
  /** With `resumed` or `reused`: no output is older than this (ISO 8601, UTC). */
  oldest_at?: string;
}

/** The spec's `pricing`: USD per million tokens, and the expected traffic for a daily cost. */
export interface Pricing {
  input_per_mtok?: number;
  output_per_mtok?: number;
  traffic_per_day?: number;
}

/** Judge calibration: how the judge's verdicts compare with human verdicts on the same outputs. */
export interface JudgeAgreementStat {
  /** Pairs of a human verdict and the judge's on the same output and criterion */
  n: number;
  /** Share of pairs where the judge agrees with the human; null when n = 0 */
  agreement: number | null;
  /** Wilson 95% interval of `agreement`; null when n = 0 */
  agreement_ci95: Interval | null;
  /** Cohen's kappa of human vs judge (scikit-learn's cohen_kappa_score); null when undefined: no pairs, or
   * human and judge both gave one and the same verdict every time */
  kappa: number | null;
  /** Asymptotic 95% interval of `kappa` (as the `kappa` gate's); null when kappa is null */
  kappa_ci95: Interval | null;
  /** [[human pass & judge pass, human pass & judge fail], [human fail & judge pass, human fail & judge fail]] */
  matrix: [[number, number], [number, number]];
}

/** One pair where the judge and a human disagree, with what the panel shows of it. */
export interface JudgeDisagreement {
  /** The case or example id */
  id: string;
  item: 'case' | 'example';
  /** Absent: the verdict on the whole case or example */
  criterion?: string;
  /** Who gave the human verdict; `spec` for an example's own pass/fail */
  rater?: string;
  input: string | null;
  output: string | null;
  human: boolean;
  judge: boolean;
  /** The judge's reason (for a whole item: the reasons of the criteria it failed) */
  reason: string;
}

/** One human verdict beside the judge's on the same output: what every figure of JudgeAgreement is counted from. */
export interface JudgePair {
  /** The case or example id */
  id: string;
  item: 'case' | 'example';
  /** `example`: an example's own pass/fail; `human_labels`: a row of that file */
  source: 'example' | 'human_labels';
  /** Absent: the verdict on the whole case or example */
  criterion?: string;
  rater?: string;
  human: boolean;
  judge: boolean;
  /** Place in the unsharded order: the examples in spec order, then the label rows in file order */
  order: number;
}

export interface JudgeAgreement {
  /** Every pair: the examples' own verdicts, and each human label (each rater's label is its own pair) */
  overall: JudgeAgreementStat;
  /** Pairs of labels that name a criterion, by criterion id */
  per_criterion: Record<string, JudgeAgreementStat>;
  /** Krippendorff's alpha (nominal) among the human raters of `human_labels`, on items labelled by two or more;
   * present when the file has two or more raters; null when undefined */
  alpha?: number | null;
  /** The spec's pass/fail examples: all of them, those showing an input and an output, those the judge graded */
  examples: { total: number; gradeable: number; graded: number; errors: number };
  /** Rows of `human_labels` (absent without the file), and how many became pairs; the rest name a case not
   * in this run, or a criterion the judge did not grade on that output (a check, n/a, an error) */
  human_labels?: { rows: number; compared: number };
  disagreements: JudgeDisagreement[];
  /** Every pair, so that `aispec merge` recomputes the figures of shards as one run's (absent in older results) */
  pairs?: JudgePair[];
}

export interface RunResults {
  format: 'aispec-results';
  version: 1;
  aispec_version: string;
  /**
   * file: relative to the project root (forward slashes). labels, gates and pricing are copied from the spec
   * so that `aispec merge` can recompute every number, and a reader sees the bar the run was held to.
   */
  spec: {
    id: string;
    title: string;
    file: string;
    labels?: string[];
    gates?: Record<string, unknown>;
    pricing?: Pricing;
    /**
     * `sha256-…` of the spec's text and of the files it names (case file, system_file, recorded outputs), line
     * endings normalised (core/diff/spec-digest.ts): which version of the spec ran. Absent in older results.
     */
    digest?: string;
  };
  run: RunInfo;
  summary: RunSummary;
  by_tag: Record<string, RateStat>;
  /** Per rubric criterion; a case's own criteria and reference are pooled in `case_criteria` instead. */
  by_criterion: Record<string, RateStat>;
  /** The cases' own criteria and reference answers, pooled over all cases; absent when no case has any. */
  case_criteria?: RateStat;
  anti_patterns: Record<string, { name: string; hits: number; cases: string[] }>;
  classification?: ClassificationResults;
  /** Judge calibration; present when the run used the judge (some criterion is graded by it) */
  judge_agreement?: JudgeAgreement;
  latency: LatencyStats;
  cost: CostStats;
  cases: CaseResult[];
}
