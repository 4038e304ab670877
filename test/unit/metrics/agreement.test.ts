// Judge calibration numbers against test/reference/agreement-reference.json: agreement and its Wilson
// interval (statsmodels), Cohen's kappa (scikit-learn's cohen_kappa_score, null where it gives NaN) and its
// asymptotic interval (statsmodels), and Krippendorff's nominal alpha from the published formula.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { binaryAgreement, krippendorffAlphaNominal } from '../../../src/core/metrics/index.js';

interface AgreementReference {
  agreement: Array<{
    name: string;
    pairs: [boolean, boolean][];
    n: number;
    agreement: number | null;
    agreement_ci95: [number, number] | null;
    kappa: number | null;
    kappa_ci95: [number, number] | null;
    matrix: [[number, number], [number, number]];
  }>;
  alpha: Array<{ name: string; units: (boolean | number)[][]; alpha: number | null }>;
}

const reference = JSON.parse(readFileSync(new URL('../../reference/agreement-reference.json', import.meta.url), 'utf8')) as AgreementReference;

function close(actual: number | null, expected: number | null, what: string, tolerance = 1e-9): void {
  if (actual === null || expected === null) return assert.equal(actual, expected, what);
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected}`);
}

function closeInterval(actual: [number, number] | null, expected: [number, number] | null, what: string): void {
  if (actual === null || expected === null) return assert.equal(actual, expected, what);
  close(actual[0], expected[0], `${what} lower`);
  close(actual[1], expected[1], `${what} upper`);
}

describe('judge agreement against scikit-learn and statsmodels', () => {
  for (const expected of reference.agreement) {
    it(expected.name, () => {
      const actual = binaryAgreement(expected.pairs);
      assert.equal(actual.n, expected.n);
      assert.deepEqual(actual.matrix, expected.matrix);
      close(actual.agreement, expected.agreement, 'agreement');
      closeInterval(actual.agreement_ci95, expected.agreement_ci95, 'agreement interval');
      close(actual.kappa, expected.kappa, 'kappa');
      closeInterval(actual.kappa_ci95, expected.kappa_ci95, 'kappa interval');
    });
  }

  it('has no numbers without pairs', () => {
    const none = binaryAgreement([]);
    assert.deepEqual([none.n, none.agreement, none.agreement_ci95, none.kappa], [0, null, null, null]);
  });
});

describe("Krippendorff's alpha (nominal) against the published formula", () => {
  for (const expected of reference.alpha) {
    it(expected.name, () => {
      close(krippendorffAlphaNominal(expected.units.map((unit) => unit.map((v) => (typeof v === 'number' ? String(v) : v)))), expected.alpha, 'alpha');
    });
  }
});
