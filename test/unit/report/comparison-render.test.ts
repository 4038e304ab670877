// The comparison's console summary and Markdown: the side-by-side table, the one-line conclusion with its
// McNemar verdict on the gap to the runner-up, and text from the spec made safe for a terminal and for Markdown.
import assert from 'node:assert/strict';
import { comparisonResults, type TargetRun } from '../../../src/core/eval/compare-targets.js';
import { comparisonConsoleSummary } from '../../../src/core/report/comparison-console.js';
import { comparisonMarkdownReport } from '../../../src/core/report/comparison-markdown.js';
import { comparisonVerdict } from '../../../src/core/report/comparison-verdict.js';
import type { CaseStatus, RunResults } from '../../../src/shared/results.js';

function run(name: string, statuses: CaseStatus[], perCase: number | null, title = 'Pick a model'): TargetRun {
  const passed = statuses.filter((s) => s === 'pass').length;
  const failed = statuses.length - passed;
  const results = {
    format: 'aispec-results',
    spec: { id: 'pick', title, file: 'pick.aispec.md' },
    run: { id: `r-${name}`, target: { provider: 'openai', model: `model-${name}`, name } },
    summary: { total: statuses.length, passed, failed, errors: 0, pass_rate: passed / statuses.length, pass_rate_ci95: [0.5, 0.9], gates: [{ name: 'pass_rate', direction: 'min', target: 0.5, actual: passed / statuses.length, passed: true }], verdict: 'pass', flaky: 0 },
    latency: { n: statuses.length, p50: 100, p95: 1234, max: 2000, mean: 150 },
    cost: { input_tokens: 0, output_tokens: 0, n: statuses.length, unpriced: 0, total_usd: null, judge_usd: null, per_case_usd: perCase, per_day_usd: perCase === null ? null : perCase * 1000 },
    cases: statuses.map((status, i) => ({ id: `c${i}`, status })),
  } as unknown as RunResults;
  return { name, results };
}

const statuses = (pass: number, total: number): CaseStatus[] => Array.from({ length: total }, (_, i) => (i < pass ? 'pass' : 'fail'));

describe('comparison reports', () => {
  it('say when the gap to the runner-up is within noise (4 cases differ, all one way: statsmodels p = 0.125)', () => {
    const results = comparisonResults([run('large', statuses(110, 120), 0.002), run('small', statuses(106, 120), 0.0001)]);
    assert.equal(
      comparisonVerdict(results).sentence,
      'Recommended: small, the cheapest of the 2 targets that pass every gate ($0.0001 a case against $0.002 for large). Pass rate 3.3 points below large: within noise (McNemar p = 0.13, n = 120).',
    );
  });

  it('print the side-by-side table and the conclusion on the console', () => {
    const text = comparisonConsoleSummary(comparisonResults([run('large', statuses(110, 120), 0.002), run('small', statuses(106, 120), 0.0001)]), { color: false, width: 160 });
    assert.match(text, /^ {2}large +openai model-large +PASS +0\.917 \(0\.500–0\.900\) +1\/1 +\$0\.00200 +\$2\.00 +1,234 ms +0$/m);
    assert.match(text, /^ {2}small +openai model-small +PASS +0\.883 \(0\.500–0\.900\) +1\/1 +\$0\.000100 +\$0\.100 +1,234 ms +0$/m);
    assert.match(text, /^Recommended: small, /m);
  });

  it('keep escape sequences of a hostile title off the terminal, and Markdown out of the Markdown', () => {
    const hostile = 'Evil \u001b[2J\u001b]8;;http://x\u0007title\n::error::x <b>bold</b> | pipe';
    const results = comparisonResults([run('a', statuses(3, 4), 0.001, hostile), run('b', statuses(2, 4), 0.002, hostile)]);
    const text = comparisonConsoleSummary(results, { color: false });
    // eslint-disable-next-line no-control-regex -- asserting that no control character got through
    assert.doesNotMatch(text, /\u001b|\u0007/);
    assert.doesNotMatch(text, /^::/m);
    const markdown = comparisonMarkdownReport(results);
    assert.doesNotMatch(markdown, /<b>/);
    assert.match(markdown, /^## Evil .*: 2 targets compared$/m);
  });
});
