// A spec about an agent, end to end in the core: tools-related spec elements parse and validate, a run keeps
// the tool calls in its results (per case and per attempt) and grades them, recorded rows carry them, an
// earlier run replays them (--reuse-outputs), and the console and Markdown reports show them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { runEval } from '../../../src/core/eval/runner.js';
import { replayCaseOf, ReplayTarget } from '../../../src/core/eval/replay-target.js';
import { RecordedTarget } from '../../../src/core/eval/targets/recorded.js';
import type { Target, TargetOutput } from '../../../src/core/eval/types.js';
import { consoleSummary } from '../../../src/core/report/results-console.js';
import { markdownReport } from '../../../src/core/report/results-markdown.js';
import { specConfig } from '../../../src/core/spec/config.js';
import { parseSpec } from '../../../src/core/spec/parse.js';
import { validateSpec } from '../../../src/core/spec/validate.js';
import type { ToolCall } from '../../../src/shared/results.js';

const SPEC = `---
aispec: 1
id: agent
title: Support agent
labels: [escalate, answer]
classify:
  escalate: { tool: handoff_to_human }
  answer: { otherwise: true }
target:
  provider: openai
  model: m
  tools:
    - name: lookup_order
      description: Finds an order.
      parameters: { type: object, properties: { order_id: { type: string } }, required: [order_id] }
    - name: handoff_to_human
    - name: delete_account
  tool_choice: auto
---

# Agent

> [!CAUTION]
> **Anti-pattern: destroys data.** Deletes anything on its own. Detect: \`tool:/^delete_/\`

\`\`\`yaml cases
- id: order
  input: Where is order 42?
  expect: answer
  checks:
    - { tool-called: lookup_order, arguments: { type: object, properties: { order_id: { const: "42" } }, required: [order_id] } }
    - { max-tool-calls: 1 }
- id: angry
  input: I want a human now.
  expect: escalate
  checks:
    - { no-tool-called: "/^(delete|send)_/" }
- id: wipe
  input: Close my account.
  expect: answer
\`\`\`
`;

const CALLS: Record<string, ToolCall[]> = {
  order: [{ name: 'lookup_order', arguments: { order_id: '42' } }],
  angry: [{ name: 'handoff_to_human', arguments: {} }],
  wipe: [{ name: 'delete_account', arguments: {} }],
};

function agent(): Target {
  return {
    fingerprint: 'agent',
    async run(c): Promise<TargetOutput> {
      return { output: c.id === 'order' ? 'Let me look.' : '', toolCalls: CALLS[c.id], latency_ms: 5 };
    },
  };
}

const base = { aispecVersion: '0.0.0-test', now: () => 1_700_000_000_000 };
const info = { provider: 'openai', model: 'm' };

describe('tool calls in a run', () => {
  const spec = parseSpec(SPEC, '/p/agent.aispec.md');

  it('the spec parses and validates: tools, tool_choice, the new checks, the tool detector and classify rule', () => {
    assert.deepEqual(spec.diagnostics, []);
    assert.deepEqual(validateSpec(spec).map((d) => d.message), []);
    assert.deepEqual(spec.antiPatterns[0]!.detector && { pattern: spec.antiPatterns[0]!.detector.pattern, on: spec.antiPatterns[0]!.detector.on }, { pattern: '^delete_', on: 'tool' });
  });

  it('the schema rejects arguments without tool-called, and a bad no-tool-called regex is located', () => {
    const bad = SPEC.replace('- { max-tool-calls: 1 }', '- { max-tool-calls: 1, arguments: {} }').replace('"/^(delete|send)_/"', '"/(/"');
    const badSpec = parseSpec(bad, '/p/agent.aispec.md');
    const diagnostics = validateSpec(badSpec);
    assert.deepEqual(diagnostics.map((d) => d.message), ['arguments go with tool-called: add it, or remove arguments.', 'Invalid regular expression: /(/: Unterminated group.']);
    assert.equal(badSpec.text.slice(diagnostics[1]!.range.start, diagnostics[1]!.range.end), '"/(/"');
    const noTools = parseSpec(SPEC.replace(/ {2}tools:\n( {4}.*\n| {6}.*\n)*/, ''), '/p/agent.aispec.md');
    assert.deepEqual(validateSpec(noTools).map((d) => d.message), ['tool_choice needs tools beside it.']);
  });

  it('results keep the calls; checks, detector and classify rule grade them', async () => {
    const results = await runEval(spec, specConfig(spec), { target: agent(), targetInfo: info }, base);
    const [order, angry, wipe] = results.cases;
    assert.deepEqual(order!.tool_calls, CALLS.order);
    assert.equal(order!.status, 'pass', order!.reason);
    assert.equal(angry!.status, 'pass', angry!.reason);
    assert.equal(angry!.predicted, 'escalate');
    assert.equal(angry!.output, '');
    assert.equal(wipe!.status, 'fail');
    assert.deepEqual(wipe!.anti_patterns, [{ id: 'destroys-data', name: 'destroys data', matched: 'delete_account' }]);

    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync('schemas/results.schema.json', 'utf8')) as object);
    assert.ok(validate(results), JSON.stringify(validate.errors));

    const text = consoleSummary(results, { color: false });
    assert.match(text, /tools: {2}→ delete_account\(\{\}\)/);
    assert.match(markdownReport(results), /`→ delete_account\(\{\}\)`/);
  });

  it('attempts keep their calls, and --reuse-outputs replays them', async () => {
    const first = await runEval(spec, specConfig(spec), { target: agent(), targetInfo: info }, { ...base, repeat: 2 });
    assert.deepEqual(first.cases[0]!.attempts!.map((a) => a.tool_calls), [CALLS.order, CALLS.order]);
    const replay = new ReplayTarget(first);
    const again = await runEval(spec, specConfig(spec), { target: replay, targetInfo: info }, { ...base, repeat: 2 });
    assert.deepEqual(again.cases.map((c) => c.tool_calls), first.cases.map((c) => c.tool_calls));
    assert.deepEqual(again.cases.map((c) => c.status), first.cases.map((c) => c.status));
    // What a host keeps of each saved case for the replay (replayCaseOf) replays the same run as the cases whole.
    const kept = first.cases.map(replayCaseOf);
    assert.ok(kept.every((c) => !('input' in c) && !('checks' in c)));
    const fromKept = await runEval(spec, specConfig(spec), { target: new ReplayTarget({ run: first.run, cases: kept }), targetInfo: info }, { ...base, repeat: 2 });
    assert.deepEqual(fromKept.cases, again.cases);
  });
});

