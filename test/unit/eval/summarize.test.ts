// Summaries and gates from graded cases: edge cases a launch decision must not get wrong.
import assert from 'node:assert/strict';
import { createSummaryTally, summarize } from '../../../src/core/eval/summarize.js';
import type { SpecConfig } from '../../../src/core/spec/config.js';
import type { CaseResult, CriterionVerdict } from '../../../src/shared/results.js';

function caseResult(id: string, status: CaseResult['status'], extra: Partial<CaseResult> = {}): CaseResult {
  return { id, status, input: 'x', output: status === 'error' ? null : 'y', tags: [], reason: '', checks: [], criteria: [], anti_patterns: [], score: null, latency_ms: 100, usage: null, cost_usd: null, cached: false, file: 's.aispec.md', line: 1, ...extra };
}

const config = (extra: Partial<SpecConfig> = {}): SpecConfig => ({ aispec: 1, id: 's', title: 'S', ...extra });

describe('summarize', () => {
  it('a run tally told how many cases come gives the same summary, with as many, fewer (a cancelled run) or more', () => {
    // Mixed labels, errors, cases without an expected label, latencies of every size and confidence scores.
    const labels = ['refuse', 'answer'];
    const cases = Array.from({ length: 300 }, (_, i) =>
      caseResult(`c${i}`, i % 17 === 0 ? 'error' : i % 5 === 0 ? 'fail' : 'pass', {
        ...(i % 11 === 0 ? {} : { expected: labels[i % 2]!, predicted: i % 5 === 0 ? labels[(i + 1) % 2]! : labels[i % 2]! }),
        latency_ms: (i * 37) % 1000 + i / 7,
        confidence: ((i * 13) % 100) / 100,
        tags: [i % 3 === 0 ? 'edge' : 'core'],
      }),
    );
    const spec = config({ labels, gates: { pass_rate: 0.8, recall: { refuse: 0.7 }, latency_p95_ms: 900 } });
    const summaryOf = (list: CaseResult[], expected?: number) => {
      const tally = createSummaryTally(spec, expected);
      for (const c of list) tally.add(c);
      return tally.finish({ complete: true });
    };
    assert.deepEqual(summaryOf(cases, cases.length), summarize(cases, spec, { complete: true }));
    assert.deepEqual(summaryOf(cases.slice(0, 120), cases.length), summarize(cases.slice(0, 120), spec, { complete: true }));
    assert.deepEqual(summaryOf(cases, 50), summarize(cases, spec, { complete: true }));
    assert.equal(summaryOf(cases.slice(0, 120), cases.length).latency.n, 120);
  });

  it('all errors: no rate, no interval, every rate gate fails with a reason, never NaN', () => {
    const cases = [caseResult('a', 'error'), caseResult('b', 'error')];
    const s = summarize(cases, config({ labels: ['x', 'y'], gates: { pass_rate: 0.5, recall: { x: 0.5 }, max_errors: 0 } }), { complete: true });
    assert.equal(s.summary.pass_rate, null);
    assert.equal(s.summary.pass_rate_ci95, null);
    assert.equal(s.summary.errors, 2);
    assert.deepEqual(s.summary.gates.map((g) => [g.name, g.passed, g.actual]), [['pass_rate', false, null], ['recall.x', false, null], ['max_errors', false, 2]]);
    assert.match(s.summary.gates[0]!.reason!, /undefined: no graded cases/);
    assert.equal(s.summary.verdict, 'incomplete', 'errored cases beyond max_errors: nothing can be concluded');
    assert.equal(s.classification!.n, 0);
    assert.equal(s.classification!.accuracy, null);
    assert.ok(!JSON.stringify(s).includes('NaN'));
  });

  it('all passing: rate 1 with a Wilson upper bound of exactly 1, a lower bound below 1', () => {
    const cases = Array.from({ length: 20 }, (_, i) => caseResult(`c${i}`, 'pass', { expected: 'x', predicted: 'x' }));
    const s = summarize(cases, config({ labels: ['x', 'y'], gates: { pass_rate: 0.95, decide_on: 'lower_bound' } }), { complete: true });
    assert.equal(s.summary.pass_rate, 1);
    assert.equal(s.summary.pass_rate_ci95![1], 1);
    assert.ok(s.summary.pass_rate_ci95![0] < 0.84 && s.summary.pass_rate_ci95![0] > 0.83);
    // 20/20 cannot clear 0.95 on the lower bound: the gate fails, and says it used the bound.
    const gate = s.summary.gates[0]!;
    assert.equal(gate.passed, false);
    assert.equal(gate.observed, 1);
    assert.match(gate.reason!, /95% lower bound; observed 1/);
    // A single class everywhere: kappa undefined (null), label y has no support.
    assert.equal(s.classification!.kappa, null);
    assert.equal(s.classification!.per_class.y!.recall, null);
    assert.equal(s.classification!.per_class.y!.precision, null);
  });

  it('a class never predicted has precision null and F1 0, and a recall gate on it fails', () => {
    const cases = [
      caseResult('a', 'pass', { expected: 'x', predicted: 'x' }),
      caseResult('b', 'fail', { expected: 'y', predicted: 'x' }),
      caseResult('c', 'fail', { expected: 'y', predicted: null }),
    ];
    const s = summarize(cases, config({ labels: ['x', 'y'], gates: { recall: { y: 0.5 }, precision: { y: 0.5 } } }), { complete: true });
    const y = s.classification!.per_class.y!;
    assert.deepEqual([y.precision, y.recall, y.f1, y.support], [null, 0, 0, 2]);
    assert.deepEqual(s.classification!.unparsed, [0, 1]);
    assert.deepEqual(s.summary.gates.map((g) => [g.name, g.passed, g.n]), [['recall.y', false, 2], ['precision.y', false, 0]]);
  });

  it('latency, cost and projected daily cost; max gates compare the right way', () => {
    const cases = [10, 20, 30, 40, 1000].map((ms, i) => caseResult(`c${i}`, 'pass', { latency_ms: ms, usage: { input_tokens: 100, output_tokens: 10 }, cost_usd: 0.001 }));
    const s = summarize(cases, config({ pricing: { input_per_mtok: 1, output_per_mtok: 1, traffic_per_day: 1000 }, gates: { latency_p95_ms: 500, cost_per_case_usd: 0.002 } }), { complete: true });
    assert.equal(s.latency.p50, 30);
    assert.ok(Math.abs(s.latency.p95! - 808) < 1e-9, String(s.latency.p95)); // numpy linear: 40 + 0.8 × 960
    assert.equal(s.latency.max, 1000);
    assert.equal(s.cost.per_day_usd, 1);
    assert.deepEqual(s.summary.gates.map((g) => [g.name, g.passed]), [['latency_p95_ms', false], ['cost_per_case_usd', true]]);
    assert.match(s.summary.gates[0]!.reason!, /latency p95 is 808 ms \(n=5\), above 500 ms/);
  });

  it('per tag and per criterion rates count errors apart', () => {
    const crit = (passed: boolean, error = false) => [{ id: 'k', passed, reason: '', weight: 1, critical: false, graded_by: 'check' as const, ...(error ? { error: true as const } : {}) }];
    const cases = [
      caseResult('a', 'pass', { tags: ['edge'], criteria: crit(true) }),
      caseResult('b', 'fail', { tags: ['edge', 'adv'], criteria: crit(false) }),
      caseResult('c', 'error', { tags: ['adv'], criteria: crit(false, true) }),
    ];
    const s = summarize(cases, config({ gates: { per_tag: { adv: 0.5, missing: 0.5 } } }), { complete: false, unfinished: 1 });
    assert.deepEqual([s.by_tag.edge!.passed, s.by_tag.edge!.failed, s.by_tag.adv!.errors, s.by_tag.adv!.n], [1, 1, 1, 1]);
    assert.deepEqual([s.by_criterion.k!.passed, s.by_criterion.k!.failed, s.by_criterion.k!.errors], [1, 1, 1]);
    assert.equal(s.summary.gates.find((g) => g.name === 'per_tag.missing')!.passed, false);
    assert.equal(s.summary.verdict, 'incomplete');
  });

  describe('a criterion that applies to some cases', () => {
    const verdict = (passed: boolean | null): CriterionVerdict =>
      passed === null
        ? { id: 'escalates', passed: null, applies: false, reason: 'applies only to cases tagged "emergency"', weight: 1, critical: true, graded_by: 'judge' }
        : { id: 'escalates', passed, reason: '', weight: 1, critical: true, graded_by: 'judge' };
    // 7 emergencies (6 escalated, 1 not) among 107 cases: the other 100 are n/a, not 100 passes.
    const cases = [
      ...Array.from({ length: 6 }, (_, i) => caseResult(`e${i}`, 'pass', { tags: ['emergency'], criteria: [verdict(true)] })),
      caseResult('e6', 'fail', { tags: ['emergency'], criteria: [verdict(false)] }),
      ...Array.from({ length: 100 }, (_, i) => caseResult(`o${i}`, 'pass', { criteria: [verdict(null)] })),
    ];

    it('leaves the n/a cases out of its rate and n, and counts them in not_applicable', () => {
      const s = summarize(cases, config(), { complete: true });
      const stat = s.by_criterion.escalates!;
      assert.deepEqual([stat.passed, stat.failed, stat.errors, stat.n, stat.not_applicable], [6, 1, 0, 7, 100]);
      assert.equal(stat.rate, 6 / 7);
      assert.ok(stat.ci95![0] < 0.5, 'the interval is as wide as 7 cases make it');
      assert.equal(s.by_tag.emergency!.not_applicable, undefined, 'by_tag has no n/a');
    });

    it('a per_criterion gate is decided on the applicable cases only', () => {
      const s = summarize(cases, config({ gates: { per_criterion: { escalates: 0.9 } } }), { complete: true });
      const gate = s.summary.gates[0]!;
      assert.deepEqual([gate.passed, gate.n, gate.actual], [false, 7, 6 / 7]);
      assert.match(gate.reason!, /\(n=7\), below 0\.9/);
      assert.equal(s.summary.verdict, 'fail');
    });

    it('a per_criterion gate with no case it applies to fails as undefined, saying so', () => {
      const none = cases.filter((c) => !c.tags.includes('emergency'));
      const s = summarize(none, config({ gates: { per_criterion: { escalates: 0.9 } } }), { complete: true });
      const gate = s.summary.gates[0]!;
      assert.deepEqual([gate.passed, gate.n, gate.actual], [false, 0, null]);
      assert.equal(gate.reason, 'the pass rate of criterion "escalates" is undefined: no case it applies to');
    });
  });
});
