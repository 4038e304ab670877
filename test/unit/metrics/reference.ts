// Loads test/reference/metrics-reference.json (written by test/reference/generate_metrics_reference.py with
// scikit-learn, statsmodels, scipy and numpy) and compares our numbers to it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

export interface ClassificationReference {
  name: string;
  labels: string[];
  expected: string[];
  predicted: (string | null)[];
  matrix: number[][];
  unparsed: number[];
  per_class: Record<
    string,
    {
      precision: number | null;
      recall: number | null;
      f1: number | null;
      support: number;
      precision_ci95: [number, number] | null;
      recall_ci95: [number, number] | null;
    }
  >;
  accuracy: number | null;
  accuracy_ci95: [number, number] | null;
  macro_f1: number | null;
  weighted_f1: number | null;
  kappa: number | null;
  kappa_ci95: [number, number] | null;
}

/** statsmodels cohens_kappa's interval of one classification case at critical value z. */
export interface KappaIntervalReference {
  name: string;
  labels: string[];
  matrix: number[][];
  unparsed: number[];
  kappa: number | null;
  z: number;
  /** statsmodels' [kappa_low, kappa_upp] */
  raw: [number, number] | null;
  /** raw clipped to [-1, 1] */
  interval: [number, number] | null;
  std: number | null;
}

/** scipy.stats.bootstrap(method='percentile') of per-label F1 and macro F1: a Monte Carlo reference. */
export interface BootstrapReference {
  name: string;
  labels: string[];
  matrix: number[][];
  unparsed: number[];
  resamples: number;
  f1: number[];
  macro_f1: number;
  perClass: [number, number][];
  macro: [number, number];
  /** Standard deviation of the bootstrap distribution: per label, then macro F1. */
  standardError: number[];
}

export interface ScoredReference {
  name: string;
  isPositive: boolean[];
  scores: number[];
  rocAuc: number | null;
  curve: { thresholds: number[]; precision: number[]; recall: (number | null)[] };
  at: { threshold: number; precision: number | null; recall: number | null }[];
}

export interface MetricsReference {
  versions: Record<string, string>;
  wilson: { successes: number; n: number; z: number; interval: [number, number] | null }[];
  minCasesForGate: { gate: number; z: number; n: number }[];
  classification: ClassificationReference[];
  kappaInterval: KappaIntervalReference[];
  bootstrap: BootstrapReference[];
  scored: ScoredReference[];
  mcnemar: { b: number; c: number; statistic: number; pValue: number }[];
  binomialPmf: { k: number; n: number; p: number; pmf: number }[];
  stirlingError: { n: number; value: number }[];
  percentile: { name: string; values: number[]; ps: number[]; expected: (number | null)[] }[];
}

export const reference = JSON.parse(
  readFileSync(new URL('../../reference/metrics-reference.json', import.meta.url), 'utf8'),
) as MetricsReference;

/** Default tolerance: |actual − expected| ≤ 1e-12 · max(1, |expected|). */
export const TOLERANCE = 1e-12;

/**
 * Asserts two metric values agree: both null, or both numbers within `relative` · max(1, |expected|)
 * (absolute for values in [0, 1], relative beyond). A null on one side only always fails.
 */
export function assertClose(
  actual: number | null | undefined,
  expected: number | null,
  what: string,
  relative = TOLERANCE,
): void {
  if (expected === null || actual === null || actual === undefined) {
    assert.equal(actual, expected, `${what}: expected ${String(expected)}, got ${String(actual)}`);
    return;
  }
  assert.ok(Number.isFinite(actual), `${what}: got non-finite ${actual}`);
  const error = Math.abs(actual - expected);
  assert.ok(
    error <= relative * Math.max(1, Math.abs(expected)),
    `${what}: expected ${expected}, got ${actual} (difference ${error})`,
  );
}

/** Like {@link assertClose} but always relative to |expected|, for p-values far below 1. */
export function assertRelativelyClose(actual: number, expected: number, what: string, relative: number): void {
  const error = Math.abs(actual - expected);
  assert.ok(
    error <= relative * Math.abs(expected) || (expected === 0 && actual === 0),
    `${what}: expected ${expected}, got ${actual} (relative difference ${error / Math.abs(expected)})`,
  );
}
