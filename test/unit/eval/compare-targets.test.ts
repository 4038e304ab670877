// Comparing targets: the McNemar pairs against statsmodels (test/reference/comparison-reference.json, from
// generate_comparison_reference.py), and the recommendation rules a PM relies on: the cheapest target that
// passes every gate; none when no target passes; none when a passing target's cost is unknown.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compareTargets, type TargetRun } from '../../../src/core/eval/compare-targets.js';
import type { CaseStatus, GateResult, RunResults, RunVerdict } from '../../../src/shared/results.js';

interface PairReference {
  a: string;
  b: string;
  n: number;
  a_only_pass: number;
  b_only_pass: number;
  mcnemar_p: number;
}

const reference = JSON.parse(readFileSync(new URL('../../reference/comparison-reference.json', import.meta.url), 'utf8')) as {
  scenarios: Array<{ statuses: Record<string, CaseStatus[]>; pairs: PairReference[] }>;
};

interface RunShape {
  statuses?: CaseStatus[];
  verdict?: RunVerdict;
  perCase?: number | null;
  unpriced?: number;
  gates?: GateResult[];
  passRate?: number | null;
}

function run(name: string, shape: RunShape = {}): TargetRun {
  const statuses = shape.statuses ?? ['pass', 'pass', 'fail'];
  const passed = statuses.filter((s) => s === 'pass').length;
  const failed = statuses.filter((s) => s === 'fail').length;
  const perCase = shape.perCase === undefined ? 0.001 : shape.perCase;
  const results = {
    format: 'aispec-results',
    spec: { id: 'cmp', title: 'Compare', file: 'cmp.aispec.md' },
    run: { id: `r-${name}`, target: { provider: 'openai', model: `m-${name}`, name } },
    summary: {
      total: statuses.length,
      passed,
      failed,
      errors: statuses.length - passed - failed,
      pass_rate: shape.passRate !== undefined ? shape.passRate : passed + failed ? passed / (passed + failed) : null,
      pass_rate_ci95: null,
      gates: shape.gates ?? [],
      verdict: shape.verdict ?? 'pass',
      flaky: 0,
    },
    latency: { n: 0, p50: null, p95: 900, max: null, mean: null },
    cost: { input_tokens: 0, output_tokens: 0, n: statuses.length, unpriced: shape.unpriced ?? 0, total_usd: null, judge_usd: null, per_case_usd: perCase, per_day_usd: perCase === null ? null : perCase * 1000 },
    cases: statuses.map((status, i) => ({ id: `c${i}`, status })),
  } as unknown as RunResults;
  return { name, results };
}

const failedGate = (name: string): GateResult => ({ name, direction: 'min', target: 0.9, actual: 0.5, passed: false });

