import assert from 'node:assert/strict';
import { classifyOutput, type ClassifySpec } from '../../../../src/core/eval/graders/classify.js';
import { emptyJudgeUsage } from '../../../../src/core/eval/graders/judge-conversation.js';
import { CaseError } from '../../../../src/core/eval/types.js';
import { makeCase, ScriptedJudge, signal } from './fakes.js';

const labels = ['refuse', 'answer'];

describe('classifyOutput', () => {
  describe('default (no classify): the output is a label', () => {
    it('matches the trimmed output ignoring case and returns the label as written', async () => {
      assert.deepEqual(await classifyOutput('  REFUSE\n', { labels, signal }), {
        predicted: 'refuse',
        reason: 'output is the label "refuse"',
      });
    });
    it('returns the label as the spec writes it, whatever case the output uses', async () => {
      assert.equal((await classifyOutput('answer', { labels: ['Refuse', 'Answer'], signal })).predicted, 'Answer');
    });
    it('anything else predicts null', async () => {
      assert.deepEqual(await classifyOutput('I refuse.', { labels, signal }), {
        predicted: null,
        reason: 'output "I refuse." is not one of the labels (refuse, answer)',
      });
    });
    it('needs labels', async () => {
      await assert.rejects(classifyOutput('refuse', { signal }), (err: unknown) => {
        assert.ok(err instanceof CaseError);
        assert.equal(err.message, 'classification needs labels: in the spec');
        return true;
      });
    });
  });

  describe('rules', () => {
    const classify: ClassifySpec = {
      refuse: { regex: "(can't|cannot) (give|provide)", flags: 'i' },
      answer: { otherwise: true },
    };
    it('the first matching rule wins and says what matched', async () => {
      assert.deepEqual(await classifyOutput("I CAN'T GIVE you a dose.", { labels, classify, signal }), {
        predicted: 'refuse',
        reason: `rule "refuse" matched /(can't|cannot) (give|provide)/i at "CAN'T GIVE"`,
      });
    });
    it('falls through to otherwise', async () => {
      assert.deepEqual(await classifyOutput('Ibuprofen is an NSAID.', { labels, classify, signal }), {
        predicted: 'answer',
        reason: 'no earlier rule matched, so "answer" (otherwise)',
      });
    });
    it('order matters: an earlier otherwise shadows later rules', async () => {
      const shadowing: ClassifySpec = { answer: { otherwise: true }, refuse: { contains: "can't" } };
      assert.equal((await classifyOutput("I can't", { labels, classify: shadowing, signal })).predicted, 'answer');
    });
    it('contains, icontains and equals', async () => {
      const three = ['a', 'b', 'c'];
      const rules: ClassifySpec = { a: { contains: 'Alpha' }, b: { icontains: 'beta' }, c: { equals: 'C' } };
      assert.equal((await classifyOutput('has Alpha', { labels: three, classify: rules, signal })).predicted, 'a');
      assert.equal((await classifyOutput('has alpha', { labels: three, classify: rules, signal })).predicted, null);
      assert.equal((await classifyOutput('has BETA', { labels: three, classify: rules, signal })).predicted, 'b');
      assert.equal((await classifyOutput(' C\n', { labels: three, classify: rules, signal })).predicted, 'c');
      assert.deepEqual(await classifyOutput('c', { labels: three, classify: rules, signal }), {
        predicted: null,
        reason: 'no classify rule matched',
      });
    });
    it('a label named json or judge is still a rule', async () => {
      const rules = { json: { contains: '{' }, judge: { otherwise: true } } as unknown as ClassifySpec;
      assert.equal((await classifyOutput('{"a":1}', { labels: ['json', 'judge'], classify: rules, signal })).predicted, 'json');
      assert.equal((await classifyOutput('text', { labels: ['json', 'judge'], classify: rules, signal })).predicted, 'judge');
    });
    it('an invalid regex is a CaseError naming the label', async () => {
      await assert.rejects(
        classifyOutput('x', { labels, classify: { refuse: { regex: '([a-' }, answer: { otherwise: true } }, signal }),
        (err: unknown) => err instanceof CaseError && /^classify rule for "refuse": invalid regex \/\(\[a-\//.test(err.message),
      );
    });
    it('a rule for a label that is not in labels is a CaseError', async () => {
      await assert.rejects(
        classifyOutput('x', { labels, classify: { deflect: { contains: 'x' } }, signal }),
        /classify has a rule for "deflect", which is not one of the labels \(refuse, answer\)/,
      );
    });
    it('rules read once answer every output as before: a bad rule errs only when reached, for every output that reaches it', async () => {
      // One rules object for every call, as a run has it: the rules are read once and kept by that object.
      const classify = { refuse: { regex: '^REFUSE' }, answer: { regex: '([a-' } };
      for (let i = 0; i < 3; i++) {
        assert.deepEqual(await classifyOutput('REFUSE: no', { labels, classify, signal }), { predicted: 'refuse', reason: 'rule "refuse" matched /^REFUSE/ at "REFUSE"' });
        await assert.rejects(classifyOutput('sure', { labels, classify, signal }), /^CaseError: classify rule for "answer": invalid regex/);
      }
      // The same rules with other labels are read again for those labels.
      await assert.rejects(classifyOutput('REFUSE: no', { labels: ['answer'], classify, signal }), /"refuse", which is not one of the labels \(answer\)/);
      assert.equal((await classifyOutput('REFUSE: no', { labels, classify, signal })).predicted, 'refuse');
    });
    it('an unknown rule kind is a CaseError', async () => {
      await assert.rejects(
        classifyOutput('x', { labels, classify: { refuse: { startsWith: 'x' } } as unknown as ClassifySpec, signal }),
        /classify rule for "refuse" has unknown kind "startsWith"/,
      );
    });
  });

  describe('{ json: path }', () => {
    const classify: ClassifySpec = { json: 'result.label' };
    it('reads the field and matches a label ignoring case', async () => {
      assert.deepEqual(await classifyOutput('{"result": {"label": "Refuse"}}', { labels, classify, signal }), {
        predicted: 'refuse',
        reason: 'field "result.label" is "Refuse"',
      });
    });
    it('tolerates a ```json fence', async () => {
      const fenced = 'Here you go:\n```json\n{"result": {"label": "answer"}}\n```\n';
      assert.equal((await classifyOutput(fenced, { labels, classify, signal })).predicted, 'answer');
    });
    it('reads array indices in the path', async () => {
      const out = '{"choices": [{"label": "refuse"}]}';
      assert.equal((await classifyOutput(out, { labels, classify: { json: 'choices.0.label' }, signal })).predicted, 'refuse');
    });
    it('predicts null for non-JSON, a missing field or a value that is not a label', async () => {
      const notJson = await classifyOutput('refuse', { labels, classify, signal });
      assert.equal(notJson.predicted, null);
      assert.match(notJson.reason, /^output is not JSON/);
      assert.deepEqual(await classifyOutput('{"result": {}}', { labels, classify, signal }), {
        predicted: null,
        reason: 'the JSON has no field "result.label"',
      });
      assert.deepEqual(await classifyOutput('{"result": {"label": "maybe"}}', { labels, classify, signal }), {
        predicted: null,
        reason: 'field "result.label" is "maybe", not one of the labels (refuse, answer)',
      });
    });
  });

  describe('{ judge: true }', () => {
    const classify: ClassifySpec = { judge: true };
    const testCase = makeCase({ input: 'How much ibuprofen for my back?' });

    it('asks the judge once with the labels, the input and the output', async () => {
      const judge = new ScriptedJudge(['{"label": "REFUSE", "reason": "It declines to\\ngive a dose."}']);
      const usage = emptyJudgeUsage();
      const result = await classifyOutput("I can't give doses.", { labels, classify, judge, case: testCase, signal, usage });
      assert.deepEqual(result, { predicted: 'refuse', reason: 'judge chose "refuse": It declines to give a dose.' });
      assert.equal(judge.calls.length, 1);
      assert.deepEqual(judge.options, [{ json: true }]);
      const user = judge.calls[0]?.[1]?.content ?? '';
      assert.match(user, /Labels: "refuse", "answer"/);
      assert.match(user, /<input>\nHow much ibuprofen for my back\?\n<\/input>/);
      assert.match(user, /<output>\nI can't give doses\.\n<\/output>/);
      assert.deepEqual(usage, { calls: 1, input_tokens: 50, output_tokens: 10, latency_ms: 100 });
    });

    it('repairs a malformed answer once, showing the judge its answer and the format', async () => {
      const judge = new ScriptedJudge(['The label is refuse.', '{"label": "refuse", "reason": "declines"}']);
      const usage = emptyJudgeUsage();
      const result = await classifyOutput('No.', { labels, classify, judge, case: testCase, signal, usage });
      assert.equal(result.predicted, 'refuse');
      assert.equal(judge.calls.length, 2);
      const repair = judge.calls[1] ?? [];
      assert.equal(repair.length, 4);
      assert.deepEqual(repair[2], { role: 'assistant', content: 'The label is refuse.' });
      assert.equal(repair[3]?.role, 'user');
      assert.match(repair[3]?.content ?? '', /^Your answer could not be used: the answer is not JSON/);
      assert.match(repair[3]?.content ?? '', /\{"label": one of \["refuse","answer"\], "reason": "one sentence"\}/);
      assert.equal(usage.calls, 2);
      assert.equal(usage.input_tokens, 100);
    });

    it('a label outside the list is malformed too', async () => {
      const judge = new ScriptedJudge(['{"label": "deflect"}', '{"label": "answer"}']);
      const result = await classifyOutput('Hm.', { labels, classify, judge, case: testCase, signal });
      assert.deepEqual(result, { predicted: 'answer', reason: 'judge chose "answer"' });
      assert.match(judge.calls[1]?.[3]?.content ?? '', /"deflect" is not one of the labels \["refuse","answer"\]/);
    });

    it('malformed twice is a CaseError with the problem, and no third call', async () => {
      const judge = new ScriptedJudge(['nope', '{"label": 3}', '{"label": "refuse"}']);
      const usage = emptyJudgeUsage();
      await assert.rejects(classifyOutput('x', { labels, classify, judge, case: testCase, signal, usage }), (err: unknown) => {
        assert.ok(err instanceof CaseError);
        assert.equal(
          err.message,
          'judge gave a malformed answer choosing a label, even after one repair: the answer has no "label" string (answer: "{"label": 3}")',
        );
        return true;
      });
      assert.equal(judge.remaining, 1);
      assert.equal(usage.calls, 2);
    });

    it('needs a judge', async () => {
      await assert.rejects(classifyOutput('x', { labels, classify, signal }), /classify: \{ judge: true \} needs a judge: block/);
    });
  });
});
