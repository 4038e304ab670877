// What a judge calibration reads from a spec: examples that show an input and an output (and those that do
// not, still valid), and the human labels file, whose every bad row is an error at that row.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkSpecFile } from '../../../src/node/check-spec-file.js';
import { loadSpec } from '../../../src/core/spec/load.js';
import { parseSpec } from '../../../src/core/spec/parse.js';
import { memorySpecHost } from '../../support/memory-host.js';

const HEAD = (extra = '') => `---
aispec: 1
id: s
title: S
${extra}---

\`\`\`yaml rubric
- id: kind
  criterion: The reply is kind.
\`\`\`

\`\`\`yaml cases
- id: c1
  input: hi
\`\`\`
`;

describe('examples with an input and an output', () => {
  it('reads Input:/Output: lines, a fenced output, an Id:, and numbers the rest', () => {
    const spec = parseSpec(
      `${HEAD()}
> [!TIP]
> **Passes.** A kind answer.
> **Input:** Can you help?
> more of the question
> Output: Of course.

> [!WARNING]
> **Fails.** Rude.
> Id: rude-one
> Input: Can you help?
> Output:
> \`\`\`
> No.
>
> Go away.
> \`\`\`
> The output above is rude.

> [!WARNING]
> **Fails.** User: *hi* Assistant: *go away*. The old form: valid, not graded.
`,
      '/s.aispec.md',
    );
    assert.deepEqual(
      spec.examples.map((e) => [e.kind, e.id, e.input, e.output]),
      [
        ['pass', 'example-1', 'Can you help?\nmore of the question', 'Of course.'],
        ['fail', 'rude-one', 'Can you help?', 'No.\n\nGo away.'],
        ['fail', 'example-3', undefined, undefined],
      ],
    );
    assert.deepEqual(spec.diagnostics, []);
  });
});

describe('human labels', () => {
  const load = (labels: string, file = 'labels.jsonl') =>
    loadSpec('/p/s.aispec.md', memorySpecHost({ '/p/s.aispec.md': HEAD(`human_labels: ${file}\n`), [`/p/${file}`]: labels }));

  it('reads JSONL and CSV rows, with pass as true/false or pass/fail', async () => {
    const jsonl = await load('{"id":"c1","pass":true,"rater":"ana"}\n\n{"id":"c1","criterion":"kind","pass":false}\n');
    assert.deepEqual(jsonl.diagnostics, []);
    assert.deepEqual(jsonl.humanLabels?.map(({ range: _range, ...l }) => l), [
      { id: 'c1', pass: true, rater: 'ana' },
      { id: 'c1', criterion: 'kind', pass: false },
    ]);
    const csv = await load('id,criterion,pass,rater\nc1,,pass,ana\nc1,kind,false,ben\n', 'labels.csv');
    assert.deepEqual(csv.diagnostics, []);
    assert.deepEqual(csv.humanLabels?.map((l) => [l.id, l.criterion, l.pass, l.rater]), [
      ['c1', undefined, true, 'ana'],
      ['c1', 'kind', false, 'ben'],
    ]);
  });

  it('makes every bad row an error at that row, with did-you-mean for ids', async () => {
    const text = ['{"id":"c1","pass":true}', '{"id":"c1","pass":"maybe"}', 'not json', '{"id":"c2","pass":true}', '{"id":"c1","criterion":"kinder","pass":true}', '{"id":"c1","pass":true}', '{"id":"c1","pass":true,"score":1}'].join('\n');
    const spec = await load(text);
    const byLine = spec.diagnostics.map((d) => {
      const line = text.slice(0, d.range.start).split('\n').length;
      return [d.range.file, line, d.message];
    });
    assert.equal(byLine.length, 6, JSON.stringify(byLine));
    assert.ok(byLine.every(([file]) => file === '/p/labels.jsonl'));
    assert.deepEqual(byLine.map(([, line]) => line), [3, 2, 6, 7, 4, 5]);
    assert.match(String(byLine[0]![2]), /not valid JSON/);
    assert.match(String(byLine[1]![2]), /"pass": true or false/);
    assert.match(String(byLine[2]![2]), /second label/);
    assert.match(String(byLine[3]![2]), /Unknown field score/);
    assert.match(String(byLine[4]![2]), /No case or example has the id "c2" \(did you mean "c1"\?\)/);
    assert.match(String(byLine[5]![2]), /No rubric criterion has the id "kinder" \(did you mean "kind"\?\)/);
    assert.deepEqual(spec.humanLabels?.length, 1);
  });

  it('refuses another file type, and a missing file, at the frontmatter key', async () => {
    const wrongKind = await load('x', 'labels.txt');
    assert.match(wrongKind.diagnostics.map((d) => d.message).join('\n'), /\.jsonl or \.csv/);
    const missing = await loadSpec('/p/s.aispec.md', memorySpecHost({ '/p/s.aispec.md': HEAD('human_labels: gone.jsonl\n') }));
    assert.match(missing.diagnostics[0]!.message, /Cannot read the human labels file "gone.jsonl" \(no such file\)/);
  });

  it('does not read a labels file outside the project', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'aispec-labels-outside-'));
    const project = mkdtempSync(join(tmpdir(), 'aispec-labels-project-'));
    try {
      writeFileSync(join(outside, 'labels.jsonl'), '{"id":"c1","pass":true}\n');
      writeFileSync(join(project, 'package.json'), '{"name":"p","private":true}\n');
      symlinkSync(join(outside, 'labels.jsonl'), join(project, 'linked.jsonl'));
      for (const path of ['../' + outside.split('/').pop() + '/labels.jsonl', 'linked.jsonl']) {
        const file = join(project, 's.aispec.md');
        writeFileSync(file, HEAD(`human_labels: ${path}\n`));
        const check = await checkSpecFile(file);
        const errors = check.diagnostics.filter((d) => d.severity === 'error');
        assert.equal(errors.length, 1, `${path}: ${JSON.stringify(errors.map((d) => d.message))}`);
        assert.match(errors[0]!.message, /Cannot read the human labels file/);
      }
    } finally {
      rmSync(outside, { recursive: true, force: true });
      rmSync(project, { recursive: true, force: true });
    }
  });
});
