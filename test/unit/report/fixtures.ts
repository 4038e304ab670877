// Loads the hand-made results fixtures (test/fixtures/results/) as fresh objects a test may modify.
import { readFileSync } from 'node:fs';
import type { RunResults } from '../../../src/shared/results.js';

export type ResultsFixture = 'binary' | 'five-label' | 'diff-base' | 'diff-head' | 'diff-head-small';

export function loadResults(name: ResultsFixture): RunResults {
  return JSON.parse(readFileSync(new URL(`../../fixtures/results/${name}.json`, import.meta.url), 'utf8')) as RunResults;
}

/** What a model might answer to get at a terminal or a PR comment: table pipes, HTML, an OSC title change. */
export const HOSTILE = '| <script>alert(1)</script> \u001b]0;pwned\u0007';

/** A finished run where every case errored: every metric undefined (null), every count 0. */
export function allErrorsRun(): RunResults {
  const run = loadResults('binary');
  run.cases = run.cases.slice(0, 3).map((c) => ({ ...c, status: 'error' as const, predicted: null, output: null, latency_ms: null, usage: null, cost_usd: null, reason: 'openai: connection reset' }));
  run.summary = { total: 3, passed: 0, failed: 0, errors: 3, pass_rate: null, pass_rate_ci95: null, gates: [{ name: 'pass_rate', direction: 'min', target: 0.9, actual: null, ci95: null, decided: true, n: 0, passed: false, reason: 'the pass rate is undefined: no graded cases' }], verdict: 'fail', flaky: 0 };
  run.by_tag = { adversarial: { passed: 0, failed: 0, errors: 3, n: 0, rate: null, ci95: null } };
  run.by_criterion = {};
  run.anti_patterns = {};
  run.classification = {
    labels: ['refuse', 'answer'],
    matrix: [[0, 0], [0, 0]],
    unparsed: [0, 0],
    per_class: {
      refuse: { precision: null, recall: null, f1: null, support: 0, precision_ci95: null, recall_ci95: null },
      answer: { precision: null, recall: null, f1: null, support: 0, precision_ci95: null, recall_ci95: null },
    },
    accuracy: null, macro_f1: null, weighted_f1: null, kappa: null, n: 0,
  };
  run.latency = { n: 0, p50: null, p95: null, max: null, mean: null };
  run.cost = { input_tokens: 0, output_tokens: 0, n: 0, total_usd: null, judge_usd: null, per_case_usd: null, per_day_usd: null };
  return run;
}

// eslint-disable-next-line no-control-regex -- finding escape sequences is the point
const ESCAPE = /\u001b[^m]*m?/g;
// eslint-disable-next-line no-control-regex -- finding escape sequences is the point
const SGR = /^\u001b\[\d+m$/;

/** Every escape sequence in the text (up to the next "m"). */
export function escapeSequences(text: string): string[] {
  return text.match(ESCAPE) ?? [];
}

/** A colour / weight code such as ESC[31m: the only escape our reporters write. */
export function isSgr(sequence: string): boolean {
  return SGR.test(sequence);
}
