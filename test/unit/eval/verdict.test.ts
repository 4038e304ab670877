// The run's verdict, decided in one order for every host: incomplete, then partial, ungated, fail, pass.
import assert from 'node:assert/strict';
import { runVerdict, type VerdictInputs } from '../../../src/core/eval/verdict.js';
import { verdictView } from '../../../src/core/report/results-verdict.js';
import type { GateResult, RunResults } from '../../../src/shared/results.js';

const gate = (name: string, passed: boolean): GateResult => ({ name, direction: 'min', target: 0.9, actual: passed ? 0.95 : 0.5, passed });
const base: VerdictInputs = { complete: true, unfinished: 0, total: 10, errors: 0, maxErrors: 0, gated: true, gates: [gate('pass_rate', true)], subset: false };

describe('runVerdict', () => {
  it('passes only a complete, error-free run of the whole spec whose every gate passed', () => {
    assert.deepEqual(runVerdict(base), { verdict: 'pass', reason: 'the gate passed' });
    assert.deepEqual(runVerdict({ ...base, gates: [gate('a', true), gate('b', true)] }).reason, 'all 2 gates passed');
  });

  it('names the failed gates', () => {
    assert.deepEqual(runVerdict({ ...base, gates: [gate('pass_rate', false), gate('recall.abuse', false), gate('x', true)] }), {
      verdict: 'fail',
      reason: '2 of 3 gates failed: pass_rate, recall.abuse',
    });
  });

  it('a spec with no gates is ungated, never pass', () => {
    assert.equal(runVerdict({ ...base, gated: false, gates: [] }).verdict, 'ungated');
  });

  it('a subset is partial whatever its gates say', () => {
    assert.equal(runVerdict({ ...base, subset: true, gates: [gate('pass_rate', false)] }).verdict, 'partial');
    assert.equal(runVerdict({ ...base, subset: true, gated: false, gates: [] }).verdict, 'partial');
  });

  it('errors beyond max_errors (default 0) make the run incomplete, before gates, subset or ungated', () => {
    for (const extra of [{}, { subset: true }, { gated: false, gates: [] }, { gates: [gate('pass_rate', false)] }]) {
      assert.deepEqual(runVerdict({ ...base, ...extra, errors: 1 }), { verdict: 'incomplete', reason: '1 of 10 cases errored and were not graded; max_errors allows 0' });
    }
    assert.equal(runVerdict({ ...base, errors: 2, maxErrors: 2 }).verdict, 'pass');
    assert.equal(runVerdict({ ...base, errors: 3, maxErrors: 2 }).verdict, 'incomplete');
  });

  it('an unfinished run is incomplete first, with the circuit breaker\'s reason when it stopped the run', () => {
    assert.deepEqual(runVerdict({ ...base, complete: false, unfinished: 4, total: 6 }), { verdict: 'incomplete', reason: 'the run did not finish: 4 of 10 cases unfinished' });
    assert.equal(runVerdict({ ...base, complete: false, unfinished: 4, total: 6, stopped: { reason: 'cancelled', message: 'cancelled' } }).reason, 'the run did not finish (cancelled): 4 of 10 cases unfinished');
    const stopped = { reason: 'unreachable' as const, message: 'target unreachable: connection refused (55 of 60 cases not run)' };
    assert.equal(runVerdict({ ...base, complete: false, unfinished: 55, total: 5, stopped }).reason, stopped.message);
  });
});

describe('verdictView', () => {
  const results = (summary: Partial<RunResults['summary']>, run: Partial<RunResults['run']> = {}) => ({ summary: { gates: [], ...summary }, run }) as unknown as RunResults;

  it('reads the saved verdict and reason', () => {
    const view = verdictView(results({ verdict: 'fail', verdict_reason: '1 of 1 gate failed: pass_rate', gates: [gate('pass_rate', false)] }));
    assert.deepEqual([view.verdict, view.word, view.style.tone, view.style.markdownMark, view.reason], ['fail', 'FAIL', 'red', '❌', '1 of 1 gate failed: pass_rate']);
    assert.equal(verdictView(results({ verdict: 'ungated' })).word, 'NO GATES');
    assert.equal(verdictView(results({ verdict: 'partial' })).word, 'PARTIAL');
  });

  it('an older run that called "no gates" a pass is shown as NO GATES', () => {
    const view = verdictView(results({ verdict: 'pass', gates: [] }));
    assert.equal(view.verdict, 'ungated');
    assert.equal(view.reason, 'the spec has no gates: numbers, but no launch verdict');
  });

  it('a missing or unknown verdict (a hand-edited file) is never shown as a pass', () => {
    assert.equal(verdictView(results({ verdict: undefined })).verdict, 'incomplete');
    assert.equal(verdictView(results({ verdict: 'PASS!' as never })).verdict, 'incomplete');
  });

  it('falls back to a reason from the run when none was saved', () => {
    assert.equal(verdictView(results({ verdict: 'incomplete', total: 3 }, { unfinished: ['a', 'b'] })).reason, 'the run did not finish: 2 of 5 cases unfinished');
    assert.equal(verdictView(results({ verdict: 'fail', gates: [gate('recall.abuse', false), gate('pass_rate', true)] })).reason, '1 of 2 gates failed: recall.abuse');
  });
});
