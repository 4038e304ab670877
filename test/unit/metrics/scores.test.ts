import assert from 'node:assert/strict';
import { precisionRecallAt, precisionRecallCurve, rocAuc, scoreThresholds } from '../../../src/core/metrics/index.js';
import { assertClose, reference } from './reference.js';

describe('rocAuc', () => {
  it(`equals sklearn roc_auc_score (ties included; one class → null) on ${reference.scored.length} cases`, () => {
    assert.ok(reference.scored.length > 30);
    assert.ok(reference.scored.some((c) => c.rocAuc === null));
    assert.ok(reference.scored.some((c) => new Set(c.scores).size < c.scores.length), 'ties are covered');
    for (const ref of reference.scored) {
      assertClose(rocAuc(ref.isPositive, ref.scores), ref.rocAuc, `${ref.name} AUC`);
    }
  });

  it('hand-checked: perfect 1, inverted 0, all tied ½, one tie across classes counts half', () => {
    assert.equal(rocAuc([false, false, true, true], [0.1, 0.2, 0.8, 0.9]), 1);
    assert.equal(rocAuc([true, true, false, false], [0.1, 0.2, 0.8, 0.9]), 0);
    assert.equal(rocAuc([true, false, true, false], [0.5, 0.5, 0.5, 0.5]), 0.5);
    // Pairs (pos, neg): (0.9, 0.1) win, (0.9, 0.5) win, (0.5, 0.1) win, (0.5, 0.5) tie → 3.5 / 4.
    assert.equal(rocAuc([true, true, false, false], [0.9, 0.5, 0.5, 0.1]), 0.875);
  });

  it('is null with only one class or no cases, and rejects NaN scores', () => {
    assert.equal(rocAuc([true, true], [0.1, 0.9]), null);
    assert.equal(rocAuc([false], [0.3]), null);
    assert.equal(rocAuc([], []), null);
    assert.throws(() => rocAuc([true, false], [0.1, Number.NaN]), RangeError);
    assert.throws(() => rocAuc([true, false], [0.1]), RangeError);
  });
});

describe('precisionRecallCurve', () => {
  it(`equals sklearn precision_recall_curve (minus its end point) on ${reference.scored.length} cases`, () => {
    for (const ref of reference.scored) {
      const { points, positives, negatives } = precisionRecallCurve(ref.isPositive, ref.scores);
      assert.equal(positives + negatives, ref.scores.length, ref.name);
      assert.deepEqual(points.map((p) => p.threshold), ref.curve.thresholds, `${ref.name} thresholds`);
      points.forEach((point, i) => {
        assertClose(point.precision, ref.curve.precision[i] as number, `${ref.name} precision @ ${point.threshold}`);
        assertClose(point.recall, ref.curve.recall[i] as number | null, `${ref.name} recall @ ${point.threshold}`);
      });
    }
  });

  it('hand-checked on sklearn’s docstring example', () => {
    const { points } = precisionRecallCurve([false, false, true, true], [0.1, 0.4, 0.35, 0.8]);
    assert.deepEqual(
      points.map((p) => [p.threshold, p.precision, p.recall, p.truePositives, p.falsePositives]),
      [
        [0.1, 0.5, 1, 2, 2],
        [0.35, 2 / 3, 1, 2, 1],
        [0.4, 0.5, 0.5, 1, 1],
        [0.8, 1, 0.5, 1, 0],
      ],
    );
  });

  it('has one point per distinct score, and null recall when there is no positive case', () => {
    const tied = precisionRecallCurve([true, false, true], [0.5, 0.5, 0.5]);
    assert.equal(tied.points.length, 1);
    assert.deepEqual(tied.points[0], {
      threshold: 0.5,
      truePositives: 2,
      falsePositives: 1,
      precision: 2 / 3,
      recall: 1,
    });
    const negativesOnly = precisionRecallCurve([false, false], [0.2, 0.7]);
    assert.deepEqual(negativesOnly.points.map((p) => [p.precision, p.recall]), [[0, null], [0, null]]);
    assert.deepEqual(precisionRecallCurve([], []).points, []);
  });
});

describe('precisionRecallAt', () => {
  it('equals sklearn precision_score / recall_score on scores ≥ threshold (0/0 → null)', () => {
    let compared = 0;
    for (const ref of reference.scored) {
      for (const expected of ref.at) {
        const actual = precisionRecallAt(ref.isPositive, ref.scores, expected.threshold);
        assertClose(actual.precision, expected.precision, `${ref.name} precision @ ${expected.threshold}`);
        assertClose(actual.recall, expected.recall, `${ref.name} recall @ ${expected.threshold}`);
        compared++;
      }
    }
    assert.ok(compared > 150);
  });

  it('agrees with the curve at every curve threshold', () => {
    const ref = reference.scored.find((c) => c.name.startsWith('random seed 5 '));
    assert.ok(ref);
    for (const point of precisionRecallCurve(ref.isPositive, ref.scores).points) {
      assert.deepEqual(precisionRecallAt(ref.isPositive, ref.scores, point.threshold), point);
    }
  });

  it('has null precision when nothing reaches the threshold', () => {
    assert.deepEqual(precisionRecallAt([true, false], [0.2, 0.4], 0.9), {
      threshold: 0.9,
      truePositives: 0,
      falsePositives: 0,
      precision: null,
      recall: 0,
    });
  });
});

describe('scoreThresholds', () => {
  it('groups tied scores into one step, highest score first', () => {
    assert.deepEqual(scoreThresholds([true, false, false, true], [0.3, 0.9, 0.3, 0.1]), {
      thresholds: [0.9, 0.3, 0.1],
      truePositives: [0, 1, 2],
      falsePositives: [1, 2, 2],
      positives: 2,
      negatives: 2,
    });
  });
});
