// McNemar's exact test: did two runs over the same cases (two prompts, two models) really differ, or could
// the cases that flipped have flipped by chance? Only discordant cases carry information: under "no
// difference" each flip is equally likely to go either way, so the smaller count is Binomial(b + c, ½).

import { assertCount } from './assert-input.js';
import { binomialHalfLowerTail } from './binomial.js';

export interface McNemarResult {
  /** Cases that passed in the first run and failed in the second. */
  b: number;
  /** Cases that failed in the first run and passed in the second. */
  c: number;
  /** b + c: the discordant cases; the test ignores cases where both runs agree. */
  discordant: number;
  /** min(b, c), the binomial test statistic (statsmodels' `statistic` for exact=True). */
  statistic: number;
  /** Two-sided exact p-value, 2·P(X ≤ min(b, c)) for X ~ Binomial(b + c, ½), capped at 1. */
  pValue: number;
}

/**
 * Two-sided exact McNemar test from the discordant counts. Equals statsmodels
 * `mcnemar([[·, b], [c, ·]], exact=True)`: p = min(1, 2·binom.cdf(min(b, c), b + c, 0.5)). With b = c = 0
 * there is no evidence either way and p = 1.
 */
export function mcnemarExact(b: number, c: number): McNemarResult {
  assertCount('b', b);
  assertCount('c', c);
  const discordant = b + c;
  const statistic = Math.min(b, c);
  const pValue = Math.min(1, 2 * binomialHalfLowerTail(statistic, discordant));
  return { b, c, discordant, statistic, pValue };
}