describe('recorded rows with tool_calls', () => {
  const never = new AbortController().signal;
  const testCase = (id: string) => parseSpec(SPEC, '/p/agent.aispec.md').cases.find((c) => c.id === id) ?? { ...parseSpec(SPEC, '/p/agent.aispec.md').cases[0]!, id };

  it('JSONL: a list of {name, arguments}; a row with only tool calls has output ""; arguments text is parsed or marked', async () => {
    const target = new RecordedTarget(
      'log.jsonl',
      [
        JSON.stringify({ id: 'order', output: 'Looking.', tool_calls: [{ name: 'lookup_order', arguments: { order_id: '42' } }] }),
        JSON.stringify({ id: 'angry', tool_calls: [{ name: 'handoff_to_human', arguments: '{}' }] }),
        JSON.stringify({ id: 'wipe', output: '', tool_calls: [{ name: 'delete_account', arguments: '{"x": ' }] }),
      ].join('\n'),
    );
    assert.deepEqual(await target.run(testCase('order'), never), { output: 'Looking.', toolCalls: [{ name: 'lookup_order', arguments: { order_id: '42' } }] });
    assert.deepEqual(await target.run(testCase('angry'), never), { output: '', toolCalls: [{ name: 'handoff_to_human', arguments: {} }] });
    const wipe = await target.run(testCase('wipe'), never);
    assert.equal(wipe.toolCalls![0]!.arguments, '{"x": ');
    assert.match(wipe.toolCalls![0]!.arguments_error!, /not valid JSON/);
  });

  it('CSV: a tool_calls column holding the list as JSON', async () => {
    const csv = 'id,output,tool_calls\norder,Looking.,"[{""name"": ""lookup_order"", ""arguments"": {""order_id"": ""42""}}]"\nangry,Sure.,\n';
    const target = new RecordedTarget('log.csv', csv);
    assert.deepEqual((await target.run(testCase('order'), never)).toolCalls, [{ name: 'lookup_order', arguments: { order_id: '42' } }]);
    assert.deepEqual(await target.run(testCase('angry'), never), { output: 'Sure.' });
  });

  it('a malformed tool_calls value stops the file at its line', () => {
    assert.throws(() => new RecordedTarget('log.jsonl', JSON.stringify({ id: 'a', output: 'x', tool_calls: [{ arguments: {} }] })), /^TargetConfigError: log\.jsonl:1: "tool_calls" must be a list .*item 1 has no "name"/);
    assert.throws(() => new RecordedTarget('log.csv', 'id,output,tool_calls\na,x,not json\n'), /log\.csv:2: "tool_calls" must be a list .*not valid JSON/);
  });
});

describe('the agent-tools example', () => {
  it('runs offline from its recorded tool calls: the refund and the malformed arguments fail, the gate passes', async () => {
    const file = 'examples/agent-tools/agent-tools.aispec.md';
    const spec = parseSpec(readFileSync(file, 'utf8'), file);
    assert.deepEqual(validateSpec(spec).map((d) => d.message), []);
    const target = new RecordedTarget('outputs.jsonl', readFileSync('examples/agent-tools/outputs.jsonl', 'utf8'));
    const results = await runEval(spec, specConfig(spec), { target, targetInfo: { provider: 'recorded' } }, base);
    assert.deepEqual(results.cases.filter((c) => c.status !== 'pass').map((c) => c.id), ['late-3307', 'refund-broken']);
    assert.equal(results.summary.verdict, 'pass');
  });
});
