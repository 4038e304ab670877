// What the console summary shows of a run's cases, gathered a case at a time: how many came from the cache,
// the flaky cases, how many fail and the first few failing ones. A run that keeps no case (a large CLI run)
// hands this to consoleSummary instead of its case list, and the summary prints the same text.
import type { CaseResult } from '../../shared/results.js';

/** Failing cases listed before "… and K more", unless the caller says otherwise. */
export const DEFAULT_MAX_FAILURES = 10;

export interface ConsoleCases {
  cached: number;
  flaky: CaseResult[];
  /** Cases that failed or errored. */
  failing: number;
  /** The first failing cases in the results' order, as many as the summary lists (or all, when fewer). */
  firstFailing: CaseResult[];
}

export interface ConsoleCasesTally {
  add(c: CaseResult): void;
  readonly cases: ConsoleCases;
}

/** Keeps at most `maxFailures` failing cases (and the flaky ones), whatever the number of cases added. */
export function createConsoleCasesTally(maxFailures = DEFAULT_MAX_FAILURES): ConsoleCasesTally {
  const cases: ConsoleCases = { cached: 0, flaky: [], failing: 0, firstFailing: [] };
  return {
    add(c) {
      if (c.cached) cases.cached++;
      if (c.flaky) cases.flaky.push(c);
      if (c.status === 'fail' || c.status === 'error') {
        if (cases.failing < maxFailures) cases.firstFailing.push(c);
        cases.failing++;
      }
    },
    cases,
  };
}

export function consoleCasesOf(list: readonly CaseResult[], maxFailures = DEFAULT_MAX_FAILURES): ConsoleCases {
  const tally = createConsoleCasesTally(maxFailures);
  for (const c of list) tally.add(c);
  return tally.cases;
}
