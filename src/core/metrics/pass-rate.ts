// The overall pass rate of a run, as the results contract defines it: passed / (passed + failed). Cases that
// ended in `error` never reached a verdict, so they are left out of the denominator rather than counted as
// failures; the caller reports them separately (and `max_errors` gates them).

import type { Interval } from '../../shared/results.js';
import { assertCount } from './assert-input.js';
import { Z_95, wilsonInterval } from './wilson.js';

export interface PassRate {
  passed: number;
  failed: number;
  /** passed + failed: the cases with a verdict. */
  n: number;
  /** passed / n, or `null` when n = 0. */
  rate: number | null;
  /** Wilson score interval for the rate at the given z (95% by default), or `null` when n = 0. */
  ci: Interval | null;
}

/** Pass rate with its Wilson interval; pass only passed and failed counts, never errors. */
export function passRate(passed: number, failed: number, z: number = Z_95): PassRate {
  assertCount('passed', passed);
  assertCount('failed', failed);
  const n = passed + failed;
  return { passed, failed, n, rate: n === 0 ? null : passed / n, ci: wilsonInterval(passed, n, z) };
}
