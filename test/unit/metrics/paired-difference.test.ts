// The run comparison's numbers against test/reference/paired-reference.json (statsmodels' exact McNemar, Newcombe's
// paired interval built on statsmodels' Wilson interval, Connor's McNemar sample size solved with scipy).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { detectableDifference, mcnemarExact, newcombePairedInterval, pairedDifference } from '../../../src/core/metrics/index.js';

interface PairedReference {
  z_80: number;
  tables: Array<{
    table: { both_passed: number; b: number; c: number; both_failed: number };
    n: number;
    mcnemar_p: number;
    difference: number;
    difference_ci95: [number, number];
    detectable_difference: number | null;
  }>;
}

const reference = JSON.parse(readFileSync(new URL('../../reference/paired-reference.json', import.meta.url), 'utf8')) as PairedReference;

const close = (actual: number | null | undefined, expected: number | null, what: string, tolerance: number) => {
  if (expected === null) return assert.equal(actual, null, what);
  assert.ok(typeof actual === 'number' && Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected}`);
};

describe('paired difference, its interval and the detectable difference', () => {
  for (const row of reference.tables) {
    const { both_passed: bothPassed, b, c, both_failed: bothFailed } = row.table;
    const counts = { bothPassed, b, c, bothFailed };
    const label = `a=${bothPassed} b=${b} c=${c} d=${bothFailed}`;
    it(`matches the Python reference for ${label}`, () => {
      close(mcnemarExact(b, c).pValue, row.mcnemar_p, `${label} McNemar p`, 1e-12);
      close(pairedDifference(counts), row.difference, `${label} difference`, 1e-15);
      const ci = newcombePairedInterval(counts);
      close(ci?.[0], row.difference_ci95[0], `${label} lower`, 1e-9);
      close(ci?.[1], row.difference_ci95[1], `${label} upper`, 1e-9);
      close(detectableDifference(row.n, b + c), row.detectable_difference, `${label} detectable`, 1e-9);
    });
  }

  it('uses the z of 80% power the reference uses', async () => {
    const { Z_80 } = await import('../../../src/core/metrics/index.js');
    close(Z_80, reference.z_80, 'z_80', 1e-15);
  });

  it('the interval holds the difference and is mirrored when the runs swap', () => {
    const ci = newcombePairedInterval({ bothPassed: 40, b: 10, c: 2, bothFailed: 8 })!;
    const swapped = newcombePairedInterval({ bothPassed: 40, b: 2, c: 10, bothFailed: 8 })!;
    assert.ok(ci[0] < -8 / 60 && -8 / 60 < ci[1]);
    close(swapped[0], -ci[1], 'mirrored lower', 1e-15);
    close(swapped[1], -ci[0], 'mirrored upper', 1e-15);
  });

  it('has nothing to say without cases or flips', () => {
    assert.equal(pairedDifference({ bothPassed: 0, b: 0, c: 0, bothFailed: 0 }), null);
    assert.equal(newcombePairedInterval({ bothPassed: 0, b: 0, c: 0, bothFailed: 0 }), null);
    assert.equal(detectableDifference(50, 0), null);
    assert.equal(detectableDifference(0, 0), null);
    assert.throws(() => detectableDifference(3, 4), RangeError);
  });

  it('a larger sample detects a smaller difference at the same discordance', () => {
    const small = detectableDifference(100, 20)!;
    const large = detectableDifference(400, 80)!;
    assert.ok(large < small);
  });
});
