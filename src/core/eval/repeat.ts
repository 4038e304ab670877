// pass^k: a case run k times, decided from its attempts by the spec's policy, and the run's consistency
// rates computed from those attempts. The spec's `repeat` says k and the policy; `--repeat K` replaces k and
// keeps the policy, so `repeat: 5` and `--repeat 5` mean the same thing (every attempt must pass).
//
// A case's status from its attempts' statuses:
//   all       any error -> error (as --repeat always did); else any fail -> fail; else pass
//   majority  more than half passed -> pass; else any error -> error (it could have tipped it); else fail
//   any       any passed -> pass; else any error -> error; else fail
// The summary rates count cases, from the attempts the results carry, so `aispec merge` recomputes them:
//   pass_hat_k  every attempt passed         pass_at_k  at least one attempt passed
//   consistent  every attempt had the same verdict (all passed or all failed)
// A case with an errored attempt is in none of their denominators (like an errored case in the pass rate):
// it is counted in `errors`. With k = 1 all three follow the pass rate: pass_hat_k and pass_at_k equal it,
// and every case is consistent.
import type { CaseResult, CaseStatus, RateStat } from '../../shared/results.js';
import type { RepeatConfig, RepeatPolicy, SpecConfig } from '../spec/config.js';
import { passRate } from '../metrics/index.js';

export const REPEAT_POLICIES: readonly RepeatPolicy[] = ['all', 'majority', 'any'];

/** The spec's `repeat` as k and a policy (default: one attempt, all must pass). */
export function repeatOf(config: Pick<SpecConfig, 'repeat'>): Required<RepeatConfig> {
  const repeat = config.repeat;
  if (typeof repeat === 'number') return { k: repeat, pass: 'all' };
  if (repeat && typeof repeat === 'object') return { k: repeat.k, pass: repeat.pass ?? 'all' };
  return { k: 1, pass: 'all' };
}

/** A case's status from the statuses of its attempts, by the policy. */
export function statusByPolicy(statuses: readonly CaseStatus[], policy: RepeatPolicy): CaseStatus {
  let passed = 0;
  let errored = false;
  for (const s of statuses) {
    if (s === 'pass') passed++;
    else if (s === 'error') errored = true;
  }
  switch (policy) {
    case 'all':
      return errored ? 'error' : statuses.includes('fail') ? 'fail' : 'pass';
    case 'majority':
      return passed * 2 > statuses.length ? 'pass' : errored ? 'error' : 'fail';
    case 'any':
      return passed > 0 ? 'pass' : errored ? 'error' : 'fail';
  }
}

/** The summary's three pass^k rates. */
export interface RepeatRates {
  pass_hat_k: RateStat;
  pass_at_k: RateStat;
  consistent: RateStat;
}

/** The statuses of a case's attempts: its `attempts`, or its own status when it ran once. */
export function attemptStatuses(c: Pick<CaseResult, 'status' | 'attempts'>): CaseStatus[] {
  return c.attempts && c.attempts.length > 0 ? c.attempts.map((a) => a.status) : [c.status];
}

export function repeatRates(cases: readonly Pick<CaseResult, 'status' | 'attempts'>[]): RepeatRates {
  const rates = createRepeatTally();
  for (const c of cases) rates.add(c);
  return rates.finish();
}

/** The same rates, a case at a time (a run tallies each case as it is graded and keeps none). */
export function createRepeatTally(): { add(c: Pick<CaseResult, 'status' | 'attempts'>): void; finish(): RepeatRates } {
  const hat = { passed: 0, failed: 0, errors: 0 };
  const at = { passed: 0, failed: 0, errors: 0 };
  const consistent = { passed: 0, failed: 0, errors: 0 };
  return {
    add(c) {
      const statuses = attemptStatuses(c);
      if (statuses.includes('error')) {
        hat.errors++;
        at.errors++;
        consistent.errors++;
        return;
      }
      const passes = statuses.filter((s) => s === 'pass').length;
      if (passes === statuses.length) hat.passed++;
      else hat.failed++;
      if (passes > 0) at.passed++;
      else at.failed++;
      if (passes === 0 || passes === statuses.length) consistent.passed++;
      else consistent.failed++;
    },
    finish: () => ({ pass_hat_k: rateOf(hat), pass_at_k: rateOf(at), consistent: rateOf(consistent) }),
  };
}

function rateOf({ passed, failed, errors }: { passed: number; failed: number; errors: number }): RateStat {
  const rate = passRate(passed, failed);
  return { passed, failed, errors, n: rate.n, rate: rate.rate, ci95: rate.ci };
}
