import assert from 'node:assert/strict';
import { percentile, percentiles } from '../../../src/core/metrics/index.js';
import { assertClose, reference } from './reference.js';

describe('percentile', () => {
  const count = reference.percentile.reduce((sum, sample) => sum + sample.ps.length, 0);
  it(`equals numpy.percentile (linear) on ${count} sample × percentile pairs`, () => {
    for (const { name, values, ps, expected } of reference.percentile) {
      ps.forEach((p, i) => assertClose(percentile(values, p), expected[i] as number | null, `${name} p${p}`));
      assert.deepEqual(
        percentiles(values, ps).map((v) => v === null),
        expected.map((v) => v === null),
        name,
      );
    }
  });

  it('hand-checked: median, quartile interpolation, max, single value', () => {
    assert.equal(percentile([3, 1, 2, 4], 50), 2.5);
    assert.equal(percentile([10, 20, 30, 40, 50], 25), 20);
    assert.equal(percentile([10, 20, 30, 40], 95), 38.5); // index 0.95·3 = 2.85 → 30 + 0.85·10
    assert.equal(percentile([5, 100, 7], 100), 100);
    assert.equal(percentile([5, 100, 7], 0), 5);
    assert.equal(percentile([42], 95), 42);
  });

  it('sorts numerically, not as strings', () => {
    assert.equal(percentile([9, 10, 100], 50), 10);
  });

  it('is null for an empty sample and rejects bad input', () => {
    assert.equal(percentile([], 50), null);
    assert.deepEqual(percentiles([], [50, 95]), [null, null]);
    assert.throws(() => percentile([1, 2], 101), RangeError);
    assert.throws(() => percentile([1, 2], -1), RangeError);
    assert.throws(() => percentile([1, Number.NaN], 50), RangeError);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    assert.deepEqual(values, [3, 1, 2]);
  });
});
