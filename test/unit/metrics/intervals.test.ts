// The intervals behind the gates, against the reference libraries: Wilson for per-class precision and
// recall and for accuracy (statsmodels proportion_confint), the asymptotic kappa interval (statsmodels
// cohens_kappa), and the percentile bootstrap of F1 and macro F1 (scipy.stats.bootstrap), plus the
// bootstrap's reproducibility.
import assert from 'node:assert/strict';
import {
  BOOTSTRAP_RESAMPLES,
  Z_95,
  bootstrapF1Intervals,
  classificationReport,
  cohenKappaInterval,
  confusionMatrix,
  mulberry32,
  wilsonInterval,
} from '../../../src/core/metrics/index.js';
import { assertClose, reference } from './reference.js';

function assertInterval(actual: [number, number] | null | undefined, expected: [number, number] | null, what: string, tolerance?: number): void {
  if (expected === null || actual === null || actual === undefined) {
    assert.equal(actual, expected, what);
    return;
  }
  assertClose(actual[0], expected[0], `${what} lower`, tolerance);
  assertClose(actual[1], expected[1], `${what} upper`, tolerance);
}

describe('per-class and accuracy Wilson intervals', () => {
  it(`equal statsmodels proportion_confint(method='wilson') on ${reference.classification.length} cases`, () => {
    let checked = 0;
    for (const ref of reference.classification) {
      const report = classificationReport(ref.expected, ref.predicted, ref.labels);
      for (const label of ref.labels) {
        const expected = ref.per_class[label]!;
        assertInterval(report.per_class[label]!.precision_ci95, expected.precision_ci95, `${ref.name} ${label} precision_ci95`);
        assertInterval(report.per_class[label]!.recall_ci95, expected.recall_ci95, `${ref.name} ${label} recall_ci95`);
        checked += Number(expected.precision_ci95 !== null) + Number(expected.recall_ci95 !== null);
      }
      const correct = ref.labels.reduce((sum, _, i) => sum + (ref.matrix[i]?.[i] ?? 0), 0);
      assertInterval(wilsonInterval(correct, ref.expected.length), ref.accuracy_ci95, `${ref.name} accuracy_ci95`);
    }
    assert.ok(checked > 300, `${checked} intervals`);
  });

  it('use tp of the predicted count for precision and tp of the support for recall; null when that is 0', () => {
    // a: 2 expected, 4 predicted (2 right); b: 2 expected, never predicted; c: neither.
    const report = classificationReport(['a', 'a', 'b', 'b'], ['a', 'a', 'a', 'a'], ['a', 'b', 'c']);
    assert.deepEqual(report.per_class.a!.precision_ci95, wilsonInterval(2, 4));
    assert.deepEqual(report.per_class.a!.recall_ci95, wilsonInterval(2, 2));
    assert.equal(report.per_class.b!.precision_ci95, null);
    assert.deepEqual(report.per_class.b!.recall_ci95, wilsonInterval(0, 2));
    assert.equal(report.per_class.c!.recall_ci95, null);
    // An unparsed prediction is in its row's support (a miss for recall), in no column.
    const unparsed = classificationReport(['a', 'a'], ['a', null], ['a', 'b']);
    assert.deepEqual(unparsed.per_class.a!.recall_ci95, wilsonInterval(1, 2));
    assert.deepEqual(unparsed.per_class.a!.precision_ci95, wilsonInterval(1, 1));
  });
});

describe('cohenKappaInterval', () => {
  it(`equals statsmodels cohens_kappa kappa_low / kappa_upp (clipped to [-1, 1]) within 1e-9 on ${reference.kappaInterval.length} cases`, () => {
    let clipped = 0;
    for (const ref of reference.kappaInterval) {
      const confusion = { labels: ref.labels, matrix: ref.matrix, unparsed: ref.unparsed };
      assertInterval(cohenKappaInterval(confusion, ref.z), ref.interval, `${ref.name} at z=${ref.z}`, 1e-9);
      if (ref.raw && (ref.raw[1] > 1 || ref.raw[0] < -1)) clipped++;
    }
    assert.ok(clipped > 0, 'the reference includes intervals that reach past 1');
    assert.ok(reference.kappaInterval.some((r) => Math.abs(r.z - Z_95) < 1e-12 && r.interval !== null && r.interval[0] < r.interval[1]));
  });

  it('is null where kappa is, and has zero width when every case agrees (a large-sample interval)', () => {
    assert.equal(cohenKappaInterval(confusionMatrix([], [], ['a', 'b'])), null);
    assert.equal(cohenKappaInterval(confusionMatrix(['a', 'a'], ['a', 'a'], ['a', 'b'])), null);
    assert.deepEqual(cohenKappaInterval(confusionMatrix(['a', 'b', 'a', 'b'], ['a', 'b', 'a', 'b'], ['a', 'b'])), [1, 1]);
  });
});

