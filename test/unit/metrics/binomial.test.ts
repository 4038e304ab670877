import assert from 'node:assert/strict';
import {
  binomialHalfLowerTail,
  binomialPmf,
  halfLowerTailBySaddlePoint,
  halfLowerTailExact,
  stirlingError,
} from '../../../src/core/metrics/binomial.js';
import { assertRelativelyClose, reference } from './reference.js';

describe('binomial tails', () => {
  it(`binomialPmf equals scipy binom.pmf to 1e-12 relative on ${reference.binomialPmf.length} cases`, () => {
    for (const { k, n, p, pmf } of reference.binomialPmf) {
      assertRelativelyClose(binomialPmf(k, n, p), pmf, `pmf(${k}; ${n}, ${p})`, 1e-12);
    }
  });

  it(`stirlingError equals 50-digit decimal values to 2e-16 absolute at ${reference.stirlingError.length} n`, () => {
    // It enters the exponent of every saddle-point probability, so its absolute error is what matters.
    for (const { n, value } of reference.stirlingError) {
      const error = Math.abs(stirlingError(n) - value);
      assert.ok(error <= 2e-16, `stirlerr(${n}) = ${stirlingError(n)}, reference ${value}, error ${error}`);
    }
  });

  it('the exact tail is exact for hand-checkable sizes', () => {
    assert.equal(halfLowerTailExact(0, 1), 0.5);
    assert.equal(halfLowerTailExact(1, 10), 11 / 1024);
    assert.equal(halfLowerTailExact(2, 4), 11 / 16);
    assert.equal(halfLowerTailExact(0, 1000), 2 ** -1000);
    assert.equal(halfLowerTailExact(-1, 5), 0);
    assert.equal(halfLowerTailExact(5, 5), 1);
    assert.throws(() => halfLowerTailExact(3, 1001), RangeError);
  });

  // The saddle-point error is about |ln P|·ε relative (the rounding of the exponent), so it grows into the
  // far tail but stays below ~3e-13 for any P a double can hold (|ln P| < 745).
  it('the saddle-point tail agrees with the exact one to 1e-12 relative across n ≤ 1000', () => {
    let worst = 0;
    for (let n = 1; n <= 1000; n += n < 60 ? 1 : 37) {
      const half = Math.floor(n / 2);
      for (const k of new Set([0, 1, 2, Math.floor(n / 10), Math.floor(n / 3), half - 1, half])) {
        if (k < 0 || k > n) continue;
        const exact = halfLowerTailExact(k, n);
        const approximate = halfLowerTailBySaddlePoint(k, n);
        worst = Math.max(worst, Math.abs(approximate - exact) / exact);
        assertRelativelyClose(approximate, exact, `P(X ≤ ${k}), n = ${n}`, 1e-12);
      }
    }
    assert.ok(worst > 0, 'the comparison is not vacuous: the methods differ in the last bits somewhere');
  });

  it('switches method above 1000 trials without a jump', () => {
    assert.equal(binomialHalfLowerTail(400, 1000), halfLowerTailExact(400, 1000));
    assert.equal(binomialHalfLowerTail(400, 1001), halfLowerTailBySaddlePoint(400, 1001));
    const ratio = binomialHalfLowerTail(450, 1001) / halfLowerTailBySaddlePoint(450, 1001);
    assert.equal(ratio, 1);
  });
});
