// Merging shards' judge calibrations: pairs counted once (an example is graded by every shard), disagreements
// kept with their pair, and no figure made up when a shard cannot supply its pairs.
import assert from 'node:assert/strict';
import { mergeJudgeAgreement } from '../../../src/core/eval/merge-judge-agreement.js';
import type { JudgeAgreement, JudgePair } from '../../../src/shared/results.js';

const example: JudgePair = { id: 'ex', item: 'example', source: 'example', rater: 'spec', human: false, judge: true, order: 0 };
const c1: JudgePair = { id: 'c1', item: 'case', source: 'human_labels', criterion: 'kind', rater: 'ana', human: true, judge: true, order: 2 };
const c2: JudgePair = { id: 'c2', item: 'case', source: 'human_labels', rater: 'ben', human: false, judge: false, order: 1 };

function part(pairs: JudgePair[] | undefined): JudgeAgreement {
  const agreement: JudgeAgreement = {
    overall: { n: 0, agreement: null, agreement_ci95: null, kappa: null, kappa_ci95: null, matrix: [[0, 0], [0, 0]] },
    per_criterion: {},
    examples: { total: 2, gradeable: 1, graded: 1, errors: 0 },
    human_labels: { rows: 5, compared: 1 },
    alpha: 0.5,
    disagreements: [{ id: 'ex', item: 'example', rater: 'spec', input: 'i', output: 'o', human: false, judge: true, reason: 'lenient' }],
  };
  if (pairs) agreement.pairs = pairs;
  return agreement;
}

describe('mergeJudgeAgreement', () => {
  it('counts each pair once, in the unsharded order, from every shard', () => {
    const merged = mergeJudgeAgreement([part([example, c1]), part([example, c2])]);
    assert.ok(merged && 'agreement' in merged);
    const a = merged.agreement;
    assert.deepEqual(a.pairs, [example, c2, c1]);
    assert.deepEqual(a.overall.matrix, [[1, 0], [1, 1]]);
    assert.equal(a.overall.n, 3);
    assert.deepEqual(Object.keys(a.per_criterion), ['kind']);
    assert.equal(a.disagreements.length, 1, 'the example graded by both shards is one disagreement');
    assert.deepEqual(a.human_labels, { rows: 5, compared: 2 });
    assert.equal(a.alpha, 0.5);
  });

  it('says why when a shard has no calibration or no pairs, and nothing when none used the judge', () => {
    assert.equal(mergeJudgeAgreement([undefined, undefined]), undefined);
    assert.deepEqual(mergeJudgeAgreement([part([example]), undefined]), { absent: 'results file 2 has no judge calibration (it stopped before the judge was calibrated)' });
    const older = mergeJudgeAgreement([part(undefined), part([example])]);
    assert.ok(older && 'absent' in older);
    assert.match(older.absent, /^results file 1 was written without the judge's verdicts pair by pair/);
  });
});