describe('bootstrapF1Intervals', () => {
  // Two independent Monte Carlo estimates of the same 2.5% (97.5%) quantile differ with standard deviation
  // about sqrt(q(1−q)·(1/B + 1/B_ref)) / φ(z_q) · SE, SE the bootstrap standard error (normal approximation
  // of the bootstrap distribution's density at the quantile): 0.063·SE for B = 2,000 and B_ref = 20,000.
  // The tolerance is five of those, 0.31·SE: at small n the bootstrap distribution is lumpy (F1 takes few
  // values), which spreads the quantile estimates more than the normal approximation says (up to 3.6 of
  // them across seeds 1-4 here), and five leaves room for that. A bootstrap that resampled wrongly or took
  // the wrong percentiles misses by one SE or more. Both sides are seeded, so the test cannot flake.
  const q = 0.025;
  const density = Math.exp(-(Z_95 * Z_95) / 2) / Math.sqrt(2 * Math.PI);
  const tolerance = (se: number, resamplesRef: number) => (5 * Math.sqrt(q * (1 - q) * (1 / BOOTSTRAP_RESAMPLES + 1 / resamplesRef)) * se) / density;

  it(`agrees with scipy.stats.bootstrap(method='percentile') within Monte Carlo error on ${reference.bootstrap.length} matrices`, () => {
    assert.ok(reference.bootstrap.length >= 5);
    for (const ref of reference.bootstrap) {
      const result = bootstrapF1Intervals({ labels: ref.labels, matrix: ref.matrix, unparsed: ref.unparsed });
      const check = (actual: [number, number] | null | undefined, expected: [number, number], se: number, what: string) => {
        assert.ok(actual, what);
        const tol = tolerance(se, ref.resamples);
        for (const end of [0, 1] as const) {
          const miss = Math.abs(actual[end] - expected[end]);
          assert.ok(miss <= tol, `${ref.name} ${what} ${end ? 'upper' : 'lower'}: ${actual[end]} vs scipy ${expected[end]} (off by ${miss.toFixed(4)}, tolerance ${tol.toFixed(4)})`);
        }
      };
      ref.labels.forEach((label, i) => check(result.perClass[i], ref.perClass[i]!, ref.standardError[i]!, `F1 of ${label}`));
      check(result.macro, ref.macro, ref.standardError[ref.labels.length]!, 'macro F1');
    }
  });

  it('is reproducible: the same counts give the same interval, whatever the order of the cases', () => {
    const labels = ['a', 'b', 'c'];
    const random = mulberry32(7);
    const expected = Array.from({ length: 150 }, () => labels[Math.floor(random() * 3)]!);
    const predicted = expected.map((label) => (random() < 0.7 ? label : random() < 0.2 ? null : labels[Math.floor(random() * 3)]!));
    const first = bootstrapF1Intervals(confusionMatrix(expected, predicted, labels));
    assert.deepEqual(bootstrapF1Intervals(confusionMatrix(expected, predicted, labels)), first);
    const order = expected.map((_, i) => i).reverse();
    assert.deepEqual(bootstrapF1Intervals(confusionMatrix(order.map((i) => expected[i]!), order.map((i) => predicted[i]!), labels)), first);
    // The seed is what fixes it: another seed draws other resamples.
    assert.notDeepEqual(bootstrapF1Intervals(confusionMatrix(expected, predicted, labels), { seed: 2 }), first);
  });

  it('brackets the point estimate, is null where F1 is undefined, and collapses to [1, 1] on a perfect sample', () => {
    const confusion = { labels: ['a', 'b', 'c'], matrix: [[30, 5, 0], [4, 25, 0], [0, 0, 0]], unparsed: [1, 0, 0] };
    const result = bootstrapF1Intervals(confusion);
    const [lo, hi] = result.perClass[0]!;
    assert.ok(lo < 60 / (36 + 34) && 60 / (36 + 34) < hi);
    assert.equal(result.perClass[2], null, 'c is neither expected nor predicted');
    assert.deepEqual(bootstrapF1Intervals({ labels: ['a', 'b'], matrix: [[5, 0], [0, 3]], unparsed: [0, 0] }), { perClass: [[1, 1], [1, 1]], macro: [1, 1] });
    assert.deepEqual(bootstrapF1Intervals({ labels: ['a', 'b'], matrix: [[0, 0], [0, 0]], unparsed: [0, 0] }), { perClass: [null, null], macro: null });
    // A label expected but always unparsed: F1 0 in every resample that has it.
    assert.deepEqual(bootstrapF1Intervals({ labels: ['a', 'b'], matrix: [[0, 0], [0, 4]], unparsed: [3, 0] }).perClass[0], [0, 0]);
  });

  it('takes B and rejects a malformed matrix', () => {
    const confusion = { labels: ['a', 'b'], matrix: [[20, 4], [6, 18]], unparsed: [2, 0] };
    assert.notDeepEqual(bootstrapF1Intervals(confusion, { resamples: 200 }), bootstrapF1Intervals(confusion));
    assert.throws(() => bootstrapF1Intervals(confusion, { resamples: 0 }), RangeError);
    assert.throws(() => bootstrapF1Intervals({ labels: ['a', 'b'], matrix: [[1.5, 0], [0, 1]], unparsed: [0, 0] }), RangeError);
  });
});

describe('mulberry32', () => {
  it('gives the reference sequence of the public-domain generator, in [0, 1)', () => {
    const random = mulberry32(1);
    assert.deepEqual([random(), random(), random()], [0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
    const other = mulberry32(123456789);
    for (let i = 0; i < 10_000; i++) {
      const u = other();
      assert.ok(u >= 0 && u < 1 && Number.isInteger(u * 2 ** 32));
    }
  });
});
