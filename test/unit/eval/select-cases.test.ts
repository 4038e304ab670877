// Which cases a run covers: the whole spec (a fresh list of the same cases), a --tag, --case or --shard
// selection (in spec order), and the problems of a selection that names what the spec lacks.
import assert from 'node:assert/strict';
import { selectCases, selectionProblems } from '../../../src/core/eval/select-cases.js';
import type { Case } from '../../../src/core/spec/types.js';

const cases = Array.from({ length: 10 }, (_, i) => ({ id: `c${i}`, tags: i % 3 === 0 ? ['edge'] : i % 3 === 1 ? ['core', 'edge'] : [] }) as unknown as Case);

describe('selectCases', () => {
  it('selects every case of the whole spec, in a list of its own', () => {
    for (const selection of [{}, { tags: [] }, { caseIds: [] }]) {
      const all = selectCases(cases, selection);
      assert.deepEqual(all, cases);
      assert.notEqual(all, cases);
    }
  });

  it('selects by tag, id and shard, together, in spec order', () => {
    const ids = (selection: Parameters<typeof selectCases>[1]) => selectCases(cases, selection).map((c) => c.id);
    assert.deepEqual(ids({ tags: ['core'] }), ['c1', 'c4', 'c7']);
    assert.deepEqual(ids({ caseIds: ['c5', 'c2'] }), ['c2', 'c5']);
    assert.deepEqual(ids({ shard: { index: 2, count: 4 } }), ['c1', 'c5', 'c9']);
    assert.deepEqual(ids({ tags: ['edge'], shard: { index: 1, count: 2 } }), ['c0', 'c4', 'c6']);
  });

  it('names a tag no case carries, with the closest one', () => {
    assert.deepEqual(selectionProblems(cases, { tags: ['edg'] }), ['no case is tagged "edg" (did you mean "edge"?)']);
    assert.deepEqual(selectionProblems(cases, { tags: ['core', 'edge'] }), []);
  });
});
