import assert from 'node:assert/strict';
import {
  formatCountDelta,
  formatDuration,
  formatGateActual,
  formatGateTarget,
  formatInteger,
  formatInterval,
  formatMs,
  formatMsDelta,
  formatPoints,
  formatPValue,
  formatRate,
  formatRateDelta,
  formatRateWithCi,
  formatUsd,
  formatUsdDelta,
  expectedVsPredicted,
} from '../../../src/core/report/results-format.js';
import { wilsonInterval } from '../../../src/core/metrics/index.js';

describe('results-format', () => {
  it('shows a pass rate with its Wilson interval and n the way the issue spells it', () => {
    // 110 of 120: the example line, the interval from the metrics library.
    const ci = wilsonInterval(110, 120)!;
    assert.equal(formatRateWithCi(110 / 120, ci, 120), `0.917 (95% CI ${ci[0].toFixed(3)}–${ci[1].toFixed(3)}, n=120)`);
    assert.equal(formatRateWithCi(110 / 120, ci, 120), '0.917 (95% CI 0.853–0.954, n=120)');
    assert.equal(formatRateWithCi(null, null, 0), 'n/a (n=0)');
  });

  it('never prints NaN, Infinity or undefined: anything not a finite number is n/a', () => {
    for (const bad of [null, undefined, NaN, Infinity, -Infinity, '0.5', {}]) {
      for (const format of [formatRate, formatMs, formatUsd, formatInteger, formatPValue, formatPoints, formatRateDelta, formatMsDelta, formatUsdDelta, formatDuration, formatCountDelta]) {
        assert.equal(format(bad), 'n/a', `${format.name}(${String(bad)})`);
      }
    }
    assert.equal(formatInterval(null), 'n/a');
    assert.equal(formatInterval([NaN, 1] as unknown as [number, number]), 'n/a');
    assert.equal(formatRateWithCi(0.5, null, undefined), '0.500 (n=n/a)');
  });

  it('rounds rates to three decimals without a negative zero', () => {
    assert.equal(formatRate(0.91666), '0.917');
    assert.equal(formatRate(1), '1.000');
    assert.equal(formatRate(-0.00001), '0.000');
    assert.equal(formatRate(-0.125), '-0.125'); // kappa can be negative
  });

  it('formats dollars with the precision the amount needs', () => {
    assert.equal(formatUsd(0.00021), '$0.000210');
    assert.equal(formatUsd(0.0252), '$0.0252');
    assert.equal(formatUsd(8.4), '$8.40');
    assert.equal(formatUsd(1234.567), '$1,234.57');
    assert.equal(formatUsd(0), '$0.00');
    assert.equal(formatUsdDelta(-0.000027), '-$0.0000270');
  });

  it('formats latencies, durations, counts and changes', () => {
    assert.equal(formatMs(1820.4), '1,820 ms');
    assert.equal(formatMs(0.42), '0.4 ms');
    assert.equal(formatDuration(850), '850 ms');
    assert.equal(formatDuration(4200), '4.2 s');
    assert.equal(formatDuration(125_000), '2 min 05 s');
    assert.equal(formatDuration(3_720_000), '1 h 02 min');
    assert.equal(formatInteger(1234567), '1,234,567');
    assert.equal(formatPoints(-0.042), '-4.2 pts');
    assert.equal(formatPoints(0.0001), '0.0 pts');
    assert.equal(formatRateDelta(0.0312), '+0.031');
    assert.equal(formatMsDelta(762.7), '+763 ms');
    assert.equal(formatCountDelta(1), '+1');
    assert.equal(formatCountDelta(0), '0');
  });

  it('gives p-values two significant digits', () => {
    assert.equal(formatPValue(0.0390625), '0.039');
    assert.equal(formatPValue(0.4531), '0.45');
    assert.equal(formatPValue(1), '1');
    assert.equal(formatPValue(0.00049), '< 0.001');
  });

  it('formats gate targets and actuals in the gate unit, with the observed value under a lower bound', () => {
    assert.equal(formatGateTarget({ name: 'latency_p95_ms', direction: 'max', target: 2500, actual: 1900.2, passed: true }), '≤ 2,500 ms');
    assert.equal(formatGateTarget({ name: 'cost_per_case_usd', direction: 'max', target: 0.0003, actual: 0, passed: true }), '≤ $0.000300');
    assert.equal(formatGateTarget({ name: 'max_errors', direction: 'max', target: 1, actual: 2, passed: false }), '≤ 1');
    assert.equal(formatGateActual({ name: 'pass_rate', direction: 'min', target: 0.9, actual: 0.8611, observed: 0.9167, passed: false }), '0.861 (lower bound; observed 0.917)');
    assert.equal(formatGateActual({ name: 'recall.abuse', direction: 'min', target: 0.8, actual: null, passed: false }), 'n/a');
  });

  it('says expected versus predicted, with "no label" for an unparsed output', () => {
    assert.equal(expectedVsPredicted({ expected: 'refuse', predicted: 'answer', status: 'fail' }), 'expected refuse, predicted answer');
    assert.equal(expectedVsPredicted({ expected: 'refuse', predicted: null, status: 'fail' }), 'expected refuse, predicted no label');
    assert.equal(expectedVsPredicted({ expected: 'refuse', status: 'error' }), 'expected refuse');
    assert.equal(expectedVsPredicted({ status: 'fail' }), null);
  });
});
