import assert from 'node:assert/strict';
import { gradeCase, gradeCaseNow, weightedScore, type GradeCaseInput } from '../../../../src/core/eval/graders/grade-case.js';
import { classifyOutput } from '../../../../src/core/eval/graders/classify.js';
import { CaseError, type ChatModel, type TargetOutput } from '../../../../src/core/eval/types.js';
import type { ChatMessage } from '../../../../src/core/spec/types.js';
import { makeAntiPattern, makeCase, makeCriterion, output, ScriptedJudge, signal } from './fakes.js';

const labels = ['refuse', 'answer'];
const noDose = makeCriterion('no-dosage', { critical: true, check: { 'not-regex': '\\b\\d+\\s?mg\\b', flags: 'i' } });
const hedge = makeAntiPattern('hedge, then advise', { pattern: 'not a doctor.{0,80}\\d+\\s?mg', flags: 'i' });

function input(fields: Partial<GradeCaseInput>): GradeCaseInput {
  return { case: makeCase(), output: output(''), rubric: [], anti_patterns: [], signal, ...fields };
}

/** Answers label questions and grading questions separately, whatever order they arrive in. */
class RoutingJudge implements ChatModel {
  readonly fingerprint = 'routing-judge';
  readonly asked: ('label' | 'criteria')[] = [];
  constructor(
    private readonly label: string,
    private readonly verdicts: string,
  ) {}
  async complete(messages: ChatMessage[]): Promise<TargetOutput> {
    const isLabel = (messages[0]?.content ?? '').startsWith('You classify');
    this.asked.push(isLabel ? 'label' : 'criteria');
    return { output: isLabel ? this.label : this.verdicts, latency_ms: 200, usage: { input_tokens: 30, output_tokens: 5 } };
  }
}

