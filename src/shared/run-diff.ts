// Two runs of the same spec compared: what diffRuns (core/diff/diff-runs.ts) computes, the renderers print,
// and the results panel receives in PanelData.diff. Types only.
import type { CaseStatus, GateResult, RateStat, RunInfo, RunSummary } from './results.js';

/** Which run this was, in a line. */
export interface RunRef {
  specId: string;
  specTitle: string;
  runId: string;
  startedAt: string;
  target: RunInfo['target'];
  verdict: RunSummary['verdict'] | null;
}

/** A case whose status differs between the runs (head's output, reason and location). */
export interface CaseChange {
  id: string;
  base: CaseStatus;
  head: CaseStatus;
  expected?: string;
  basePredicted?: string | null;
  headPredicted?: string | null;
  /** Head's reason when it fails now; base's reason when it passes now (what was fixed). */
  reason: string;
  /** Head's output. */
  output: string | null;
  file: string;
  line: number;
}

/** A number in both runs; delta = head − base, null when either is undefined. */
export interface MetricChange {
  base: number | null;
  head: number | null;
  delta: number | null;
}

export interface ClassChange {
  label: string;
  precision: MetricChange;
  recall: MetricChange;
  f1: MetricChange;
  support: MetricChange;
}

export interface TagChange {
  tag: string;
  base: RateStat | null;
  head: RateStat | null;
  /** Change in the tag's pass rate. */
  delta: number | null;
}

export type GateTransition = 'newly failing' | 'newly passing' | 'still failing' | 'still passing' | 'added' | 'removed';

export interface GateChange {
  name: string;
  transition: GateTransition;
  base: GateResult | null;
  head: GateResult | null;
}

export interface McNemarSummary {
  /** Paired cases with a verdict (pass or fail) in both runs: the test's sample. */
  n: number;
  bothPassed: number;
  bothFailed: number;
  /** Passed in base, failed in head. */
  b: number;
  /** Failed in base, passed in head. */
  c: number;
  discordant: number;
  /** Two-sided exact p-value (1 when no case flipped). */
  pValue: number;
  /** Pass rates of base and head on just these n cases. */
  baseRate: number | null;
  headRate: number | null;
}

/** What the comparison concludes about quality (core/diff/quality-verdict.ts). */
export type QualityVerdictKind = 'regression' | 'improvement' | 'no detectable change';

/**
 * The run comparison's verdict: the exact McNemar test on the paired cases at alpha 0.05, the paired difference
 * in pass rate (head − base) with Newcombe's hybrid score interval (1998, method 10), and the smallest
 * difference a test of this n and observed discordance detects with 80% power (Connor 1987, inverted).
 */
export interface QualityVerdict {
  verdict: QualityVerdictKind;
  /** Two-sided exact McNemar p on the paired cases. */
  mcnemarP: number;
  /** Head's pass rate minus base's on the paired cases; null when no case has a verdict in both runs. */
  difference: number | null;
  differenceCi95: [number, number] | null;
  /** Null when no case flipped, or when even every flip going one way would not be detected. */
  detectableDifference: number | null;
  /** The paired cases behind the numbers. */
  n: number;
}

export interface RunDiff {
  base: RunRef;
  head: RunRef;
  /** False when the runs are of different specs (the comparison is then of little meaning). */
  sameSpec: boolean;
  cases: {
    /** Case ids in both runs. */
    paired: number;
    /** In head only / in base only, in their run's order. */
    added: string[];
    removed: string[];
  };
  /** Passed in base, failed or errored in head. */
  newlyFailing: CaseChange[];
  /** Failed or errored in base, passed in head. */
  newlyPassing: CaseChange[];
  /** Failed ↔ errored: no verdict change to speak of, but not the same either. */
  otherChanges: CaseChange[];
  mcnemar: McNemarSummary;
  /** Paired cases left out of the test because they errored in a run. */
  errors: { excluded: number; newInHead: number; fixedInHead: number; inBoth: number };
  passRate: { base: RateStat; head: RateStat; delta: number | null };
  classification: {
    labels: string[];
    perClass: ClassChange[];
    accuracy: MetricChange;
    macroF1: MetricChange;
    weightedF1: MetricChange;
    kappa: MetricChange;
  } | null;
  tags: TagChange[];
  gates: GateChange[];
  latencyP95: MetricChange;
  costPerCase: MetricChange;
  /** The one-line plain-language verdict (core/diff/diff-verdict.ts). */
  verdict: string;
  /** Regression, improvement or no detectable change, with the numbers that decide it. */
  quality: QualityVerdict;
}
