import assert from 'node:assert/strict';
import { minCasesForGate, wilsonInterval, wilsonLowerBound, Z_95 } from '../../../src/core/metrics/index.js';
import { assertClose, reference } from './reference.js';

describe('wilsonInterval', () => {
  it(`equals statsmodels proportion_confint(method='wilson') on ${reference.wilson.length} reference cases`, () => {
    assert.ok(reference.wilson.length > 100);
    for (const { successes, n, z, interval } of reference.wilson) {
      const actual = wilsonInterval(successes, n, z);
      const what = `${successes}/${n} at z=${z}`;
      if (interval === null) {
        assert.equal(actual, null, what);
        continue;
      }
      assert.ok(actual, what);
      assertClose(actual[0], interval[0], `${what} lower`);
      assertClose(actual[1], interval[1], `${what} upper`);
    }
  });

  it('defaults to the contract z = 1.959964', () => {
    assert.equal(Z_95, 1.959964);
    assert.deepEqual(wilsonInterval(7, 20), wilsonInterval(7, 20, 1.959964));
    assert.notDeepEqual(wilsonInterval(7, 20), wilsonInterval(7, 20, 1.96));
  });

  it('matches hand-computed bounds: 0/10 is [0, z²/(10+z²)] and 10/10 is [10/(10+z²), 1]', () => {
    const z2 = Z_95 * Z_95;
    const none = wilsonInterval(0, 10);
    const all = wilsonInterval(10, 10);
    assert.ok(none && all);
    assert.equal(none[0], 0);
    assertClose(none[1], z2 / (10 + z2), '0/10 upper');
    assertClose(none[1], 0.277532803, '0/10 upper (literal)', 1e-9);
    assertClose(all[0], 10 / (10 + z2), '10/10 lower');
    assert.equal(all[1], 1);
    const half = wilsonInterval(5, 10);
    assert.ok(half);
    assertClose(half[0] + half[1], 1, '5/10 is symmetric about 1/2');
  });

  it('stays within [0, 1] at the extremes', () => {
    for (const n of [1, 2, 3, 7, 10, 99, 1000, 123457]) {
      for (const k of [0, n]) {
        const interval = wilsonInterval(k, n);
        assert.ok(interval);
        assert.ok(interval[0] >= 0 && interval[1] <= 1, `${k}/${n}: ${interval.join(', ')}`);
      }
    }
  });

  it('returns null for n = 0 and rejects impossible counts', () => {
    assert.equal(wilsonInterval(0, 0), null);
    assert.equal(wilsonLowerBound(0, 0), null);
    assert.throws(() => wilsonInterval(11, 10), RangeError);
    assert.throws(() => wilsonInterval(-1, 10), RangeError);
    assert.throws(() => wilsonInterval(1.5, 10), RangeError);
    assert.throws(() => wilsonInterval(1, Number.NaN), RangeError);
    assert.throws(() => wilsonInterval(1, 10, 0), RangeError);
  });

  it('wilsonLowerBound is the lower end of the interval', () => {
    assert.equal(wilsonLowerBound(17, 20), wilsonInterval(17, 20)?.[0]);
  });
});

describe('minCasesForGate', () => {
  it(`equals a brute-force search over statsmodels bounds on ${reference.minCasesForGate.length} gates`, () => {
    assert.ok(reference.minCasesForGate.length > 20);
    for (const { gate, z, n } of reference.minCasesForGate) {
      assert.equal(minCasesForGate(gate, z), n, `gate ${gate} at z=${z}`);
    }
  });

  it('is exactly the point where an all-pass run starts clearing the gate', () => {
    for (const gate of [0.5, 0.8, 0.9, 0.95, 0.99]) {
      const n = minCasesForGate(gate);
      assert.ok(n !== null && n > 1);
      assert.ok((wilsonLowerBound(n, n) as number) >= gate, `n=${n} clears ${gate}`);
      assert.ok((wilsonLowerBound(n - 1, n - 1) as number) < gate, `n=${n - 1} does not clear ${gate}`);
    }
  });

  it('matches the closed form ⌈g·z²/(1−g)⌉ for hand-checkable gates', () => {
    // 0.9 · 3.8414588 / 0.1 = 34.57 → 35; 0.95 · 3.8414588 / 0.05 = 72.99 → 73.
    assert.equal(minCasesForGate(0.9), 35);
    assert.equal(minCasesForGate(0.95), 73);
    assert.equal(minCasesForGate(0.5), 4);
  });

  it('needs one case for gate 0, can never reach gate 1, and rejects gates outside [0, 1]', () => {
    assert.equal(minCasesForGate(0), 1);
    assert.equal(minCasesForGate(1), null);
    assert.throws(() => minCasesForGate(1.1), RangeError);
    assert.throws(() => minCasesForGate(-0.1), RangeError);
    assert.throws(() => minCasesForGate(Number.NaN), RangeError);
  });
});
