// The comparison JSON of a spec run on several targets (`targets:`): every target's results as they are for
// one target, and the comparison that picks between them. Types only. Documented for users in
// schemas/comparison.schema.json and docs/results.md; keep the three in step.
import type { Interval, RunResults, RunVerdict } from './results.js';

/** One target's row of the comparison. */
export interface ComparedTarget {
  name: string;
  provider: string;
  model?: string;
  pass_rate: number | null;
  /** Wilson 95% interval of pass_rate; null when no case was graded */
  pass_rate_ci95: Interval | null;
  verdict: RunVerdict;
  /** The names of the gates that failed (e.g. `pass_rate`, `per_tag.adversarial`) */
  gates_failed: string[];
  /** Cases that errored */
  errors: number;
  /** The target's cost per case (the judge excluded); null when unknown (no pricing or no token usage) */
  cost_per_case_usd: number | null;
  /** cost_per_case_usd × traffic_per_day; null when either is unknown */
  cost_per_day_usd: number | null;
  latency_p95_ms: number | null;
}

/** Two targets on the cases both graded (pass or fail in each): the exact McNemar test, as `aispec diff`. */
export interface ComparedPair {
  a: string;
  b: string;
  /** Cases graded in both (errors in either are left out) */
  n: number;
  /** Cases that passed on `a` and failed on `b` */
  a_only_pass: number;
  /** Cases that passed on `b` and failed on `a` */
  b_only_pass: number;
  /** Exact two-sided McNemar p-value; 1 when no case differs */
  mcnemar_p: number;
}

export interface Comparison {
  /** In the spec's order of `targets:` */
  targets: ComparedTarget[];
  /** Every pair once, in the spec's order */
  pairs: ComparedPair[];
  /** The cheapest target (by cost per case) whose verdict is `pass`; null when none passes, or when a
   * passing target's cost is unknown (it might be the cheapest) */
  recommended: string | null;
  /** Why, in words */
  recommended_reason: string;
}

export interface ComparisonResults {
  format: 'aispec-comparison';
  version: 1;
  /** Each target's run, exactly as `--json` writes it for a spec with one target */
  targets: Record<string, RunResults>;
  comparison: Comparison;
}
