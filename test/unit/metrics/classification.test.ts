import assert from 'node:assert/strict';
import {
  classificationReport,
  cohenKappa,
  confusionMatrix,
  reportFromConfusion,
  wilsonInterval,
} from '../../../src/core/metrics/index.js';
import { assertClose, reference } from './reference.js';

describe('confusionMatrix', () => {
  it(`equals sklearn confusion_matrix (unparsed = sentinel column) on ${reference.classification.length} cases`, () => {
    for (const ref of reference.classification) {
      const actual = confusionMatrix(ref.expected, ref.predicted, ref.labels);
      assert.deepEqual(actual.labels, ref.labels, ref.name);
      assert.deepEqual(actual.matrix, ref.matrix, ref.name);
      assert.deepEqual(actual.unparsed, ref.unparsed, ref.name);
    }
  });

  it('puts expected in rows and predicted in columns, in label order', () => {
    const { matrix, unparsed } = confusionMatrix(['b', 'a', 'a', 'c'], ['a', 'a', null, 'x'], ['c', 'b', 'a']);
    // rows/cols: c, b, a
    assert.deepEqual(matrix, [
      [0, 0, 0],
      [0, 0, 1],
      [0, 0, 1],
    ]);
    assert.deepEqual(unparsed, [1, 0, 1]); // 'x' for c, null for a
  });

  it('rejects an expected value outside the labels, duplicate labels and unequal lengths', () => {
    assert.throws(() => confusionMatrix(['a', 'z'], ['a', 'a'], ['a', 'b']), /expected\[1\] = "z"/);
    assert.throws(() => confusionMatrix(['a'], ['a'], ['a', 'a']), /duplicate label/);
    assert.throws(() => confusionMatrix(['a', 'b'], ['a'], ['a', 'b']), RangeError);
  });
});

