import assert from 'node:assert/strict';
import { passRate, wilsonInterval } from '../../../src/core/metrics/index.js';

describe('passRate', () => {
  it('is passed / (passed + failed) with the Wilson interval of that proportion', () => {
    const result = passRate(18, 2);
    assert.equal(result.n, 20);
    assert.equal(result.rate, 0.9);
    assert.deepEqual(result.ci, wilsonInterval(18, 20));
    assert.deepEqual({ passed: result.passed, failed: result.failed }, { passed: 18, failed: 2 });
  });

  it('leaves errors out by construction: 18 passed, 2 failed, 5 errors is still 90%', () => {
    // The caller passes only passed and failed; an errored case has no verdict to count.
    assert.equal(passRate(18, 2).rate, 0.9);
  });

  it('is null (rate and interval) when no case has a verdict', () => {
    assert.deepEqual(passRate(0, 0), { passed: 0, failed: 0, n: 0, rate: null, ci: null });
  });

  it('accepts another z and rejects bad counts', () => {
    assert.deepEqual(passRate(3, 1, 1).ci, wilsonInterval(3, 4, 1));
    assert.throws(() => passRate(-1, 2), RangeError);
    assert.throws(() => passRate(1.5, 2), RangeError);
  });
});
