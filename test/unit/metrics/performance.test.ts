// The metrics at 100k cases give correct answers. How fast they are is measured by `npm run bench:metrics`
// (bench/metrics.bench.ts), not here: a timed test is flaky on a loaded machine and proves nothing about speed.
import assert from 'node:assert/strict';
import {
  bootstrapF1Intervals,
  classificationReport,
  mcnemarExact,
  percentile,
  precisionRecallCurve,
  rocAuc,
} from '../../../src/core/metrics/index.js';
import { syntheticClassification } from '../../support/synthetic-classification.js';

const N = 100_000;
const labels = ['answer', 'refuse', 'clarify', 'escalate'];

describe('metrics on 100k cases', () => {
  const { expected, predicted, isPositive, scores } = syntheticClassification(N, labels, 'refuse');

  it('classificationReport counts every case once (confusion matrix and unparsed)', () => {
    const value = classificationReport(expected, predicted, labels);
    assert.equal(value.per_class.answer?.support !== undefined, true);
    assert.equal(value.matrix.flat().reduce((a, b) => a + b, 0) + value.unparsed.reduce((a, b) => a + b, 0), N);
  });

  it('the F1 bootstrap (B = 2,000) on 100k cases brackets the macro F1', () => {
    const report = classificationReport(expected, predicted, labels);
    const value = bootstrapF1Intervals(report);
    assert.ok(value.macro && value.macro[0] < report.macro_f1! && report.macro_f1! < value.macro[1]);
  });

  it('rocAuc, precisionRecallCurve and percentile agree with the data', () => {
    // Positives score 0.3 higher on average: the AUC is well above chance, below perfect.
    const auc = rocAuc(isPositive, scores)!;
    assert.ok(auc > 0.6 && auc < 1, `AUC ${auc}`);
    const positives = isPositive.filter(Boolean).length;
    const curve = precisionRecallCurve(isPositive, scores);
    assert.deepEqual([curve.positives, curve.negatives], [positives, N - positives]);
    // The lowest threshold takes every case as positive: all positives found.
    const lowest = curve.points.reduce((a, b) => (b.threshold < a.threshold ? b : a));
    assert.deepEqual([lowest.truePositives, lowest.falsePositives], [positives, N - positives]);
    const sorted = [...scores].sort((a, b) => a - b);
    const p95 = percentile(scores, 95)!;
    assert.ok(p95 >= sorted[94_998]! && p95 <= sorted[95_000]!, `p95 ${p95}`);
  });

  it('mcnemarExact with a million discordant cases: an even split is no evidence of a difference', () => {
    const value = mcnemarExact(499_000, 501_000);
    assert.ok(value.pValue > 0 && value.pValue < 1);
    assert.equal(mcnemarExact(500_000, 500_000).pValue, 1);
  });
});
