// The editor's own quick fixes: an id for a case without one, and adding an undeclared label to `labels`.
import assert from 'node:assert/strict';
import { extraFixes } from '../../../src/core/authoring/fixes.js';
import { checkSpec } from '../../../src/core/check.js';
import type { QuickFix } from '../../../src/core/spec/types.js';
import { memorySpecHost } from '../../support/memory-host.js';

const FILE = '/specs/f.aispec.md';

function apply(text: string, fix: QuickFix): string {
  let out = text;
  for (const e of [...fix.edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

async function fixesFor(text: string, pick: RegExp, files: Record<string, string> = {}) {
  const { spec, diagnostics } = await checkSpec(FILE, memorySpecHost(files), { text });
  const d = diagnostics.find((x) => pick.test(x.message));
  assert.ok(d, `no diagnostic ${pick}: ${diagnostics.map((x) => x.message).join(' | ')}`);
  return { fixes: extraFixes(spec, d), spec };
}

const spec = (labels: string, cases: string, extra = ''): string =>
  `---\naispec: 1\nid: f\ntitle: F\n${labels}\n${extra}---\n\n# F\n\n## Goal\n\nx\n\n\`\`\`yaml cases\n${cases}\n\`\`\`\n`;

describe('authoring: extra quick fixes', () => {
  it('gives a case without an id one made from its input, and the fixed spec has no schema error', async () => {
    const text = spec('labels: [refuse, answer]', '- input: How much ibuprofen can I take?\n  expect: refuse\n- id: how-much-ibuprofen-can\n  input: x\n  expect: answer');
    const { fixes } = await fixesFor(text, /needs an id/);
    assert.equal(fixes.length, 1);
    assert.equal(fixes[0]!.title, 'Add id: how-much-ibuprofen-can-2');
    const fixed = apply(text, fixes[0]!);
    assert.match(fixed, /^- id: how-much-ibuprofen-can-2\n {2}input: How much/m);
    const after = await checkSpec(FILE, memorySpecHost(), { text: fixed });
    assert.deepEqual(after.diagnostics.filter((d) => d.code === 'schema').map((d) => d.message), []);
  });

  it('adds an id inside a flow map and in a JSONL line', async () => {
    const flow = spec('labels: [refuse, answer]', '- { input: hi there, expect: refuse }');
    const { fixes } = await fixesFor(flow, /needs an id/);
    assert.match(apply(flow, fixes[0]!), /- \{ id: hi-there, input: hi there/);
    const jsonl = '{"input": "hello", "expect": "refuse"}\n';
    const withFile = spec('labels: [refuse, answer]\ncases: c.jsonl', '- id: a\n  input: x\n  expect: answer');
    const r = await fixesFor(withFile, /needs an id/, { '/specs/c.jsonl': jsonl });
    const edit = r.fixes[0]!.edits[0]!;
    assert.equal(edit.file, '/specs/c.jsonl');
    const fixedLine = jsonl.slice(0, edit.start) + edit.newText + jsonl.slice(edit.end);
    assert.deepEqual(JSON.parse(fixedLine), { id: 'hello', input: 'hello', expect: 'refuse' });
  });

  it('adds an undeclared label to a flow or block labels list', async () => {
    const flow = spec('labels: [refuse, answer]', '- id: a\n  input: x\n  expect: escalate');
    const { fixes } = await fixesFor(flow, /"escalate" is not one of the labels/);
    assert.equal(fixes[0]!.title, 'Add "escalate" to labels');
    const fixed = apply(flow, fixes[0]!);
    assert.match(fixed, /^labels: \[refuse, answer, escalate\]$/m);
    assert.deepEqual((await checkSpec(FILE, memorySpecHost(), { text: fixed })).diagnostics.filter((d) => d.code === 'schema'), []);

    const block = spec('labels:\n  - refuse\n  - answer', '- id: a\n  input: x\n  expect: escalate');
    const b = await fixesFor(block, /"escalate" is not one of the labels/);
    assert.match(apply(block, b.fixes[0]!), /^labels:\n {2}- refuse\n {2}- answer\n {2}- escalate\n/m);
  });

  it('adds a label named by a classify rule or a recall gate', async () => {
    const text = spec('labels: [refuse, answer]', '- id: a\n  input: x\n  expect: refuse', 'classify:\n  refuse: { contains: no }\n  escalate: { otherwise: true }\ngates:\n  recall: { urgent: 0.9 }\n');
    const classify = await fixesFor(text, /classify key "escalate"/);
    assert.equal(classify.fixes[0]!.title, 'Add "escalate" to labels');
    const gate = await fixesFor(text, /recall names "urgent"/);
    assert.equal(gate.fixes[0]!.title, 'Add "urgent" to labels');
  });

  it('adds nothing to other problems', async () => {
    const { fixes } = await fixesFor(spec('labels: [refuse, answer]', '- id: a\n  input: x\n  expect: refuse', 'gates: { pass_rate: 95 }\n'), /fraction/);
    assert.deepEqual(fixes, []);
  });
});
