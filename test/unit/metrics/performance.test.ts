// Guards against accidental quadratic work: 100k cases must take milliseconds, not minutes. The bounds are
// generous (a quadratic loop over 100k cases would take far longer than any of them).
import assert from 'node:assert/strict';
import {
  bootstrapF1Intervals,
  classificationReport,
  mcnemarExact,
  percentile,
  precisionRecallCurve,
  rocAuc,
} from '../../../src/core/metrics/index.js';

const N = 100_000;
const labels = ['answer', 'refuse', 'clarify', 'escalate'];

function timed<T>(run: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = run();
  return { value, ms: performance.now() - start };
}

describe('metrics performance on 100k cases', () => {
  // A simple deterministic generator so the data is the same on every run.
  let seed = 12345;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const randomLabel = (): string => labels[Math.floor(next() * labels.length)] as string;
  const expected = Array.from({ length: N }, randomLabel);
  // 80% right; of the rest, half unparsed and half a random label.
  const predicted = expected.map((label) => (next() < 0.8 ? label : next() < 0.5 ? null : randomLabel()));
  const isPositive = expected.map((label) => label === 'refuse');
  const scores = isPositive.map((positive) => Math.round((next() + (positive ? 0.3 : 0)) * 1000) / 1000);

  it('classificationReport (confusion matrix included) in well under a second', () => {
    const { value, ms } = timed(() => classificationReport(expected, predicted, labels));
    assert.equal(value.per_class.answer?.support !== undefined, true);
    assert.equal(value.matrix.flat().reduce((a, b) => a + b, 0) + value.unparsed.reduce((a, b) => a + b, 0), N);
    assert.ok(ms < 1000, `${ms.toFixed(1)} ms`);
  });

  it('the F1 bootstrap (B = 2,000) on 100k cases in well under a second', () => {
    const report = classificationReport(expected, predicted, labels);
    const { value, ms } = timed(() => bootstrapF1Intervals(report));
    assert.ok(value.macro && value.macro[0] < report.macro_f1! && report.macro_f1! < value.macro[1]);
    assert.ok(ms < 1000, `${ms.toFixed(1)} ms`);
  });

  it('rocAuc, precisionRecallCurve and percentile in well under a second each', () => {
    const runs: (() => unknown)[] = [
      () => rocAuc(isPositive, scores),
      () => precisionRecallCurve(isPositive, scores),
      () => percentile(scores, 95),
    ];
    for (const run of runs) {
      const { ms } = timed(run);
      assert.ok(ms < 1000, `${ms.toFixed(1)} ms`);
    }
  });

  it('mcnemarExact with a million discordant cases', () => {
    const { value, ms } = timed(() => mcnemarExact(499_000, 501_000));
    assert.ok(value.pValue > 0 && value.pValue < 1);
    assert.ok(ms < 1000, `${ms.toFixed(1)} ms`);
  });
});
