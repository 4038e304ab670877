// Gate power against statsmodels: test/reference/gate-power-reference.json is written by
// test/reference/generate_gate_power_reference.py, which finds every number by brute force over statsmodels'
// Wilson interval, independently of the searches in src/core/metrics/gate-power.ts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { casesNeededAtRate, gatePower, minPassingCases } from '../../../src/core/metrics/gate-power.js';
import { wilsonInterval, wilsonIntervalAtRate } from '../../../src/core/metrics/wilson.js';
import { assertClose } from './reference.js';

interface GatePowerReference {
  minPassing: { n: number; gate: number; z: number; k: number | null }[];
  casesNeeded: { rate: number; gate: number; z: number; n: number | null }[];
  intervalAtRate: { rate: number; n: number; z: number; interval: [number, number] }[];
}

const reference = JSON.parse(readFileSync(new URL('../../reference/gate-power-reference.json', import.meta.url), 'utf8')) as GatePowerReference;

describe('gate power', () => {
  it('finds the fewest passing cases whose Wilson lower bound clears a gate, as statsmodels does', () => {
    assert.ok(reference.minPassing.length > 100);
    for (const { n, gate, z, k } of reference.minPassing) assert.equal(minPassingCases(n, gate, z), k, `n=${n} gate=${gate}`);
  });

  it('finds how many cases a lower bound needs at an observed rate, as a scan over statsmodels does', () => {
    assert.ok(reference.casesNeeded.length > 100);
    for (const { rate, gate, z, n } of reference.casesNeeded) assert.equal(casesNeededAtRate(rate, gate, z), n, `rate=${rate} gate=${gate}`);
  });

  it('gives the Wilson interval of a rate over n cases as statsmodels does for a fractional count', () => {
    for (const { rate, n, z, interval } of reference.intervalAtRate) {
      const ours = wilsonIntervalAtRate(rate, n, z);
      assert.ok(ours);
      assertClose(ours[0], interval[0], `lower rate=${rate} n=${n}`);
      assertClose(ours[1], interval[1], `upper rate=${rate} n=${n}`);
    }
  });

  it('agrees exactly with the interval of whole counts', () => {
    for (const n of [1, 7, 20, 333]) for (let k = 0; k <= n; k++) assert.deepEqual(wilsonIntervalAtRate(k / n, n), wilsonInterval(k, n));
    assert.equal(wilsonIntervalAtRate(0.5, 0), null);
  });

  it('puts the numbers of a gate together', () => {
    const power = gatePower(100, 0.85, 0.92);
    assert.equal(power.minPassing, minPassingCases(100, 0.85));
    assert.equal(power.minPassingPoint, 85);
    assert.equal(power.casesNeeded, 100);
    assert.deepEqual(power.intervalAtRate, wilsonIntervalAtRate(0.92, 100));
    // 20 cases cannot clear 0.85 at all: 20/20 has a lower bound of 20 / (20 + 1.96²) ≈ 0.839.
    const small = gatePower(20, 0.85);
    assert.equal(small.minPassing, null);
    assert.equal(small.minPassingPoint, 17);
    assert.equal(small.minCasesAllPassing, 22);
    assert.equal('casesNeeded' in small, false);
    // How finely 20 cases resolve 0.85: the interval of 17 of 20, the "not decided" example of docs/format.md.
    assert.deepEqual(small.intervalAtTarget, wilsonInterval(17, 20));
  });

  it('handles the edges: no cases, a gate of 0 or 1, an observed rate at the gate', () => {
    assert.equal(minPassingCases(0, 0.5), null);
    assert.equal(gatePower(0, 0.5).minPassingPoint, null);
    assert.equal(minPassingCases(10, 0), 0);
    assert.equal(casesNeededAtRate(0.5, 0), 1);
    assert.equal(casesNeededAtRate(1, 1), null);
    assert.equal(casesNeededAtRate(0.85, 0.85), null);
    // A rate one step of floating point above the gate would need more cases than can be counted exactly.
    assert.equal(casesNeededAtRate(0.85 + Number.EPSILON, 0.85), null);
    assert.equal(gatePower(3, 1).minCasesAllPassing, null);
    // Point gates compare k / n ≥ target exactly, floating point included (0.7 · 10 is not 7 in binary).
    assert.equal(gatePower(10, 0.7).minPassingPoint, 7);
    assert.equal(gatePower(3, 1 / 3).minPassingPoint, 1);
  });

  it('rejects rates outside [0, 1] and non-integer counts', () => {
    assert.throws(() => minPassingCases(1.5, 0.5), RangeError);
    assert.throws(() => casesNeededAtRate(1.2, 0.5), RangeError);
    assert.throws(() => gatePower(10, Number.NaN), RangeError);
  });
});
