// evaluateGates: every rate gate carries its 95% interval; lower_bound decides on the interval's lower end
// for every kind; under point a straddling interval marks the gate undecided without changing its verdict.
import assert from 'node:assert/strict';
import { evaluateGates, straddles, type GateInputs } from '../../../src/core/eval/gates.js';
import { rateStat, summarize } from '../../../src/core/eval/summarize.js';
import type { GatesConfig, SpecConfig } from '../../../src/core/spec/config.js';
import { bootstrapF1Intervals, cohenKappaInterval, reportFromConfusion, wilsonInterval } from '../../../src/core/metrics/index.js';
import type { CaseResult, ClassificationResults, GateResult } from '../../../src/shared/results.js';

// Three labels: a is 40 expected (34 right, 4 → b, 2 unparsed), b 30 (3 → a, 25 right, 2 → c), c 10 (1 → b, 9 right).
const confusion = { labels: ['a', 'b', 'c'], matrix: [[34, 4, 0], [3, 25, 2], [0, 1, 9]], unparsed: [2, 0, 0] };
const classification: ClassificationResults = { ...reportFromConfusion(confusion), n: 80 };

const inputs = (extra: Partial<GateInputs> = {}): GateInputs => ({
  overall: rateStat({ passed: 17, failed: 3, errors: 1 }),
  errors: 1,
  byTag: { adversarial: rateStat({ passed: 17, failed: 3, errors: 0 }), core: rateStat({ passed: 95, failed: 5, errors: 0 }) },
  byCriterion: { polite: rateStat({ passed: 18, failed: 2, errors: 0 }) },
  classification,
  latency: { n: 20, p50: 500, p95: 900, max: 1000, mean: 550 },
  cost: { input_tokens: 0, output_tokens: 0, n: 20, total_usd: 0.02, judge_usd: null, per_case_usd: 0.001, per_day_usd: null },
  ...extra,
});

const gate = (results: GateResult[], name: string): GateResult => {
  const found = results.find((g) => g.name === name);
  assert.ok(found, `no gate ${name}`);
  return found;
};

const F1 = bootstrapF1Intervals(confusion);
/** Every rate gate kind, with the interval it must carry and its observed value and n. */
const EXPECTED: Record<string, { ci95: [number, number]; value: number; n: number }> = {
  pass_rate: { ci95: wilsonInterval(17, 20)!, value: 0.85, n: 20 },
  'per_tag.adversarial': { ci95: wilsonInterval(17, 20)!, value: 0.85, n: 20 },
  'per_criterion.polite': { ci95: wilsonInterval(18, 20)!, value: 0.9, n: 20 },
  'recall.a': { ci95: wilsonInterval(34, 40)!, value: 34 / 40, n: 40 },
  'precision.a': { ci95: wilsonInterval(34, 37)!, value: 34 / 37, n: 37 },
  'f1.b': { ci95: F1.perClass[1]!, value: 50 / 60, n: 30 },
  accuracy: { ci95: wilsonInterval(68, 80)!, value: 68 / 80, n: 80 },
  macro_f1: { ci95: F1.macro!, value: classification.macro_f1!, n: 80 },
  kappa: { ci95: cohenKappaInterval(confusion)!, value: classification.kappa!, n: 80 },
};
const ALL_KINDS = (target: number): GatesConfig => ({
  pass_rate: target,
  per_tag: { adversarial: target },
  per_criterion: { polite: target },
  recall: { a: target },
  precision: { a: target },
  f1: { b: target },
  accuracy: target,
  macro_f1: target,
  kappa: target,
});

