// A typed view of the frontmatter for the engine. Only valid after schema validation has passed (the CLI
// and the editor refuse to run a spec with schema errors), so this reads without re-checking.
import type { ParsedSpec } from './types.js';

export type GateMap = Record<string, number>;

export interface GatesConfig {
  pass_rate?: number;
  per_tag?: GateMap;
  per_criterion?: GateMap;
  recall?: GateMap;
  precision?: GateMap;
  f1?: GateMap;
  accuracy?: number;
  macro_f1?: number;
  kappa?: number;
  /** Judge calibration: minimum Cohen's kappa and agreement of the judge with the human verdicts */
  judge_kappa?: number;
  judge_agreement?: number;
  max_errors?: number;
  latency_p95_ms?: number;
  cost_per_case_usd?: number;
  /** Minimum share of cases whose k attempts all passed (see `repeat`). */
  pass_hat_k?: number;
  decide_on?: 'point' | 'lower_bound';
}

/** The spec's `pricing`, or a target's own: USD per million tokens, and calls per day for a daily cost. */
export interface PricingConfig {
  input_per_mtok?: number;
  output_per_mtok?: number;
  traffic_per_day?: number;
}

/** A target as written: `target`, or one entry of `targets` (either may carry its own `pricing`). */
export type TargetEntry = Record<string, unknown> & { provider: string; model?: string; pricing?: PricingConfig };

export interface SpecConfig {
  aispec: 1;
  id: string;
  title: string;
  target?: TargetEntry;
  /** Several targets to compare, by name; never together with `target` (an error of the spec). */
  targets?: Record<string, TargetEntry>;
  judge?: Record<string, unknown> & { provider: string; model?: string; pricing?: { input_per_mtok?: number; output_per_mtok?: number } };
  labels?: string[];
  classify?: Record<string, unknown>;
  cases?: string;
  human_labels?: string;
  gates?: GatesConfig;
  pricing?: PricingConfig;
  case_threshold?: number;
  concurrency?: number;
  timeout_ms?: number;
  /** Attempts per case and when a case passes: a number k is `{ k, pass: 'all' }`. */
  repeat?: number | RepeatConfig;
}

/** How many times each case runs, and which of its attempts must pass. */
export interface RepeatConfig {
  k: number;
  pass?: RepeatPolicy;
}

export type RepeatPolicy = 'all' | 'majority' | 'any';

export function specConfig(spec: ParsedSpec): SpecConfig {
  const data = spec.frontmatter?.data;
  return (typeof data === 'object' && data !== null ? data : {}) as SpecConfig;
}
