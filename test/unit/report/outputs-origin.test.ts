// Old outputs never read as a fresh run: the console header and the Markdown report say when outputs were
// resumed or reused, and how old they were when graded; a fresh run adds nothing.
import assert from 'node:assert/strict';
import { consoleSummary, markdownReport, outputsOriginLine } from '../../../src/core/index.js';
import type { RunResults } from '../../../src/shared/results.js';
import { loadResults } from './fixtures.js';

function withOutputs(outputs: RunResults['run']['outputs'], hits = 0): RunResults {
  const results = loadResults('binary');
  return { ...results, run: { ...results.run, started_at: '2026-12-01T13:00:00.000Z', cache: { ...results.run.cache, hits }, outputs } };
}

describe('where outputs came from, in the reports', () => {
  it('resumed: how many, and how long before this run the unfinished one started', () => {
    const results = withOutputs({ source: 'resumed', oldest_at: '2026-12-01T12:48:00.000Z' }, 107);
    const line = 'outputs: 107 resumed from an unfinished run started 12 min before this one';
    assert.equal(outputsOriginLine(results), line);
    assert.ok(consoleSummary(results, { color: false, width: 120 }).includes(line));
    assert.ok(markdownReport(results).includes(line));
  });

  it('reused: which run, how old, and that no target was called', () => {
    const results = withOutputs({ source: 'reused', from_run: '2026-12-01T10-00-00-000Z', oldest_at: '2026-12-01T10:00:00.000Z' });
    assert.equal(outputsOriginLine(results), 'outputs reused from run 2026-12-01T10-00-00-000Z (3 h old): re-graded, no target call');
    assert.ok(consoleSummary(results, { color: false, width: 120 }).includes('(3 h old): re-graded, no target call'));
  });

  it('fresh, or a run written before it was recorded: nothing is added', () => {
    assert.equal(outputsOriginLine(withOutputs({ source: 'fresh' })), undefined);
    assert.equal(outputsOriginLine(withOutputs(undefined)), undefined);
    assert.equal(consoleSummary(withOutputs({ source: 'fresh' }), { color: false, width: 120 }), consoleSummary(withOutputs(undefined), { color: false, width: 120 }));
  });
});