describe('evaluateGates', () => {
  it('gives every rate gate its 95% interval: Wilson, bootstrap for F1 and macro F1, asymptotic for kappa', () => {
    const results = evaluateGates(ALL_KINDS(0.5), inputs());
    assert.equal(results.length, Object.keys(EXPECTED).length);
    for (const [name, expected] of Object.entries(EXPECTED)) {
      const g = gate(results, name);
      assert.deepEqual(g.ci95, expected.ci95, name);
      assert.ok(Math.abs(g.actual! - expected.value) < 1e-12, `${name}: actual ${g.actual}`);
      assert.equal(g.n, expected.n, name);
      assert.ok(g.ci95![0] <= g.actual! && g.actual! <= g.ci95![1], `${name}: the interval brackets the value`);
      assert.equal(g.observed, undefined, `${name}: no observed under point`);
    }
  });

  it('decide_on: lower_bound compares the lower end for every rate gate kind, the observed value beside it', () => {
    // Each target sits between a gate's lower end and its value: point passes them all, lower_bound none.
    for (const [name, expected] of Object.entries(EXPECTED)) {
      const target = (expected.ci95[0] + expected.value) / 2;
      const point = gate(evaluateGates(ALL_KINDS(target), inputs()), name);
      assert.equal(point.passed, true, `${name} under point`);
      const bound = gate(evaluateGates({ ...ALL_KINDS(target), decide_on: 'lower_bound' }, inputs()), name);
      assert.equal(bound.passed, false, `${name} under lower_bound`);
      assert.equal(bound.actual, expected.ci95[0], name);
      assert.ok(Math.abs(bound.observed! - expected.value) < 1e-12, name);
      assert.deepEqual(bound.ci95, expected.ci95, name);
      assert.equal(bound.decided, true, `${name}: lower_bound always decides`);
      assert.equal(bound.note, undefined);
      assert.match(bound.reason!, /\(95% lower bound; observed [0-9.]+\) \(n=\d+\), below [0-9.]+$/, name);
      // Below the lower end it passes under lower_bound too.
      const low = gate(evaluateGates({ ...ALL_KINDS(expected.ci95[0] - 0.01), decide_on: 'lower_bound' }, inputs()), name);
      assert.equal(low.passed, true, `${name} clears a bar under its lower end`);
    }
  });

  it('under point, a straddling interval marks the gate undecided: a warning that leaves passed as it was', () => {
    // The case: per_tag.adversarial >= 0.85 at 17/20 = 0.850, 95% CI 0.640–0.948.
    const g = gate(evaluateGates({ per_tag: { adversarial: 0.85 } }, inputs()), 'per_tag.adversarial');
    assert.equal(g.passed, true);
    assert.equal(g.actual, 0.85);
    assert.equal(g.decided, false);
    assert.equal(g.note, 'not decided by this sample (95% CI 0.640–0.948 straddles 0.85)');
    assert.equal(g.reason, undefined);
    // Failing at the point estimate with a straddling interval: still a failure, and undecided.
    const miss = gate(evaluateGates({ per_tag: { adversarial: 0.9 } }, inputs()), 'per_tag.adversarial');
    assert.equal(miss.passed, false);
    assert.equal(miss.decided, false);
    assert.equal(miss.reason, 'the pass rate for tag "adversarial" is 0.85 (n=20), below 0.9');
    assert.equal(miss.note, 'not decided by this sample (95% CI 0.640–0.948 straddles 0.9)');
    for (const [name, expected] of Object.entries(EXPECTED)) {
      const straddled = gate(evaluateGates(ALL_KINDS((expected.ci95[0] + expected.ci95[1]) / 2), inputs()), name);
      assert.equal(straddled.decided, false, name);
      assert.ok(straddled.note?.startsWith('not decided by this sample (95% CI '), name);
    }
  });

  it('under point, an interval wholly above or below the target decides the gate', () => {
    const above = gate(evaluateGates({ per_tag: { core: 0.8 } }, inputs()), 'per_tag.core'); // 0.95, CI 0.888–0.978
    assert.deepEqual([above.passed, above.decided, above.note], [true, true, undefined]);
    const below = gate(evaluateGates({ per_tag: { core: 0.99 } }, inputs()), 'per_tag.core');
    assert.deepEqual([below.passed, below.decided, below.note], [false, true, undefined]);
    // The ends: a target at the lower end is shown (lower_bound would pass it); at the upper end it is open.
    const [lo, hi] = wilsonInterval(95, 100)!;
    assert.equal(straddles([lo, hi], lo), false);
    assert.equal(straddles([lo, hi], hi), true);
    assert.equal(gate(evaluateGates({ per_tag: { core: lo } }, inputs()), 'per_tag.core').decided, true);
    assert.equal(gate(evaluateGates({ per_tag: { core: hi } }, inputs()), 'per_tag.core').decided, false);
  });

  it('n = 0: no interval, an undefined value, a failed gate, under either rule', () => {
    const empty: ClassificationResults = { ...reportFromConfusion({ labels: ['a', 'b'], matrix: [[0, 0], [0, 0]], unparsed: [0, 0] }), n: 0 };
    const none = inputs({ overall: rateStat({ passed: 0, failed: 0, errors: 3 }), byTag: {}, byCriterion: {}, classification: empty });
    for (const decide_on of ['point', 'lower_bound'] as const) {
      const results = evaluateGates({ ...ALL_KINDS(0.5), recall: { a: 0.5 }, precision: { a: 0.5 }, f1: { a: 0.5 }, decide_on }, none);
      for (const g of results) {
        assert.equal(g.ci95, null, `${g.name} (${decide_on})`);
        assert.equal(g.actual, null, g.name);
        assert.equal(g.passed, false, g.name);
        assert.equal(g.decided, true, g.name);
        assert.match(g.reason!, /is undefined/, g.name);
        assert.equal(g.n, 0, g.name);
      }
    }
    // Without classification results at all (no labels in the spec), the classification gates are undefined too.
    const noLabels = evaluateGates({ kappa: 0.5, f1: { a: 0.5 } }, inputs({ classification: undefined }));
    assert.deepEqual(noLabels.map((g) => [g.name, g.ci95, g.passed]), [['f1.a', null, false], ['kappa', null, false]]);
  });

  it('value gates (max_errors, latency, cost) carry no interval and no decided flag', () => {
    const results = evaluateGates({ max_errors: 0, latency_p95_ms: 1000, cost_per_case_usd: 0.01, decide_on: 'lower_bound' }, inputs());
    for (const g of results) {
      assert.ok(!('ci95' in g) && !('decided' in g) && !('observed' in g), g.name);
    }
    assert.deepEqual(results.map((g) => [g.name, g.passed]), [['max_errors', false], ['latency_p95_ms', true], ['cost_per_case_usd', true]]);
  });

  it('an undecided gate never fails the run: the verdict is the point estimate\'s', () => {
    const cases: CaseResult[] = Array.from({ length: 20 }, (_, i) => ({
      id: `c${i}`, status: i < 17 ? 'pass' : 'fail', input: 'x', output: 'y', tags: ['adversarial'], reason: '', checks: [], criteria: [], anti_patterns: [],
      score: null, latency_ms: 100, usage: null, cost_usd: null, cached: false, file: 's.aispec.md', line: 1,
    }));
    const config: SpecConfig = { aispec: 1, id: 's', title: 'S', gates: { per_tag: { adversarial: 0.85 } } };
    const s = summarize(cases, config, { complete: true });
    assert.equal(s.summary.gates[0]!.decided, false);
    assert.equal(s.summary.verdict, 'pass');
    const strict = summarize(cases, { ...config, gates: { per_tag: { adversarial: 0.85 }, decide_on: 'lower_bound' } }, { complete: true });
    assert.equal(strict.summary.verdict, 'fail');
  });
});
