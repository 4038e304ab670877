// Cost is honest: a cost gate on unknown cost never passes, the target's cost (production) and the judge's
// (evaluation) are apart, the daily projection uses the target's only, and --repeat counts every attempt.
import assert from 'node:assert/strict';
import { runEval } from '../../../src/core/eval/runner.js';
import { costStats, summarize } from '../../../src/core/eval/summarize.js';
import { readAnswer } from '../../../src/core/eval/targets/command.js';
import type { ChatModel, Target } from '../../../src/core/eval/types.js';
import type { SpecConfig } from '../../../src/core/spec/config.js';
import { specConfig } from '../../../src/core/spec/config.js';
import { parseSpec } from '../../../src/core/spec/parse.js';
import type { CaseResult } from '../../../src/shared/results.js';

const pricing = { input_per_mtok: 1, output_per_mtok: 2, traffic_per_day: 1000 };

function caseResult(id: string, extra: Partial<CaseResult> = {}): CaseResult {
  return { id, status: 'pass', input: 'x', output: 'y', tags: [], reason: '', checks: [], criteria: [], anti_patterns: [], score: null, latency_ms: 10, usage: null, cost_usd: null, cached: false, file: 's.aispec.md', line: 1, ...extra };
}

const config = (extra: Partial<SpecConfig> = {}): SpecConfig => ({ aispec: 1, id: 's', title: 'S', ...extra });

describe('cost', () => {
  it('a cost gate with cases that reported no usage fails as undecidable, whatever the known mean', () => {
    const cases = [caseResult('a', { usage: { input_tokens: 100, output_tokens: 10 }, target_cost_usd: 0.00012, cost_usd: 0.00012 }), caseResult('b'), caseResult('c')];
    const s = summarize(cases, config({ pricing, gates: { cost_per_case_usd: 1 } }), { complete: true });
    const gate = s.summary.gates[0]!;
    assert.equal(gate.passed, false);
    assert.equal(gate.reason, 'cost per case is undecidable: no token usage for 2 of 3 cases');
    assert.equal(s.cost.unpriced, 2);
    assert.equal(s.cost.n, 1);
  });

  it('a cost gate without pricing fails as undecidable, and says why', () => {
    const cases = [caseResult('a', { usage: { input_tokens: 100, output_tokens: 10 } })];
    const gate = summarize(cases, config({ gates: { cost_per_case_usd: 1 } }), { complete: true }).summary.gates[0]!;
    assert.equal(gate.passed, false);
    assert.equal(gate.reason, 'cost per case is undecidable: the spec sets no pricing');
  });

  it('the judge\'s cost is apart: in total_usd and judge_usd, not in the per-case cost, the gate or the daily projection', () => {
    const judge = { calls: 1, input_tokens: 0, output_tokens: 0, cost_usd: 0.5 };
    const cases = [
      caseResult('a', { usage: { input_tokens: 1000, output_tokens: 0 }, target_cost_usd: 0.001, cost_usd: 0.501, judge_usage: judge }),
      caseResult('b', { usage: { input_tokens: 3000, output_tokens: 0 }, target_cost_usd: 0.003, cost_usd: 0.503, judge_usage: judge }),
    ];
    const s = summarize(cases, config({ pricing, gates: { cost_per_case_usd: 0.0025 } }), { complete: true });
    assert.ok(Math.abs(s.cost.per_case_usd! - 0.002) < 1e-12);
    assert.ok(Math.abs(s.cost.per_day_usd! - 2) < 1e-9);
    assert.ok(Math.abs(s.cost.target_usd! - 0.004) < 1e-12);
    assert.equal(s.cost.judge_usd, 1);
    assert.ok(Math.abs(s.cost.total_usd! - 1.004) < 1e-12);
    assert.equal(s.summary.gates[0]!.passed, true, 'decided on the target cost (0.002), not with the judge (0.502)');
  });

  it('an errored case (no answer) is not an unknown cost', () => {
    const cases = [caseResult('a', { usage: { input_tokens: 10, output_tokens: 0 }, target_cost_usd: 0.00001 }), caseResult('b', { status: 'error', output: null })];
    assert.equal(costStats(cases, { pricing }).unpriced, 0);
  });

  it('runs saved before target_cost_usd existed: the target cost is cost_usd less the judge\'s', () => {
    const old = caseResult('a', { usage: { input_tokens: 10, output_tokens: 0 }, cost_usd: 0.3, judge_usage: { calls: 1, input_tokens: 0, output_tokens: 0, cost_usd: 0.2 } });
    assert.ok(Math.abs(costStats([old], { pricing }).per_case_usd! - 0.1) < 1e-12);
  });

  it('--repeat K counts the tokens and cost of every attempt, target and judge', async () => {
    const spec = parseSpec(
      `---\naispec: 1\nid: r\ntitle: R\npricing: { input_per_mtok: 1, output_per_mtok: 2 }\njudge: { provider: openai, model: j, pricing: { input_per_mtok: 10, output_per_mtok: 10 } }\n---\n\`\`\`yaml rubric\n- id: polite\n  criterion: Is polite.\n\`\`\`\n\`\`\`yaml cases\n- id: c0\n  input: hi\n\`\`\`\n`,
      '/p/r.aispec.md',
    );
    const target: Target = { fingerprint: 't', run: async () => ({ output: 'hello', usage: { input_tokens: 1000, output_tokens: 500 } }) };
    const judge: ChatModel = { fingerprint: 'j', complete: async () => ({ output: JSON.stringify({ verdicts: [{ id: 'polite', pass: true, reason: 'ok' }] }), usage: { input_tokens: 100, output_tokens: 0 } }) };
    const r = await runEval(spec, specConfig(spec), { target, judge, targetInfo: { provider: 'fake' } }, { aispecVersion: 't', repeat: 3 });
    const c = r.cases[0]!;
    assert.deepEqual(c.usage, { input_tokens: 3000, output_tokens: 1500 });
    assert.ok(Math.abs(c.target_cost_usd! - 3 * 0.002) < 1e-12);
    assert.equal(c.judge_usage?.calls, 3);
    assert.ok(Math.abs(c.judge_usage!.cost_usd! - 3 * 0.001) < 1e-12);
    assert.ok(Math.abs(c.cost_usd! - (0.006 + 0.003)) < 1e-12);
    assert.deepEqual([r.cost.input_tokens, r.cost.output_tokens], [3000, 1500]);
  });
});

describe('command target: a JSON answer may report usage', () => {
  it('reads {"output", "usage", "score"}; anything else is plain text', () => {
    assert.deepEqual(readAnswer('{"output": "hi", "usage": {"input_tokens": 5, "output_tokens": 2}}\n'), { output: 'hi', usage: { input_tokens: 5, output_tokens: 2 } });
    assert.deepEqual(readAnswer('{"output": "hi", "score": 0.7}'), { output: 'hi', score: 0.7 });
    assert.deepEqual(readAnswer('plain answer\n'), { output: 'plain answer' });
    assert.deepEqual(readAnswer('{"output": "hi", "other": 1}'), { output: '{"output": "hi", "other": 1}' }, 'other keys: the JSON is the answer itself');
    assert.deepEqual(readAnswer('{"answer": "x"}'), { output: '{"answer": "x"}' });
    assert.deepEqual(readAnswer('{"output": 3}'), { output: '{"output": 3}' });
  });

  it('a malformed usage is an error, not a silent unknown cost', () => {
    assert.throws(() => readAnswer('{"output": "hi", "usage": {"input_tokens": "5"}}'), /"usage" must be/);
  });
});
