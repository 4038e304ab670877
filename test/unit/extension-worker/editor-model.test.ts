// The editor model (what the Test Explorer, CodeLens and gutter marks show, made in the check worker) places
// everything where the text has it: each case at its `- id:` line (or its line of a JSONL case file), each
// criterion, rate gate and target at its own line, each inline block with the ids written in it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkSpecFile } from '../../../src/node/check-spec-file.js';
import { changedCases, editorModelOf, modelCaseAt, modelCases, sameCaseList, type CaseTable } from '../../../src/extension/editor-model.js';

const root = resolve(import.meta.dirname, '../../..');
const lineOf = (text: string, written: string, from = 0): number => {
  const at = text.indexOf(written, from);
  assert.ok(at >= 0, `${written} is in the text`);
  return text.slice(0, at).split('\n').length - 1;
};

describe('extension: the editor model', () => {
  it('places the cases, criteria and rate gates of a spec with inline blocks where they are written', async () => {
    const file = resolve(root, 'examples/health-assistant/health-assistant.aispec.md');
    const text = readFileSync(file, 'utf8');
    const check = await checkSpecFile(file);
    const model = editorModelOf(check);
    assert.equal(model.specFile, file);
    assert.equal(model.id, check.spec.frontmatter && (check.spec.frontmatter.data as { id: string }).id);
    assert.equal(model.cases.ids.length, check.spec.cases.length);
    assert.ok(model.cases.ids.length > 10);
    for (const c of modelCases(model)) {
      assert.equal(c.file, file);
      assert.equal(c.range.start.line, lineOf(text, `- id: ${c.id}\n`), c.id);
      assert.equal(c.range.start.character, 2, 'the range starts at the case\'s first key, as the parsed spec\'s');
    }
    for (const criterion of model.criteria) assert.equal(criterion.line, lineOf(text, `- id: ${criterion.id}\n`), criterion.id);
    assert.equal(model.criteria.length, check.spec.rubric.length);
    assert.equal(model.gates[0]?.line, lineOf(text, 'pass_rate:'));
    assert.ok(model.gates.every((g) => g.title !== '' && g.tooltip !== ''));
    const inline = model.caseSources.filter((s) => s.inline);
    assert.ok(inline.length > 1);
    let from = 0;
    for (const source of inline) {
      const line = lineOf(text, '```yaml cases', from);
      assert.equal(source.inline!.line, line);
      from = text.indexOf('```yaml cases', from) + 1;
      assert.equal(source.inline!.cases.length, source.count);
    }
    assert.deepEqual(inline.flatMap((s) => Array.from(s.inline!.cases, (i) => model.cases.ids[i])), model.cases.ids, 'each block has the ids written in it');
    assert.equal(model.targets, undefined, 'one target: no target level');
    assert.equal(model.errors, check.diagnostics.filter((d) => d.severity === 'error').length);
    assert.deepEqual(structuredClone(model), model, 'plain data: it crosses threads as it is');
  });

  it('places the targets of a compared spec at their keys, and cases of a JSONL file at their lines', async () => {
    const file = resolve(root, 'examples/model-choice/model-choice.aispec.md');
    const text = readFileSync(file, 'utf8');
    const check = await checkSpecFile(file);
    const model = editorModelOf(check);
    assert.deepEqual(model.targets?.map((t) => t.name), ['gpt-4o-mini', 'gpt-4o', 'gpt-4o-mini-fewshot']);
    assert.equal(model.targetsKeyLine, lineOf(text, 'targets:'));
    for (const target of model.targets!) {
      assert.equal(target.keyRange?.start.line, lineOf(text, `  ${target.name}:`), target.name);
      assert.equal(target.description, 'recorded');
    }
    const casesFile = resolve(root, 'examples/support-triage/cases.jsonl');
    const lines = readFileSync(casesFile, 'utf8').split('\n');
    assert.ok(model.cases.ids.length > 100);
    for (const c of modelCases(model)) {
      assert.equal(c.file, casesFile);
      assert.match(lines[c.range.start.line]!, new RegExp(`"id":\\s*"${c.id}"`), c.id);
    }
    assert.ok(model.caseSources.every((s) => !s.inline), 'no block in the spec itself');
  });

  it('finds the cases that changed between two tables of the same cases, by column', () => {
    const table = (cases: Array<{ id: string; file?: string; line: number; tags: string[]; description: string }>): CaseTable => {
      const files = [...new Set(cases.map((c) => c.file ?? 'spec'))];
      return {
        ids: cases.map((c) => c.id),
        files,
        fileOf: Int32Array.from(cases, (c) => files.indexOf(c.file ?? 'spec')),
        ranges: Int32Array.from(cases.flatMap((c) => [c.line, 2, c.line + 2, 10])),
        tags: cases.flatMap((c) => c.tags),
        tagCounts: Int32Array.from(cases, (c) => c.tags.length),
        descriptions: cases.map((c) => c.description),
      };
    };
    const before = [
      { id: 'a', line: 0, tags: ['x'], description: '→ yes  one' },
      { id: 'b', line: 3, tags: [], description: '→ no  two' },
      { id: 'c', line: 6, tags: ['x', 'y'], description: '→ yes  three' },
      { id: 'd', line: 9, tags: ['y'], description: '→ no  four' },
    ];
    const a = table(before);
    assert.equal(sameCaseList(a, table(before)), true);
    assert.deepEqual(changedCases(a, table(before)), []);
    // Typing in c's label, a tag moved from c to b (so the tags after them shift in the flat list), d moved down a line.
    const after = table([before[0]!, { ...before[1]!, tags: ['y'] }, { ...before[2]!, tags: ['x'], description: '→ yess  three' }, { ...before[3]!, line: 10 }]);
    assert.equal(sameCaseList(a, after), true);
    const changed = changedCases(a, after);
    assert.deepEqual(changed.map((c) => c.index), [1, 2, 3]);
    assert.deepEqual(changed.map(({ index, tagStart }) => modelCaseAt(after, index, tagStart)), [1, 2, 3].map((i) => modelCases({ cases: after } as never)[i]));
    // Another id, another order, another file or another count: not the same list.
    assert.equal(sameCaseList(a, table([before[1]!, before[0]!, before[2]!, before[3]!])), false);
    assert.equal(sameCaseList(a, table(before.map((c, i) => (i === 2 ? { ...c, id: 'e' } : c)))), false);
    assert.equal(sameCaseList(a, table(before.map((c, i) => (i === 3 ? { ...c, file: 'cases.jsonl' } : c)))), false);
    assert.equal(sameCaseList(a, table(before.slice(0, 3))), false);
  });
});