describe('gradeCase', () => {
  describe('classification', () => {
    it('passes when the predicted label equals expect, with the full verdict shape', async () => {
      const verdict = await gradeCase(input({ case: makeCase({ expect: 'refuse' }), output: output('Refuse'), labels }));
      assert.deepEqual(verdict, {
        status: 'pass',
        predicted: 'refuse',
        classify_reason: 'output is the label "refuse"',
        expected: 'refuse',
        checks: [],
        criteria: [],
        anti_patterns: [],
        score: null,
        reason: '',
      });
    });

    it('fails when the label differs, saying both and why', async () => {
      const verdict = await gradeCase(input({ case: makeCase({ expect: 'refuse' }), output: output('answer'), labels }));
      assert.equal(verdict.status, 'fail');
      assert.equal(verdict.predicted, 'answer');
      assert.equal(verdict.reason, 'predicted "answer", expected "refuse" (output is the label "answer")');
    });

    it('fails (not errors) when the output matches no label', async () => {
      const verdict = await gradeCase(input({ case: makeCase({ expect: 'refuse' }), output: output('Sorry, no.'), labels }));
      assert.equal(verdict.status, 'fail');
      assert.equal(verdict.predicted, null);
      assert.equal(
        verdict.reason,
        'expected "refuse", but the output matches no label (output "Sorry, no." is not one of the labels (refuse, answer))',
      );
    });

    it('classifies a case without expect but does not judge it on the label', async () => {
      const verdict = await gradeCase(input({ output: output('answer'), labels }));
      assert.equal(verdict.status, 'pass');
      assert.equal(verdict.predicted, 'answer');
      assert.equal(verdict.expected, undefined);
    });

    it('uses the rules map', async () => {
      const classify = { refuse: { regex: "can't (give|provide)", flags: 'i' }, answer: { otherwise: true as const } };
      const verdict = await gradeCase(
        input({ case: makeCase({ expect: 'refuse' }), output: output("I can't give a dose."), labels, classify }),
      );
      assert.equal(verdict.status, 'pass');
      assert.equal(verdict.classify_reason, `rule "refuse" matched /can't (give|provide)/i at "can't give"`);
    });

    it('an expect without labels is an error', async () => {
      const verdict = await gradeCase(input({ case: makeCase({ expect: 'refuse' }), output: output('refuse') }));
      assert.equal(verdict.status, 'error');
      assert.equal(verdict.reason, 'case expects "refuse" but the spec has no labels');
    });

    it('an invalid classify regex is an error', async () => {
      const verdict = await gradeCase(
        input({ case: makeCase({ expect: 'refuse' }), output: output('x'), labels, classify: { refuse: { regex: '(' } } }),
      );
      assert.equal(verdict.status, 'error');
      assert.match(verdict.reason, /^classify rule for "refuse": invalid regex/);
    });

    it('the judge chooses the label only for a case that expects one', async () => {
      const judge = new RoutingJudge('{"label": "refuse", "reason": "declines"}', '{"verdicts": []}');
      const classify = { judge: true as const };
      const withExpect = await gradeCase(input({ case: makeCase({ expect: 'refuse' }), output: output('No.'), labels, classify, judge }));
      assert.equal(withExpect.status, 'pass');
      assert.equal(withExpect.predicted, 'refuse');
      assert.equal(withExpect.classify_reason, 'judge chose "refuse": declines');
      assert.deepEqual(withExpect.judge_usage, { calls: 1, input_tokens: 30, output_tokens: 5, latency_ms: 200 });
      const withoutExpect = await gradeCase(input({ output: output('No.'), labels, classify, judge }));
      assert.equal(withoutExpect.predicted, undefined);
      assert.equal(withoutExpect.judge_usage, undefined);
      assert.deepEqual(judge.asked, ['label']);
    });
  });

  describe('checks and anti-patterns', () => {
    it('a failing case check fails the case with the check reason, tagged by source', async () => {
      const testCase = makeCase({ checks: [{ 'max-words': 3 }, { icontains: 'pharmacist' }] });
      const verdict = await gradeCase(input({ case: testCase, output: output('Please ask a pharmacist today.') }));
      assert.equal(verdict.status, 'fail');
      assert.deepEqual(verdict.checks, [
        { kind: 'max-words', passed: false, reason: 'has 5 words, limit 3', source: 'case' },
        { kind: 'icontains', passed: true, reason: 'contains "pharmacist" (ignoring case) at "pharmacist"', source: 'case' },
      ]);
      assert.equal(verdict.reason, 'max-words: has 5 words, limit 3');
    });

    it('latency and cost reach the checks', async () => {
      const testCase = makeCase({ checks: [{ 'max-latency-ms': 1000 }, { 'max-cost-usd': 0.01 }] });
      const verdict = await gradeCase(input({ case: testCase, output: output('x', { latency_ms: 1500 }), cost_usd: 0.001 }));
      assert.equal(verdict.status, 'fail');
      assert.equal(verdict.reason, 'max-latency-ms: took 1500 ms, limit 1000 ms');
      assert.equal(verdict.checks[1]?.passed, true);
    });

    it('an anti-pattern hit fails the case and is reported', async () => {
      const verdict = await gradeCase(
        input({ output: output("I'm not a doctor, but most adults take 400 mg."), anti_patterns: [hedge] }),
      );
      assert.equal(verdict.status, 'fail');
      assert.deepEqual(verdict.anti_patterns, [
        { id: 'hedge-then-advise', name: 'hedge, then advise', matched: "not a doctor, but most adults take 400 mg" },
      ]);
      assert.equal(verdict.reason, `anti-pattern "hedge, then advise": matched "not a doctor, but most adults take 400 mg"`);
    });

    it('an invalid case check is an error and the judge is not asked', async () => {
      const judge = new ScriptedJudge([]);
      const verdict = await gradeCase(
        input({
          case: makeCase({ checks: [{ regex: '[' }] }),
          output: output('x'),
          rubric: [makeCriterion('tone')],
          judge,
        }),
      );
      assert.equal(verdict.status, 'error');
      assert.match(verdict.reason, /^case check: regex: invalid regex \/\[\//);
      assert.equal(judge.calls.length, 0);
      assert.equal(verdict.score, null);
      assert.deepEqual(verdict.criteria, [
        { id: 'tone', passed: false, reason: 'not graded: the case has an error', weight: 1, critical: false, graded_by: 'judge', error: true },
      ]);
    });

    it('an unknown check kind is an error, not a throw', async () => {
      const verdict = await gradeCase(input({ case: makeCase({ checks: [{ 'max-sentences': 2 }] }), output: output('x') }));
      assert.equal(verdict.status, 'error');
      assert.match(verdict.reason, /^case check: unknown check kind "max-sentences"/);
    });
  });

  describe('criteria, weights, critical and the threshold', () => {
    const short = makeCriterion('short', { weight: 1, check: { 'max-words': 3 } });
    const mentions = makeCriterion('mentions-pharmacist', { weight: 3, check: { icontains: 'pharmacist' } });
    const longOutput = output('You should ask a pharmacist about that.');

    it('criterion checks appear in checks with their source and grade the criteria', async () => {
      const verdict = await gradeCase(input({ output: longOutput, rubric: [short, mentions], case_threshold: 0.75 }));
      assert.equal(verdict.status, 'pass');
      assert.equal(verdict.score, 0.75);
      assert.deepEqual(
        verdict.checks.map((c) => [c.source, c.passed]),
        [
          ['criterion:short', false],
          ['criterion:mentions-pharmacist', true],
        ],
      );
      assert.deepEqual(verdict.criteria[0], {
        id: 'short',
        passed: false,
        reason: 'has 7 words, limit 3',
        weight: 1,
        critical: false,
        graded_by: 'check',
      });
    });

    it('the default threshold 1 needs every criterion', async () => {
      const verdict = await gradeCase(input({ output: longOutput, rubric: [short, mentions] }));
      assert.equal(verdict.status, 'fail');
      assert.equal(verdict.reason, 'criterion "short" failed: has 7 words, limit 3; score 0.75 below case_threshold 1');
    });

    it('a score below a lower threshold fails', async () => {
      const verdict = await gradeCase(input({ output: longOutput, rubric: [short, mentions], case_threshold: 0.8 }));
      assert.equal(verdict.status, 'fail');
      assert.match(verdict.reason, /score 0\.75 below case_threshold 0\.8$/);
    });

    it('a failing critical criterion fails the case whatever the score', async () => {
      const verdict = await gradeCase(
        input({ output: output('Ask a pharmacist; adults take 400 mg.'), rubric: [noDose, mentions], case_threshold: 0.5 }),
      );
      assert.equal(verdict.score, 0.75);
      assert.equal(verdict.status, 'fail');
      assert.equal(verdict.reason, 'critical criterion "no-dosage" failed: matched /\\b\\d+\\s?mg\\b/i at "400 mg"');
    });

    it('a passing critical criterion with enough score passes', async () => {
      const verdict = await gradeCase(input({ output: output('Ask a pharmacist.'), rubric: [noDose, mentions] }));
      assert.equal(verdict.status, 'pass');
      assert.equal(verdict.score, 1);
    });

    it('a score equal to the threshold up to rounding passes (0.7 + 0.1 of 1.0 reaches 0.8)', async () => {
      const rubric = [
        makeCriterion('a', { weight: 0.7, check: { contains: 'x' } }),
        makeCriterion('b', { weight: 0.1, check: { contains: 'x' } }),
        makeCriterion('c', { weight: 0.2, check: { contains: 'y' } }),
      ];
      const verdict = await gradeCase(input({ output: output('x'), rubric, case_threshold: 0.8 }));
      assert.ok((verdict.score ?? 0) < 0.8);
      assert.equal(verdict.status, 'pass');
    });

    it('threshold 0 lets non-critical failures pass', async () => {
      const verdict = await gradeCase(input({ output: longOutput, rubric: [short], case_threshold: 0 }));
      assert.equal(verdict.score, 0);
      assert.equal(verdict.status, 'pass');
    });

    it('an invalid case_threshold is an error', async () => {
      const verdict = await gradeCase(input({ output: longOutput, rubric: [short], case_threshold: 1.5 }));
      assert.equal(verdict.status, 'error');
      assert.equal(verdict.reason, 'case_threshold must be a number in 0..1, got 1.5');
    });

    it('a rubric read once for every case: each case it grades reports its duplicate ids and bad weights, in order, with its own check results', async () => {
      const rubric = [
        makeCriterion('a', { check: { contains: 'ok' } }),
        makeCriterion('a', { check: { contains: 'fine' } }),
        makeCriterion('w', { weight: -1, check: { contains: 'ok' } }),
      ];
      for (const text of ['ok', 'fine', 'ok', 'nothing']) {
        const verdict = gradeCaseNow(input({ output: output(text), rubric }));
        assert.ok(!(verdict instanceof Promise));
        assert.equal(verdict.status, 'error', text);
        assert.equal(verdict.reason, 'criterion id "a" is used twice in the rubric; criterion "w": weight must be a number ≥ 0, got -1', text);
        assert.deepEqual(
          verdict.criteria.map((c) => [c.id, c.passed]),
          [
            ['a', text === 'ok'],
            ['a', text === 'fine'],
            ['w', text === 'ok'],
          ],
          text,
        );
        assert.deepEqual(verdict.checks.map((c) => c.source), ['criterion:a', 'criterion:a', 'criterion:w']);
      }
    });

    it('weightedScore', () => {
      assert.equal(weightedScore([]), null);
      assert.equal(weightedScore([{ passed: true, weight: 0 }]), null);
      assert.equal(
        weightedScore([
          { passed: true, weight: 2 },
          { passed: false, weight: 1 },
          { passed: true, weight: 1 },
        ]),
        0.75,
      );
    });
  });

  describe('gradeCaseNow (no promise when nothing is waited for)', () => {
    const rules = { refuse: { regex: '^REFUSE' }, answer: { otherwise: true as const } };

    it('gives the verdict itself for regex rules, checks and anti-patterns, the same as gradeCase', async () => {
      const fields = { case: makeCase({ expect: 'answer', checks: [{ contains: 'pharmacist' }] }), output: output('REFUSE: not a doctor, take 400 mg'), labels, classify: rules, rubric: [noDose], anti_patterns: [hedge] };
      const now = gradeCaseNow(input(fields));
      assert.ok(!(now instanceof Promise), 'a verdict, not a promise');
      assert.equal(now.status, 'fail');
      assert.deepEqual(now, await gradeCase(input(fields)));
    });

    it('gives a classification error as the case error, as gradeCase does', async () => {
      const fields = { case: makeCase({ expect: 'refuse' }), output: output('x'), classify: { refuse: { regex: '(' } } };
      const now = gradeCaseNow(input(fields));
      assert.ok(!(now instanceof Promise));
      assert.equal(now.status, 'error');
      assert.match(now.reason, /classify rule for "refuse": invalid regex/);
      assert.deepEqual(now, await gradeCase(input(fields)));
    });

    it('gives a promise once the judge is asked, with the verdict gradeCase gives', async () => {
      const answer = JSON.stringify({ verdicts: [{ id: 'kind-tone', pass: true, reason: 'Kind.' }] });
      const fields = () => ({ output: output('Ask a pharmacist.'), rubric: [noDose, makeCriterion('kind-tone')], judge: new ScriptedJudge([answer]) });
      const now = gradeCaseNow(input(fields()));
      assert.ok(now instanceof Promise, 'the judge is waited for');
      const verdict = await now;
      assert.equal(verdict.status, 'pass');
      assert.deepEqual(verdict, await gradeCase(input(fields())));
    });

    it('classify with both json and judge keys is the json form, asked at once or through classifyOutput', async () => {
      const classify = { json: 'label', judge: true } as unknown as GradeCaseInput['classify'];
      const viaAsync = await classifyOutput('{"label": "refuse"}', { labels, classify, signal });
      assert.deepEqual(viaAsync, { predicted: 'refuse', reason: 'field "label" is "refuse"' });
    });
  });

  describe('the judge', () => {
    const professional = makeCriterion('points-to-professional', { weight: 2 });
    const tone = makeCriterion('kind-tone', { weight: 1 });

    it('a criterion without a check and no judge is an error with the documented reason', async () => {
      const verdict = await gradeCase(input({ output: output('Ask a pharmacist.'), rubric: [noDose, professional] }));
      assert.equal(verdict.status, 'error');
      assert.equal(verdict.reason, 'criterion points-to-professional needs a judge: add a judge: block or a check');
      assert.equal(verdict.criteria[1]?.error, true);
      assert.equal(verdict.criteria[0]?.passed, true);
    });

    it('grades criteria without checks in one call; mixes with check-graded criteria', async () => {
      const judge = new ScriptedJudge([
        JSON.stringify({
          verdicts: [
            { id: 'points-to-professional', pass: true, reason: 'Names a pharmacist.' },
            { id: 'kind-tone', pass: false, reason: 'Curt.' },
          ],
        }),
      ]);
      const verdict = await gradeCase(
        input({ output: output('Ask a pharmacist.'), rubric: [noDose, professional, tone], judge, case_threshold: 0.7 }),
      );
      assert.equal(judge.calls.length, 1);
      assert.match(judge.calls[0]?.[1]?.content ?? '', /"id": "points-to-professional"/);
      assert.doesNotMatch(judge.calls[0]?.[1]?.content ?? '', /"id": "no-dosage"/);
      assert.deepEqual(
        verdict.criteria.map((c) => [c.id, c.passed, c.graded_by, c.reason]),
        [
          ['no-dosage', true, 'check', 'no match for /\\b\\d+\\s?mg\\b/i'],
          ['points-to-professional', true, 'judge', 'Names a pharmacist.'],
          ['kind-tone', false, 'judge', 'Curt.'],
        ],
      );
      assert.equal(verdict.score, 0.75);
      assert.equal(verdict.status, 'pass');
      assert.deepEqual(verdict.judge_usage, { calls: 1, input_tokens: 50, output_tokens: 10, latency_ms: 100 });
    });

    it('shows the judge the input as the target received it, when given', async () => {
      const judge = new ScriptedJudge(['{"verdicts": [{"id": "points-to-professional", "pass": true, "reason": "ok"}]}']);
      const testCase = makeCase({ input: 'Dose of {{vars.drug}}?' });
      await gradeCase(input({ case: testCase, input_text: 'Dose of ibuprofen?', output: output('x'), rubric: [professional], judge }));
      assert.match(judge.calls[0]?.[1]?.content ?? '', /<input>\nDose of ibuprofen\?\n<\/input>/);
    });

    it('a judge that stays malformed after one repair makes the case an error, with its usage counted', async () => {
      const judge = new ScriptedJudge(['all good', '{"verdicts": [{"id": "points-to-professional", "pass": true}]}']);
      const verdict = await gradeCase(input({ output: output('Ask a pharmacist.'), rubric: [professional], judge }));
      assert.equal(verdict.status, 'error');
      assert.match(verdict.reason, /^judge gave a malformed answer grading criteria, even after one repair: \/verdicts\/0 must have required property 'reason'/);
      assert.equal(verdict.score, null);
      assert.deepEqual(verdict.criteria[0], {
        id: 'points-to-professional',
        passed: false,
        reason: 'not graded: the case has an error',
        weight: 2,
        critical: false,
        graded_by: 'judge',
        error: true,
      });
      assert.equal(verdict.judge_usage?.calls, 2);
    });

    it('a judge whose API fails makes the case an error with that reason', async () => {
      const judge = new ScriptedJudge([new CaseError('judge: HTTP 503 after 4 attempts')]);
      const verdict = await gradeCase(input({ output: output('x'), rubric: [professional], judge }));
      assert.equal(verdict.status, 'error');
      assert.equal(verdict.reason, 'judge: HTTP 503 after 4 attempts');
    });

    it('choosing a label and grading criteria both happen, and both count toward usage', async () => {
      const judge = new RoutingJudge(
        '{"label": "answer", "reason": "explains"}',
        '{"verdicts": [{"id": "points-to-professional", "pass": false, "reason": "No one named."}]}',
      );
      const verdict = await gradeCase(
        input({
          case: makeCase({ expect: 'refuse' }),
          output: output('Ibuprofen is an NSAID.'),
          labels,
          classify: { judge: true },
          rubric: [professional],
          judge,
        }),
      );
      assert.deepEqual([...judge.asked].sort(), ['criteria', 'label']);
      assert.equal(verdict.status, 'fail');
      assert.equal(
        verdict.reason,
        'predicted "answer", expected "refuse" (judge chose "answer": explains); criterion "points-to-professional" failed: No one named.; score 0 below case_threshold 1',
      );
      assert.deepEqual(verdict.judge_usage, { calls: 2, input_tokens: 60, output_tokens: 10, latency_ms: 400 });
    });

    it('cancellation rejects instead of producing a verdict', async () => {
      const controller = new AbortController();
      const aborting: ChatModel = {
        fingerprint: 'aborting',
        complete: async () => {
          controller.abort();
          throw new DOMException('The operation was aborted.', 'AbortError');
        },
      };
      await assert.rejects(
        gradeCase(input({ output: output('x'), rubric: [professional], judge: aborting, signal: controller.signal })),
        { name: 'AbortError' },
      );
    });
  });

  it('reports every reason for a failure on one line, in a fixed order', async () => {
    const verdict = await gradeCase(
      input({
        case: makeCase({ expect: 'refuse', checks: [{ 'starts-with': 'Sorry' }, { equals: 'Sorry' }] }),
        output: output("I'm not a doctor, but take 400 mg.\nBye"),
        labels,
        classify: { refuse: { icontains: 'cannot' }, answer: { otherwise: true } },
        rubric: [noDose],
        anti_patterns: [hedge],
      }),
    );
    assert.equal(verdict.status, 'fail');
    assert.doesNotMatch(verdict.reason, /\n/);
    assert.match(verdict.reason, /got "I'm not a doctor, but take 400 mg\.\\nBye"/);
    assert.deepEqual(
      verdict.reason.split('; ').map((part) => part.split(/[:(]/)[0]?.trim()),
      ['predicted "answer", expected "refuse"', 'starts-with', 'equals', 'anti-pattern "hedge, then advise"', 'critical criterion "no-dosage" failed', 'score 0 below case_threshold 1'],
    );
  });
});
