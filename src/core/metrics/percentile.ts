// Percentiles of a sample, for latency p50/p95/max. Uses the same definition as numpy's default
// (`np.percentile(values, p)`, method "linear", type 7 of Hyndman & Fan) so a number in an aispec report can
// be checked against a notebook.

import { assertAllFinite, assertFinite } from './assert-input.js';

function sortedCopy(values: readonly number[]): Float64Array {
  assertAllFinite('values', values);
  // A typed array sorts numerically; Array.prototype.sort would compare as strings.
  return Float64Array.from(values).sort();
}

function assertPercent(p: number): void {
  assertFinite('p', p);
  if (p < 0 || p > 100) throw new RangeError(`percentile must be within [0, 100], got ${p}`);
}

function percentileOfSorted(sorted: Float64Array, p: number): number {
  const last = sorted.length - 1;
  // numpy: virtual index (n − 1)·q with q = p / 100, computed in that order.
  const position = last * (p / 100);
  if (position >= last) return sorted[last] as number;
  const below = Math.floor(position);
  const fraction = position - below;
  const low = sorted[below] as number;
  const high = sorted[below + 1] as number;
  // numpy's _lerp interpolates from the nearer end, so results are monotone in p and exact at the ends.
  const span = high - low;
  return fraction >= 0.5 ? high - span * (1 - fraction) : low + span * fraction;
}

/**
 * The p-th percentile (0 ≤ p ≤ 100) with linear interpolation between closest ranks, equal to numpy's
 * `percentile(values, p)`; `null` for an empty sample. p = 50 is the median, p = 100 the maximum.
 * Values must be finite. O(n log n).
 */
export function percentile(values: readonly number[], p: number): number | null {
  assertPercent(p);
  if (values.length === 0) return null;
  return percentileOfSorted(sortedCopy(values), p);
}

/** Several percentiles of one sample, sorting it once; `null` entries for an empty sample. */
export function percentiles(values: readonly number[], ps: readonly number[]): (number | null)[] {
  ps.forEach(assertPercent);
  if (values.length === 0) return ps.map(() => null);
  const sorted = sortedCopy(values);
  return ps.map((p) => percentileOfSorted(sorted, p));
}
