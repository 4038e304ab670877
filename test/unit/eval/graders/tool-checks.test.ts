// Grading what an agent does: the tool-call checks, tool detectors, the { tool } classify rule, and the
// judge seeing the calls.
import assert from 'node:assert/strict';
import type { ToolCall } from '../../../../src/shared/results.js';
import { detectAntiPatterns } from '../../../../src/core/eval/graders/anti-patterns.js';
import { runCheck } from '../../../../src/core/eval/graders/checks.js';
import { classifyOutput } from '../../../../src/core/eval/graders/classify.js';
import { gradeCase } from '../../../../src/core/eval/graders/grade-case.js';
import { makeAntiPattern, makeCase, makeCriterion, output, ScriptedJudge, signal } from './fakes.js';

const WEATHER: ToolCall = { name: 'get_weather', arguments: { city: 'Paris', unit: 'c' } };
const SEND: ToolCall = { name: 'send_email', arguments: { to: 'a@example.com' } };
const BROKEN: ToolCall = { name: 'get_weather', arguments: '{"city": "Par', arguments_error: 'the arguments are not valid JSON (Unterminated string)' };

const check = (c: Record<string, unknown>, toolCalls: ToolCall[]) => runCheck(c, { output: '', toolCalls });

describe('tool-call checks', () => {
  it('tool-called: passes when the tool was called, fails naming what was called instead', () => {
    assert.deepEqual(check({ 'tool-called': 'get_weather' }, [SEND, WEATHER]), { kind: 'tool-called', passed: true, reason: 'called "get_weather"' });
    assert.deepEqual(check({ 'tool-called': 'get_weather' }, [SEND]), { kind: 'tool-called', passed: false, reason: 'no call to "get_weather" (called: "send_email")' });
    assert.deepEqual(check({ 'tool-called': 'get_weather' }, []), { kind: 'tool-called', passed: false, reason: 'no call to "get_weather" (no tool was called)' });
  });

  it('tool-called with arguments: some call must satisfy the JSON Schema', () => {
    const schema = { type: 'object', required: ['city'], properties: { city: { type: 'string', pattern: '^P' } } };
    assert.equal(check({ 'tool-called': 'get_weather', arguments: schema }, [WEATHER]).passed, true);
    const wrong = check({ 'tool-called': 'get_weather', arguments: schema }, [{ name: 'get_weather', arguments: { city: 'Oslo' } }]);
    assert.equal(wrong.passed, false);
    assert.match(wrong.reason, /^called "get_weather", but not with arguments that match the schema: the call: \/city must match pattern "\^P"/);
    // Two calls: the second one matches, so the check passes.
    assert.equal(check({ 'tool-called': 'get_weather', arguments: schema }, [{ name: 'get_weather', arguments: {} }, WEATHER]).passed, true);
  });

  it('tool-called with arguments fails with a clear reason when the arguments were not valid JSON', () => {
    const result = check({ 'tool-called': 'get_weather', arguments: { type: 'object' } }, [BROKEN]);
    assert.equal(result.passed, false);
    assert.equal(result.error, undefined);
    assert.match(result.reason, /the call: the arguments are not valid JSON \(Unterminated string\)/);
  });

  it('an invalid arguments schema, or arguments on another kind, is an error', () => {
    const bad = check({ 'tool-called': 'get_weather', arguments: { type: 5 } }, [WEATHER]);
    assert.equal(bad.error, true);
    assert.match(bad.reason, /^tool-called: arguments: invalid schema/);
    const misplaced = check({ 'max-tool-calls': 1, arguments: {} }, [WEATHER]);
    assert.equal(misplaced.error, true);
    assert.match(misplaced.reason, /"arguments" applies only to tool-called/);
  });

  it('no-tool-called: by name or by /regex/ over the names', () => {
    assert.deepEqual(check({ 'no-tool-called': 'send_email' }, [WEATHER]), { kind: 'no-tool-called', passed: true, reason: 'no call to "send_email"' });
    assert.deepEqual(check({ 'no-tool-called': 'send_email' }, [SEND, SEND]), { kind: 'no-tool-called', passed: false, reason: 'called "send_email" 2 times' });
    assert.deepEqual(check({ 'no-tool-called': '/^(delete|send)_/' }, [WEATHER, SEND]), {
      kind: 'no-tool-called',
      passed: false,
      reason: 'called "send_email", which matches /^(delete|send)_/',
    });
    assert.deepEqual(check({ 'no-tool-called': '/^DELETE_/i' }, [WEATHER]), { kind: 'no-tool-called', passed: true, reason: 'no call matches /^DELETE_/i' });
    const invalid = check({ 'no-tool-called': '/(/' }, [WEATHER]);
    assert.equal(invalid.error, true);
    assert.match(invalid.reason, /invalid regex/);
  });

  it('max-tool-calls counts every call', () => {
    assert.deepEqual(check({ 'max-tool-calls': 2 }, [WEATHER, SEND]), { kind: 'max-tool-calls', passed: true, reason: 'made 2 tool calls, limit 2' });
    assert.deepEqual(check({ 'max-tool-calls': 0 }, [WEATHER]), { kind: 'max-tool-calls', passed: false, reason: 'made 1 tool call, limit 0' });
    assert.equal(check({ 'max-tool-calls': -1 }, []).error, true);
  });

  it('an output without tool calls is checked as having none', () => {
    assert.equal(runCheck({ 'no-tool-called': 'x' }, { output: 'hi' }).passed, true);
    assert.equal(runCheck({ 'tool-called': 'x' }, { output: 'hi' }).passed, false);
  });
});

