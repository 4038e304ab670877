// Wilson score interval for a binomial proportion. We use Wilson rather than the normal ("Wald") interval
// because eval sets are small and pass rates sit near 0 or 1, where Wald collapses to a zero-width interval
// and claims certainty it does not have.

import type { Interval } from '../../shared/results.js';
import { assertCount, assertFinite } from './assert-input.js';

/**
 * The z used by the results contract for a 95% interval (`pass_rate_ci95`). Deliberately the rounded value
 * the contract names, not norm.isf(0.025) = 1.959963984540054; the two differ in the 9th decimal.
 */
export const Z_95 = 1.959964;

function assertZ(z: number): void {
  assertFinite('z', z);
  if (z <= 0) throw new RangeError(`z must be positive, got ${z}`);
}

function assertTrials(successes: number, n: number): void {
  assertCount('successes', successes);
  assertCount('n', n);
  if (successes > n) throw new RangeError(`successes (${successes}) cannot exceed n (${n})`);
}

/**
 * Wilson score interval for `successes` out of `n`, or `null` when n = 0 (no evidence, no interval).
 *
 * Equals statsmodels `proportion_confint(successes, n, alpha, method='wilson')` with alpha = 2·(1 − Φ(z)).
 * The arithmetic follows statsmodels' expression order so results agree to the last bits, except at the
 * ends: for 0/n the lower bound is exactly 0 and for n/n the upper bound exactly 1 (the formula rounds to
 * ±1e-16 around them, and a report should not show 0.9999999999999999 for "all passed").
 */
export function wilsonInterval(successes: number, n: number, z: number = Z_95): Interval | null {
  assertTrials(successes, n);
  assertZ(z);
  if (n === 0) return null;
  return wilsonAt(successes / n, n, z);
}

/**
 * The Wilson interval of a proportion `rate` observed over `n` cases, where `rate`·n need not be a whole
 * number of cases: what a run of n cases would show if it observed exactly the rate of an earlier run. The
 * same arithmetic as {@link wilsonInterval} (whose `successes / n` it takes), so the two agree exactly at
 * whole counts; `null` when n = 0.
 */
export function wilsonIntervalAtRate(rate: number, n: number, z: number = Z_95): Interval | null {
  assertFinite('rate', rate);
  if (rate < 0 || rate > 1) throw new RangeError(`rate must be within [0, 1], got ${rate}`);
  assertCount('n', n);
  assertZ(z);
  if (n === 0) return null;
  return wilsonAt(rate, n, z);
}

function wilsonAt(p: number, n: number, z: number): Interval {
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const halfWidth = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return [p === 0 ? 0 : center - halfWidth, p === 1 ? 1 : center + halfWidth];
}

/** The lower end of {@link wilsonInterval}, or `null` when n = 0. What `decide_on: lower_bound` compares. */
export function wilsonLowerBound(successes: number, n: number, z: number = Z_95): number | null {
  const interval = wilsonInterval(successes, n, z);
  return interval === null ? null : interval[0];
}

/**
 * The smallest number of cases n at which a run where every case passes has a Wilson lower bound ≥ `gate`;
 * with fewer cases a `lower_bound` gate cannot pass whatever the model does, so lint can flag it.
 *
 * For n/n the lower bound is n / (n + z²), so n = ⌈gate·z² / (1 − gate)⌉; the estimate is then nudged by
 * evaluating {@link wilsonLowerBound} itself so the answer agrees exactly with the gate check, rounding
 * included. Returns 1 for gate ≤ 0 (a bound needs at least one case) and `null` for gate = 1, which no
 * finite n reaches.
 */
export function minCasesForGate(gate: number, z: number = Z_95): number | null {
  assertFinite('gate', gate);
  if (gate < 0 || gate > 1) throw new RangeError(`gate must be within [0, 1], got ${gate}`);
  assertZ(z);
  if (gate === 1) return null;
  const reaches = (n: number): boolean => (wilsonLowerBound(n, n, z) as number) >= gate;
  let n = Math.max(1, Math.ceil((gate * z * z) / (1 - gate)));
  while (n > 1 && reaches(n - 1)) n--;
  while (!reaches(n)) n++;
  return n;
}
