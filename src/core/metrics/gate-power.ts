// How much a minimum rate gate can tell at a given number of cases, before the eval runs: the fewest passing
// cases whose 95% Wilson lower bound clears the gate, and, at an assumed rate (the last run's), how many cases
// a lower bound needs to clear it. Every number comes from the same Wilson arithmetic the gates are decided
// with (wilson.ts), so what the editor predicts is what a run will report.
//
// Only minimum gates exist over rates (pass rates, recall, precision, accuracy); the maximum gates
// (`max_errors`, `latency_p95_ms`, `cost_per_case_usd`) are not proportions and have no Wilson interval.

import type { Interval } from '../../shared/results.js';
import { assertCount, assertFinite } from './assert-input.js';
import { Z_95, minCasesForGate, wilsonIntervalAtRate, wilsonLowerBound } from './wilson.js';

export interface GatePower {
  /** Cases behind the gate. */
  n: number;
  /** The gate's minimum. */
  target: number;
  /**
   * The fewest passing cases k (of n) whose Wilson lower bound is ≥ target: what `decide_on: lower_bound`
   * needs to pass, and what `point` needs for the gate to be decided by the sample. `null` when not even
   * n of n is enough (or n = 0).
   */
  minPassing: number | null;
  /** The fewest passing cases k (of n) with k / n ≥ target: what `decide_on: point` needs to pass; `null` for n = 0. */
  minPassingPoint: number | null;
  /** The fewest cases, all passing, whose lower bound clears the target ({@link minCasesForGate}); `null` for a target of 1. */
  minCasesAllPassing: number | null;
  /** The Wilson interval of a rate observed exactly at the target over n cases: how finely n resolves it; `null` for n = 0. */
  intervalAtTarget: Interval | null;
  /** The rate the next two numbers assume (the last run's), when one was given. */
  assumedRate?: number;
  /** The Wilson interval of the assumed rate observed over n cases; `null` for n = 0. */
  intervalAtRate?: Interval | null;
  /** {@link casesNeededAtRate} for the assumed rate; `null` when no number of cases is enough. */
  casesNeeded?: number | null;
}

function assertRate(name: string, value: number): void {
  assertFinite(name, value);
  if (value < 0 || value > 1) throw new RangeError(`${name} must be within [0, 1], got ${value}`);
}

/**
 * The smallest k in 0..n whose Wilson lower bound (k of n) is ≥ target, or `null` when none is (n = 0, or
 * even n of n falls short). The lower bound grows with k, so a bisection over 0..n finds the same k as trying
 * every k in turn, with each step evaluated by {@link wilsonLowerBound} itself (rounding included).
 */
export function minPassingCases(n: number, target: number, z: number = Z_95): number | null {
  assertCount('n', n);
  assertRate('target', target);
  if (n === 0) return null;
  const clears = (k: number) => (wilsonLowerBound(k, n, z) as number) >= target;
  if (!clears(n)) return null;
  let low = 0; // invariant: every k below `low` falls short, `high` clears
  let high = n;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (clears(mid)) high = mid;
    else low = mid + 1;
  }
  return high;
}

/** The smallest k in 0..n with k / n ≥ target, the same comparison a `point` gate makes; `null` for n = 0. */
function minPassingAtPoint(n: number, target: number): number | null {
  if (n === 0) return null;
  let k = Math.min(n, Math.max(0, Math.ceil(target * n)));
  while (k > 0 && (k - 1) / n >= target) k--;
  while (k < n && k / n < target) k++;
  return k;
}

/**
 * How many cases a Wilson lower bound needs to clear `target` when the observed rate is `rate`: the smallest n
 * whose lower bound of the proportion `rate` over n cases ({@link wilsonIntervalAtRate}, the count rate·n not
 * rounded to a whole case) is ≥ target. That lower bound grows with n toward `rate`, so every larger n clears
 * the target too: the number reads "n or more cases". `null` when rate ≤ target (a Wilson interval always
 * holds the observed rate, so its lower end never passes it), or when it would take more than 2^53 cases;
 * 1 for a target ≤ 0.
 *
 * The count is what a run observing exactly `rate` would need; a real run's rate varies around its true rate,
 * so it is an estimate ("about n cases"), not a promise.
 */
export function casesNeededAtRate(rate: number, target: number, z: number = Z_95): number | null {
  assertRate('rate', rate);
  assertRate('target', target);
  if (target <= 0) return 1;
  if (rate <= target) return null;
  const clears = (n: number) => (wilsonIntervalAtRate(rate, n, z) as Interval)[0] >= target;
  if (clears(1)) return 1;
  let short = 1; // invariant: `short` falls short, `high` clears
  let high = 2;
  for (;;) {
    // A rate a hair above the target needs more cases than anyone has; past exact integers, say none is enough.
    if (high > Number.MAX_SAFE_INTEGER) return null;
    if (clears(high)) break;
    short = high;
    high *= 2;
  }
  while (high - short > 1) {
    const mid = Math.floor((short + high) / 2);
    if (clears(mid)) high = mid;
    else short = mid;
  }
  return high;
}

/** Everything {@link GatePower} says of a minimum gate over n cases, with an assumed rate when one is known. */
export function gatePower(n: number, target: number, assumedRate?: number, z: number = Z_95): GatePower {
  assertCount('n', n);
  assertRate('target', target);
  const power: GatePower = {
    n,
    target,
    minPassing: minPassingCases(n, target, z),
    minPassingPoint: minPassingAtPoint(n, target),
    minCasesAllPassing: minCasesForGate(target, z),
    intervalAtTarget: wilsonIntervalAtRate(target, n, z),
  };
  if (assumedRate !== undefined) {
    power.assumedRate = assumedRate;
    power.intervalAtRate = wilsonIntervalAtRate(assumedRate, n, z);
    power.casesNeeded = casesNeededAtRate(assumedRate, target, z);
  }
  return power;
}
