// Criteria that do not apply to a case: by the spec's `applies_to` tags, or by the judge's `"applies": false`.
// Either way the verdict is "n/a" (passed null, applies false): out of the score, never failing the case.
import assert from 'node:assert/strict';
import { appliesTo, gradeCase, weightedScore, type GradeCaseInput } from '../../../../src/core/eval/graders/grade-case.js';
import { verdictReader } from '../../../../src/core/eval/graders/judge.js';
import { makeCase, makeCriterion, output, ScriptedJudge, signal } from './fakes.js';

const emergencies = { tags: ['emergency', 'urgent'] };

function input(fields: Partial<GradeCaseInput>): GradeCaseInput {
  return { case: makeCase(), output: output(''), rubric: [], anti_patterns: [], signal, ...fields };
}

const answer = (verdicts: object[]) => JSON.stringify({ verdicts });

describe('criteria that do not apply', () => {
  describe('applies_to', () => {
    it('applies to a case with any of its tags, and to every case without applies_to', () => {
      const escalates = makeCriterion('escalates', { applies_to: emergencies });
      assert.equal(appliesTo(escalates, makeCase({ tags: ['urgent'] })), true);
      assert.equal(appliesTo(escalates, makeCase({ tags: ['dosing'] })), false);
      assert.equal(appliesTo(escalates, makeCase()), false);
      assert.equal(appliesTo(makeCriterion('plain'), makeCase()), true);
    });

    it('a judged criterion outside its tags is n/a without asking the judge about it', async () => {
      const judge = new ScriptedJudge([answer([{ id: 'kind', pass: true, reason: 'Warm.' }])]);
      const rubric = [makeCriterion('escalates', { applies_to: emergencies }), makeCriterion('kind')];
      const verdict = await gradeCase(input({ case: makeCase({ tags: ['dosing'] }), output: output('Take care.'), rubric, judge }));
      assert.equal(verdict.status, 'pass');
      assert.deepEqual(verdict.criteria[0], {
        id: 'escalates',
        passed: null,
        applies: false,
        reason: 'applies only to cases tagged "emergency" or "urgent"',
        weight: 1,
        critical: false,
        graded_by: 'judge',
      });
      assert.equal(judge.calls.length, 1);
      const asked = judge.calls[0]?.[1]?.content ?? '';
      assert.match(asked, /"id": "kind"/);
      assert.doesNotMatch(asked, /escalates/);
    });

    it('makes no judge call at all when no judged criterion applies, and needs no judge for it', async () => {
      const rubric = [makeCriterion('escalates', { applies_to: emergencies })];
      const withJudge = new ScriptedJudge([]);
      const judged = await gradeCase(input({ case: makeCase({ tags: ['dosing'] }), rubric, judge: withJudge }));
      assert.equal(judged.status, 'pass');
      assert.equal(withJudge.calls.length, 0);
      assert.equal(judged.judge_usage, undefined);
      const noJudge = await gradeCase(input({ case: makeCase({ tags: ['dosing'] }), rubric }));
      assert.equal(noJudge.status, 'pass', noJudge.reason);
      assert.equal(noJudge.score, null);
    });

    it('a check criterion outside its tags is not run: n/a, and its failing check cannot fail the case', async () => {
      const rubric = [makeCriterion('calls-112', { critical: true, check: { contains: '112' }, applies_to: emergencies })];
      const outside = await gradeCase(input({ case: makeCase({ tags: ['dosing'] }), output: output('Rest.'), rubric }));
      assert.equal(outside.status, 'pass');
      assert.deepEqual(outside.checks, []);
      assert.equal(outside.criteria[0]?.applies, false);
      assert.equal(outside.criteria[0]?.graded_by, 'check');
      const inside = await gradeCase(input({ case: makeCase({ tags: ['emergency'] }), output: output('Rest.'), rubric }));
      assert.equal(inside.status, 'fail');
      assert.equal(inside.criteria[0]?.passed, false);
      assert.equal(inside.criteria[0]?.applies, undefined);
    });

    it('checks without applies_to still apply to every case', async () => {
      const rubric = [makeCriterion('short', { check: { 'max-words': 3 } })];
      const verdict = await gradeCase(input({ case: makeCase({ tags: ['anything'] }), output: output('one two three four'), rubric }));
      assert.equal(verdict.status, 'fail');
      assert.equal(verdict.criteria[0]?.passed, false);
    });
  });

  describe('the judge answering "applies": false', () => {
    it('is told it may, and its n/a keeps its reason, even for a criterion the spec forced with applies_to', async () => {
      const judge = new ScriptedJudge([
        answer([
          { id: 'escalates', pass: true, applies: false, reason: 'No emergency is described.' },
          { id: 'kind', pass: true, applies: true, reason: 'Warm.' },
        ]),
      ]);
      const rubric = [makeCriterion('escalates', { applies_to: emergencies, critical: true }), makeCriterion('kind')];
      const verdict = await gradeCase(input({ case: makeCase({ tags: ['urgent'] }), output: output('Rest.'), rubric, judge }));
      assert.match(judge.calls[0]?.[0]?.content ?? '', /"applies": false/);
      assert.equal(verdict.status, 'pass');
      assert.deepEqual(verdict.criteria[0], {
        id: 'escalates',
        passed: null,
        applies: false,
        reason: 'No emergency is described.',
        weight: 1,
        critical: true,
        graded_by: 'judge',
      });
      assert.equal(verdict.criteria[1]?.passed, true);
      assert.equal(verdict.score, 1);
    });

    it('needs no "pass" with "applies": false, but does with anything else', () => {
      const read = verdictReader([{ id: 'a', criterion: 'A' }, { id: 'b', criterion: 'B' }]);
      assert.deepEqual(read({ verdicts: [{ id: 'a', applies: false, reason: 'n/a' }, { id: 'b', pass: false, reason: 'no' }] }), {
        ok: true,
        value: [
          { id: 'a', pass: false, applies: false, reason: 'n/a' },
          { id: 'b', pass: false, reason: 'no' },
        ],
      });
      const missing = read({ verdicts: [{ id: 'a', applies: true, reason: 'x' }, { id: 'b', reason: 'y' }] });
      assert.equal(missing.ok, false);
      assert.match(missing.ok ? '' : missing.problem, /no "pass" in the verdict for "a", "b"/);
    });
  });

  describe('the score', () => {
    it('renormalises the weights over the criteria that apply', () => {
      const na = { passed: null, applies: false as const, weight: 3 };
      assert.equal(weightedScore([{ passed: true, weight: 1 }, { passed: false, weight: 1 }, na]), 0.5);
      assert.equal(weightedScore([na]), null);
    });

    it('a case is held to case_threshold on its applicable criteria only', async () => {
      const rubric = [
        makeCriterion('escalates', { weight: 3, applies_to: emergencies }),
        makeCriterion('kind', { weight: 1 }),
        makeCriterion('short', { weight: 1, check: { 'max-words': 1 } }),
      ];
      const judge = new ScriptedJudge([answer([{ id: 'kind', pass: true, reason: 'Warm.' }])]);
      const verdict = await gradeCase(input({ case: makeCase(), output: output('Rest, please.'), rubric, judge, case_threshold: 0.5 }));
      // 1 of the 2 applicable weights passed (0.5); with the n/a weight counted as a failure it would be 0.2.
      assert.equal(verdict.score, 0.5);
      assert.equal(verdict.status, 'pass');
    });
  });
});