describe('classificationReport', () => {
  it(`equals sklearn (zero_division=nan semantics, NaN as null) on ${reference.classification.length} cases`, () => {
    assert.ok(reference.classification.length >= 50);
    for (const ref of reference.classification) {
      const report = classificationReport(ref.expected, ref.predicted, ref.labels);
      assert.deepEqual(report.labels, ref.labels, ref.name);
      assert.deepEqual(report.matrix, ref.matrix, ref.name);
      assert.deepEqual(report.unparsed, ref.unparsed, ref.name);
      assert.deepEqual(Object.keys(report.per_class), ref.labels, `${ref.name}: per_class keys in label order`);
      for (const label of ref.labels) {
        const expected = ref.per_class[label];
        const actual = report.per_class[label];
        assert.ok(expected && actual, `${ref.name} ${label}`);
        assertClose(actual.precision, expected.precision, `${ref.name} ${label} precision`);
        assertClose(actual.recall, expected.recall, `${ref.name} ${label} recall`);
        assertClose(actual.f1, expected.f1, `${ref.name} ${label} f1`);
        assert.equal(actual.support, expected.support, `${ref.name} ${label} support`);
      }
      assertClose(report.accuracy, ref.accuracy, `${ref.name} accuracy`);
      assertClose(report.macro_f1, ref.macro_f1, `${ref.name} macro_f1`);
      assertClose(report.weighted_f1, ref.weighted_f1, `${ref.name} weighted_f1`);
      assertClose(report.kappa, ref.kappa, `${ref.name} kappa`);
    }
  });

  it('covers the cases that make metrics undefined', () => {
    const names = new Set(reference.classification.map((c) => c.name));
    const undefinedMakers = [
      'empty',
      'single label everywhere',
      'label never predicted',
      'label never expected but predicted',
      'label neither expected nor predicted',
      'all unparsed',
    ];
    for (const name of undefinedMakers) {
      assert.ok(names.has(name), name);
    }
    const nulls = reference.classification
      .flatMap((c) => Object.values(c.per_class))
      .filter((m) => m.precision === null || m.recall === null || m.f1 === null);
    assert.ok(nulls.length >= 10, 'the reference exercises null per-class values');
    assert.ok(reference.classification.some((c) => c.unparsed.some((u) => u > 0) && c.name.startsWith('random')));
  });

  it('hand-checked: never predicted → precision null but F1 0; absent label → left out of macro F1', () => {
    const report = classificationReport(['a', 'a', 'b', 'b'], ['a', 'a', 'a', 'a'], ['a', 'b', 'c']);
    assert.deepEqual(report.per_class.a, { precision: 0.5, recall: 1, f1: 2 / 3, support: 2, precision_ci95: wilsonInterval(2, 4), recall_ci95: wilsonInterval(2, 2) });
    assert.deepEqual(report.per_class.b, { precision: null, recall: 0, f1: 0, support: 2, precision_ci95: null, recall_ci95: wilsonInterval(0, 2) });
    assert.deepEqual(report.per_class.c, { precision: null, recall: null, f1: null, support: 0, precision_ci95: null, recall_ci95: null });
    assert.equal(report.macro_f1, (2 / 3 + 0) / 2); // c has no F1; it is not averaged in as 0
    assert.equal(report.weighted_f1, (2 / 3) * 0.5);
    assert.equal(report.accuracy, 0.5);
    assert.equal(report.kappa, 0); // always answering "a" agrees only by chance
  });

  it('hand-checked: unparsed predictions count as wrong for recall and accuracy and for no label’s precision', () => {
    const report = classificationReport(['a', 'a', 'b', 'b'], ['a', null, 'b', 'banana'], ['a', 'b']);
    assert.deepEqual(report.matrix, [
      [1, 0],
      [0, 1],
    ]);
    assert.deepEqual(report.unparsed, [1, 1]);
    assert.deepEqual(report.per_class.a, { precision: 1, recall: 0.5, f1: 2 / 3, support: 2, precision_ci95: wilsonInterval(1, 1), recall_ci95: wilsonInterval(1, 2) });
    assert.equal(report.accuracy, 0.5);
    // Observed agreement 1/2; chance agreement (2·1 + 2·1)/16 = 1/4; kappa = (1/2 − 1/4)/(3/4) = 1/3.
    assertClose(report.kappa, 1 / 3, 'kappa');
  });

  it('reports null, never NaN, for empty input and for kappa with one label everywhere', () => {
    const empty = classificationReport([], [], ['a', 'b']);
    assert.deepEqual(empty.per_class.a, { precision: null, recall: null, f1: null, support: 0, precision_ci95: null, recall_ci95: null });
    assert.equal(empty.accuracy, null);
    assert.equal(empty.macro_f1, null);
    assert.equal(empty.weighted_f1, null);
    assert.equal(empty.kappa, null);
    const single = classificationReport(['a', 'a', 'a'], ['a', 'a', 'a'], ['a', 'b']);
    assert.equal(single.kappa, null);
    assert.equal(single.accuracy, 1);
    assert.equal(single.macro_f1, 1);
    assert.ok(!JSON.stringify(single).includes('NaN'));
  });

  it('keeps labels that are Object.prototype keys as ordinary entries', () => {
    const labels = ['__proto__', 'constructor'];
    const report = classificationReport(labels, labels, labels);
    assert.deepEqual(Object.keys(report.per_class), ['__proto__', 'constructor']);
    assert.equal(Object.getPrototypeOf(report.per_class), Object.prototype);
    assert.deepEqual(JSON.parse(JSON.stringify(report)).per_class.__proto__.support, 1);
  });

  it('reportFromConfusion and cohenKappa agree with classificationReport', () => {
    const ref = reference.classification.find((c) => c.name.startsWith('random seed 3 '));
    assert.ok(ref);
    const confusion = confusionMatrix(ref.expected, ref.predicted, ref.labels);
    assert.deepEqual(reportFromConfusion(confusion), classificationReport(ref.expected, ref.predicted, ref.labels));
    assertClose(cohenKappa(confusion), ref.kappa, 'kappa');
  });

  it('kappa is 1 for perfect agreement and −1 for perfect binary disagreement with balanced marginals', () => {
    assert.equal(classificationReport(['x', 'y', 'x', 'y'], ['x', 'y', 'x', 'y'], ['x', 'y']).kappa, 1);
    assert.equal(classificationReport(['x', 'y', 'x', 'y'], ['y', 'x', 'y', 'x'], ['x', 'y']).kappa, -1);
  });
});