describe('tool detectors', () => {
  const writes = makeAntiPattern('acts without asking', { pattern: '^(delete|send)_' });
  writes.detector!.on = 'tool';

  it('Detect: tool:/regex/ matches a tool name, not the output', () => {
    assert.deepEqual(detectAntiPatterns('I will send_email now', [writes], [WEATHER]), { hits: [], errors: [] });
    assert.deepEqual(detectAntiPatterns('', [writes], [WEATHER, SEND]), { hits: [{ id: 'acts-without-asking', name: 'acts without asking', matched: 'send_email' }], errors: [] });
  });
});

describe('classify { tool: NAME }', () => {
  const classify = { escalate: { tool: 'handoff_to_human' }, answer: { otherwise: true as const } };

  it('labels an output by the tool it called', async () => {
    const called = await classifyOutput('', { labels: ['escalate', 'answer'], classify, signal, toolCalls: [{ name: 'handoff_to_human', arguments: {} }] });
    assert.deepEqual(called, { predicted: 'escalate', reason: 'rule "escalate": called the tool "handoff_to_human"' });
    const notCalled = await classifyOutput('Here you go.', { labels: ['escalate', 'answer'], classify, signal, toolCalls: [WEATHER] });
    assert.equal(notCalled.predicted, 'answer');
  });
});

describe('grading a case with tool calls', () => {
  it('case checks and a tool detector fail the case with their reasons', async () => {
    const writes = makeAntiPattern('acts without asking', { pattern: '^send_' });
    writes.detector!.on = 'tool';
    const verdict = await gradeCase({
      case: makeCase({ checks: [{ 'tool-called': 'get_weather' }, { 'max-tool-calls': 1 }] }),
      output: output('', { toolCalls: [WEATHER, SEND] }),
      rubric: [],
      anti_patterns: [writes],
      signal,
    });
    assert.equal(verdict.status, 'fail');
    assert.equal(verdict.reason, 'max-tool-calls: made 2 tool calls, limit 1; anti-pattern "acts without asking": matched "send_email"');
  });

  it('the judge sees the tool calls (one JSON object per line); without calls the prompt has no tool section', async () => {
    const judge = new ScriptedJudge([
      JSON.stringify({ verdicts: [{ id: 'confirm', pass: false, reason: 'sent an email without asking' }] }),
      JSON.stringify({ verdicts: [{ id: 'confirm', pass: true, reason: 'no write' }] }),
    ]);
    const rubric = [makeCriterion('confirm', { text: 'Never calls a write tool without confirmation.' })];
    const failed = await gradeCase({ case: makeCase(), output: output('Done.', { toolCalls: [SEND] }), rubric, anti_patterns: [], judge, signal });
    assert.equal(failed.status, 'fail');
    const prompt = judge.calls[0]!.find((m) => m.role === 'user')!.content;
    assert.match(prompt, /<tool_calls>\n\{"name":"send_email","arguments":\{"to":"a@example.com"\}\}\n<\/tool_calls>/);
    await gradeCase({ case: makeCase(), output: output('Done.'), rubric, anti_patterns: [], judge, signal });
    assert.doesNotMatch(judge.calls[1]!.find((m) => m.role === 'user')!.content, /tool_calls/);
  });

  it('a judge choosing the label sees the tool calls too (classify: { judge: true })', async () => {
    const judge = new ScriptedJudge(['{"label": "act", "reason": "it sent the email"}', '{"label": "ask", "reason": "it only asked"}']);
    const labelled = await gradeCase({ case: makeCase({ expect: 'ask' }), output: output('Done.', { toolCalls: [SEND] }), labels: ['ask', 'act'], classify: { judge: true }, rubric: [], anti_patterns: [], judge, signal });
    assert.equal(labelled.predicted, 'act');
    assert.equal(labelled.status, 'fail');
    const prompt = judge.calls[0]!.find((m) => m.role === 'user')!.content;
    assert.match(prompt, /<output>\nDone\.\n<\/output>\n\n<tool_calls>\n\{"name":"send_email","arguments":\{"to":"a@example.com"\}\}\n<\/tool_calls>$/);
    await gradeCase({ case: makeCase({ expect: 'ask' }), output: output('Shall I send it?'), labels: ['ask', 'act'], classify: { judge: true }, rubric: [], anti_patterns: [], judge, signal });
    assert.doesNotMatch(judge.calls[1]!.find((m) => m.role === 'user')!.content, /tool_calls/);
  });
});
