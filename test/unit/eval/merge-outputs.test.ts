// aispec merge says where the merged outputs came from: the least fresh shard's origin, the oldest time.
import assert from 'node:assert/strict';
import { mergeRuns } from '../../../src/core/eval/merge.js';
import type { OutputsOrigin, RunResults } from '../../../src/shared/results.js';

function shard(index: number, outputs?: OutputsOrigin): RunResults {
  return {
    format: 'aispec-results',
    version: 1,
    aispec_version: 't',
    spec: { id: 's', title: 'S', file: 's.aispec.md' },
    run: {
      id: `r${index}`,
      started_at: '2026-12-01T10:00:00.000Z',
      finished_at: '2026-12-01T10:01:00.000Z',
      duration_ms: 60_000,
      complete: true,
      unfinished: [],
      repeat: 1,
      concurrency: 1,
      shard: { index, count: 2 },
      target: { provider: 'recorded' },
      cache: { hits: 0, misses: 0, enabled: false },
      ...(outputs ? { outputs } : {}),
    },
    cases: [{ id: `c${index}`, status: 'pass', input: 'x', output: 'y', tags: [], reason: '', checks: [], criteria: [], anti_patterns: [], score: null, latency_ms: 1, usage: null, cost_usd: null, cached: false, file: 's.aispec.md', line: index }],
  } as unknown as RunResults;
}

describe('mergeRuns: where the outputs came from', () => {
  it('takes the least fresh origin and the oldest time of the shards', () => {
    const merged = mergeRuns([shard(1, { source: 'fresh' }), shard(2, { source: 'resumed', oldest_at: '2026-12-01T09:00:00.000Z' })]);
    assert.deepEqual(merged.run.outputs, { source: 'resumed', oldest_at: '2026-12-01T09:00:00.000Z' });
    const reused = mergeRuns([shard(1, { source: 'reused', from_run: 'a', oldest_at: '2026-11-30T00:00:00.000Z' }), shard(2, { source: 'resumed', oldest_at: '2026-12-01T09:00:00.000Z' })]);
    assert.deepEqual(reused.run.outputs, { source: 'reused', from_run: 'a', oldest_at: '2026-11-30T00:00:00.000Z' });
  });

  it('says nothing when no shard recorded it', () => {
    assert.equal(mergeRuns([shard(1), shard(2)]).run.outputs, undefined);
  });
});
