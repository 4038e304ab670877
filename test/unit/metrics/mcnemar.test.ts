import assert from 'node:assert/strict';
import { mcnemarExact } from '../../../src/core/metrics/index.js';
import { assertRelativelyClose, reference } from './reference.js';

describe('mcnemarExact', () => {
  it(`equals statsmodels mcnemar(exact=True) to 1e-12 relative on ${reference.mcnemar.length} cases`, () => {
    assert.ok(reference.mcnemar.some((c) => c.b + c.c > 100_000));
    assert.ok(reference.mcnemar.some((c) => c.pValue < 1e-200));
    for (const { b, c, statistic, pValue } of reference.mcnemar) {
      const result = mcnemarExact(b, c);
      assert.equal(result.statistic, statistic, `b=${b} c=${c}`);
      assertRelativelyClose(result.pValue, pValue, `b=${b} c=${c} p-value`, 1e-12);
    }
  });

  it('returns the counts it was given', () => {
    assert.deepEqual(mcnemarExact(3, 12), { b: 3, c: 12, discordant: 15, statistic: 3, pValue: 0.03515625 });
  });

  it('hand-checked: p = 2·Σ_{k≤min} C(n,k)/2ⁿ', () => {
    assert.equal(mcnemarExact(1, 9).pValue, (2 * (1 + 10)) / 1024); // 0.021484375
    assert.equal(mcnemarExact(0, 5).pValue, 2 / 32);
    assert.equal(mcnemarExact(5, 0).pValue, 2 / 32);
    assert.equal(mcnemarExact(0, 1000).pValue, 2 ** -999);
  });

  it('is 1 with no discordant cases and when b = c', () => {
    assert.equal(mcnemarExact(0, 0).pValue, 1);
    assert.equal(mcnemarExact(7, 7).pValue, 1);
    assert.equal(mcnemarExact(0, 1).pValue, 1);
  });

  it('is symmetric in b and c and rejects non-counts', () => {
    assert.equal(mcnemarExact(40, 60).pValue, mcnemarExact(60, 40).pValue);
    assert.throws(() => mcnemarExact(-1, 3), RangeError);
    assert.throws(() => mcnemarExact(1.5, 3), RangeError);
  });
});
