import assert from 'node:assert/strict';
import {
  formatCountDelta,
  formatDuration,
  formatGateActual,
  formatGateInterval,
  formatGateSummary,
  formatGateTarget,
  gateFailureMessage,
  gateNote,
  isUndecided,
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

  it('formats a gate\'s interval, its summary sentence and the undecided note', () => {
    const decided = { name: 'kappa', direction: 'min', target: 0.3, actual: 0.395, observed: 0.587, ci95: [0.395, 0.779], decided: true, n: 34, passed: true } as const;
    assert.equal(formatGateInterval({ ...decided, ci95: [-0.25, 0.1] }), '-0.250–0.100');
    assert.equal(formatGateInterval({ ...decided, ci95: null }), 'n/a');
    assert.equal(formatGateInterval({ name: 'latency_p95_ms', direction: 'max', target: 2500, actual: 1900, passed: true }), '', 'a value gate has no interval');
    assert.equal(formatGateSummary({ ...decided, ci95: [0.395, 0.779] }, { n: true }), '0.395 (lower bound; observed 0.587; 95% CI 0.395–0.779; target ≥ 0.300; n=34)');
    assert.equal(gateNote({ ...decided, ci95: [0.395, 0.779] }), null);
    assert.equal(isUndecided({ ...decided, ci95: [0.395, 0.779] }), false);
    const open = { name: 'per_tag.adversarial', direction: 'min', target: 0.85, actual: 0.85, ci95: [0.6396, 0.9476], decided: false, n: 20, passed: true } as const;
    assert.equal(isUndecided({ ...open, ci95: [0.6396, 0.9476] }), true);
    // The engine writes the note; a hand-edited file without one gets it rebuilt from the interval.
    assert.equal(gateNote({ ...open, ci95: [0.6396, 0.9476] }), 'not decided by this sample (95% CI 0.640–0.948 straddles 0.850)');
    assert.equal(gateNote({ ...open, ci95: [0.6396, 0.9476], note: 'as written' }), 'as written');
    assert.equal(formatGateSummary({ ...open, ci95: [0.6396, 0.9476] }), '0.850 (target ≥ 0.850); not decided by this sample (95% CI 0.640–0.948 straddles 0.850)');
    assert.equal(gateFailureMessage({ name: 'pass_rate', direction: 'min', target: 0.85, actual: 0.73, ci95: [0.5702, 0.846], decided: true, n: 37, passed: false, reason: 'the pass rate is 0.73 (n=37), below 0.85' }), 'the pass rate is 0.73 (n=37), below 0.85 (95% CI 0.570–0.846)');
    assert.equal(gateFailureMessage({ name: 'max_errors', direction: 'max', target: 1, actual: 2, passed: false, reason: 'the number of errored cases is 2, above 1' }), 'the number of errored cases is 2, above 1');
  });

  it('says expected versus predicted, with "no label" for an unparsed output', () => {
    assert.equal(expectedVsPredicted({ expected: 'refuse', predicted: 'answer', status: 'fail' }), 'expected refuse, predicted answer');
    assert.equal(expectedVsPredicted({ expected: 'refuse', predicted: null, status: 'fail' }), 'expected refuse, predicted no label');
    assert.equal(expectedVsPredicted({ expected: 'refuse', status: 'error' }), 'expected refuse');
    assert.equal(expectedVsPredicted({ status: 'fail' }), null);
  });
});