describe('compareTargets', () => {
  describe('pairs: the exact McNemar test, as statsmodels computes it', () => {
    reference.scenarios.forEach((scenario, i) => {
      const names = Object.keys(scenario.statuses);
      it(`scenario ${i + 1}: ${names.length} targets, ${scenario.statuses[names[0]!]!.length} cases`, () => {
        const comparison = compareTargets(names.map((name) => run(name, { statuses: scenario.statuses[name]! })));
        assert.equal(comparison.pairs.length, scenario.pairs.length);
        comparison.pairs.forEach((pair, j) => {
          const expected = scenario.pairs[j]!;
          assert.deepEqual({ a: pair.a, b: pair.b, n: pair.n, a_only_pass: pair.a_only_pass, b_only_pass: pair.b_only_pass }, { a: expected.a, b: expected.b, n: expected.n, a_only_pass: expected.a_only_pass, b_only_pass: expected.b_only_pass });
          assert.ok(Math.abs(pair.mcnemar_p - expected.mcnemar_p) <= 1e-9 * Math.max(1, expected.mcnemar_p), `${pair.a}/${pair.b}: ${pair.mcnemar_p} vs ${expected.mcnemar_p}`);
        });
      });
    });

    it('pairs cases by id, leaving out a case missing on one side', () => {
      const a = run('a', { statuses: ['pass', 'fail', 'pass'] });
      const b = run('b', { statuses: ['fail', 'pass'] });
      const [pair] = compareTargets([a, b]).pairs;
      assert.deepEqual({ n: pair!.n, a_only_pass: pair!.a_only_pass, b_only_pass: pair!.b_only_pass }, { n: 2, a_only_pass: 1, b_only_pass: 1 });
    });
  });

  describe('the rows', () => {
    it("carry each run's numbers, failed gate names and name", () => {
      const comparison = compareTargets([run('small', { verdict: 'fail', gates: [failedGate('recall.abuse'), { ...failedGate('pass_rate'), passed: true }] })]);
      const [row] = comparison.targets;
      assert.deepEqual(row, {
        name: 'small',
        provider: 'openai',
        model: 'm-small',
        pass_rate: 2 / 3,
        pass_rate_ci95: null,
        verdict: 'fail',
        gates_failed: ['recall.abuse'],
        errors: 0,
        cost_per_case_usd: 0.001,
        cost_per_day_usd: 1,
        latency_p95_ms: 900,
      });
    });

    it('call a cost measured on only some cases unknown', () => {
      const [row] = compareTargets([run('a', { unpriced: 2 })]).targets;
      assert.equal(row!.cost_per_case_usd, null);
      assert.equal(row!.cost_per_day_usd, null);
    });
  });

  describe('the recommendation', () => {
    it('is the cheapest target that passes every gate', () => {
      const comparison = compareTargets([run('large', { perCase: 0.002 }), run('small', { perCase: 0.0001 }), run('tiny', { perCase: 0.00001, verdict: 'fail', gates: [failedGate('pass_rate')] })]);
      assert.equal(comparison.recommended, 'small');
      assert.equal(comparison.recommended_reason, 'small is the cheapest of the 2 targets that pass every gate ($0.0001 a case against $0.002 for large).');
    });

    it('names the only passing target as such', () => {
      const comparison = compareTargets([run('a', { verdict: 'fail', gates: [failedGate('pass_rate')] }), run('b')]);
      assert.equal(comparison.recommended, 'b');
      assert.equal(comparison.recommended_reason, 'b is the only target that passes every gate.');
    });

    it('is null when no target passes, saying why for each', () => {
      const comparison = compareTargets([
        run('a', { verdict: 'fail', gates: [failedGate('pass_rate'), failedGate('recall.abuse')] }),
        run('b', { verdict: 'incomplete' }),
        run('c', { verdict: 'ungated' }),
      ]);
      assert.equal(comparison.recommended, null);
      assert.equal(comparison.recommended_reason, 'No target passes every gate (a fails pass_rate, recall.abuse; b did not complete; c has no gates).');
    });

    it("is null, with the reason, when a passing target's cost is unknown (it might be the cheapest)", () => {
      const comparison = compareTargets([run('priced', { perCase: 0.0001 }), run('unpriced', { perCase: null })]);
      assert.equal(comparison.recommended, null);
      assert.equal(comparison.recommended_reason, '2 of 2 targets pass every gate, but the cost per case of unpriced is unknown (no pricing, or the target reported no token usage), so the cheapest cannot be named.');
    });

    it('is null when only a subset of the cases ran, whose gates decide nothing', () => {
      const comparison = compareTargets([run('a', { verdict: 'partial' }), run('b', { verdict: 'partial' })]);
      assert.equal(comparison.recommended, null);
      assert.match(comparison.recommended_reason, /^Only a subset of the cases ran/);
    });

    it('ignores an unknown cost of a target that does not pass', () => {
      const comparison = compareTargets([run('priced', { perCase: 0.0001 }), run('unpriced', { perCase: null, verdict: 'fail', gates: [failedGate('pass_rate')] })]);
      assert.equal(comparison.recommended, 'priced');
    });

    it('breaks a tie in cost by the higher pass rate', () => {
      const comparison = compareTargets([run('first', { perCase: 0.001, passRate: 0.9 }), run('second', { perCase: 0.001, passRate: 0.95 })]);
      assert.equal(comparison.recommended, 'second');
      assert.equal(comparison.recommended_reason, 'second and first pass every gate at the same cost per case; second has the higher pass rate.');
    });
  });
});
