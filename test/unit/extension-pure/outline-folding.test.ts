// The outline tree and the folding ranges of a spec.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { foldingRanges, listFolds } from '../../../src/core/authoring/folding.js';
import { scanLayout } from '../../../src/core/authoring/regions.js';
import { LineIndex } from '../../../src/core/spec/line-index.js';
import { outlineOf, writtenIdRange, type OutlineNode } from '../../../src/core/authoring/outline.js';
import { parseSpec } from '../../../src/core/spec/parse.js';

const EXAMPLE = new URL('../../../examples/health-assistant/health-assistant.aispec.md', import.meta.url);

const names = (nodes: OutlineNode[]): string[] => nodes.map((n) => n.name);
const find = (nodes: OutlineNode[], name: string): OutlineNode | undefined => {
  for (const n of nodes) {
    if (n.name === name) return n;
    const inner = find(n.children, name);
    if (inner) return inner;
  }
  return undefined;
};
const within = (outer: { start: number; end: number }, inner: { start: number; end: number }): boolean => inner.start >= outer.start && inner.end <= outer.end;

describe('authoring: outline', () => {
  const text = readFileSync(EXAMPLE, 'utf8');
  const spec = parseSpec(text, EXAMPLE.pathname);
  const tree = outlineOf(spec);

  it('puts the frontmatter with its keys first, then the title heading with the sections under it', () => {
    assert.equal(tree[0]!.name, 'Frontmatter');
    assert.ok(names(tree[0]!.children).includes('target'));
    assert.equal(find(tree, 'target')!.detail, 'recorded · outputs.jsonl');
    const title = tree[1]!;
    assert.equal(title.kind, 'section');
    assert.deepEqual(names(title.children).slice(0, 3), ['Goal', 'Rubric', 'Anti-patterns']);
  });

  it('lists criteria under the rubric block, anti-patterns, examples and cases by id in their sections', () => {
    const rubric = find(tree, 'Rubric')!;
    const block = rubric.children.find((c) => c.kind === 'rubric')!;
    assert.deepEqual(names(block.children), spec.rubric.map((c) => c.id));
    assert.match(block.children[0]!.detail, /^critical · /);
    const anti = find(tree, 'Anti-patterns')!;
    assert.ok(anti.children.every((c) => c.kind === 'anti-pattern'));
    assert.equal(anti.children[0]!.name, 'Anti-pattern: hedge, then advise');
    const examples = find(tree, 'Examples')!;
    assert.ok(names(examples.children).includes('Passes') && names(examples.children).includes('Fails'));
    const cases = find(tree, 'dose-01') ?? find(tree, spec.cases[0]!.id)!;
    assert.equal(cases.kind, 'case');
    assert.equal(text.slice(cases.selection.start, cases.selection.end), cases.name);
  });

  it('keeps every selection inside its range and every child inside its section', () => {
    const check = (nodes: OutlineNode[], parent?: OutlineNode): void => {
      for (const n of nodes) {
        assert.ok(within(n.range, n.selection), `${n.name}: selection outside range`);
        if (parent && parent.kind === 'section') assert.ok(n.range.start >= parent.range.start && n.range.start < parent.range.end, `${n.name} outside ${parent.name}`);
        check(n.children, n);
      }
    };
    check(tree);
  });
  it('lists at most maxCases cases over all cases blocks; the rest of a block are one node over them', () => {
    const block = (ids: string[]) => `\`\`\`yaml cases\n${ids.map((id) => `- id: ${id}\n  input: "say ${id}"\n  expect: yes\n`).join('')}\`\`\`\n`;
    const specText = `---\naispec: 1\nid: t\nlabels: [yes]\n---\n\n# T\n\n## Cases\n\n${block(['a1', 'a2', 'a3'])}\n## More\n\n${block(['b1', 'b2'])}`;
    const parsed = parseSpec(specText, '/t.aispec.md');
    const blocks = (tree: OutlineNode[]) => [find(tree, 'Cases')!, find(tree, 'More')!].map((section) => section.children.find((c) => c.kind === 'cases')!);
    // All by default, and when the limit is not reached: no summary node.
    for (const options of [{}, { maxCases: 5 }]) assert.deepEqual(blocks(outlineOf(parsed, options)).map((b) => names(b.children)), [['a1', 'a2', 'a3'], ['b1', 'b2']]);
    const [first, second] = blocks(outlineOf(parsed, { maxCases: 2 }));
    assert.deepEqual(names(first!.children), ['a1', 'a2', '… 1 more case']);
    assert.deepEqual(names(second!.children), ['… 2 more cases']);
    const rest = second!.children[0]!;
    assert.equal(rest.kind, 'case');
    assert.equal(rest.detail, 'not listed: the outline lists 2 cases');
    assert.equal(rest.notListed, 2);
    assert.equal(first!.children[2]!.notListed, 1);
    assert.equal(first!.children[0]!.notListed, undefined);
    const [b1, b2] = parsed.cases.slice(3);
    assert.deepEqual(rest.range, { start: b1!.range.start, end: b2!.range.end });
    assert.equal(specText.slice(rest.selection.start, rest.selection.end), 'b1');
    assert.equal(first!.detail, '3 cases', "the block's detail still counts every case");
    assert.deepEqual(blocks(outlineOf(parsed, { maxCases: 0 })).map((b) => names(b.children)), [['… 3 more cases'], ['… 2 more cases']]);
  });

  it('reads a plain id from the text exactly where the locator puts it, and leaves every other id to the locator', () => {
    const variants = [
      'id: plain-1\n  input: a',
      'id: with.dots_and/slash # a comment\n  input: b',
      'id: "quoted"\n  input: c',
      "id: 'single'\n  input: d",
      'input: e\n  id: not-first',
      'id: 42\n  input: f',
      'id: trailing   \n  input: g',
      'id: a:b\n  input: h',
      'id: x#y\n  input: i',
    ];
    const cases = variants.map((v) => `- ${v}\n  expect: yes\n`).join('') + '- {id: flow, input: j}\n- id: last';
    const specText = `---\naispec: 1\nid: t\nlabels: [yes]\n---\n\n# T\n\n## Cases\n\n\`\`\`yaml cases\n${cases}\n\`\`\`\n`;
    const parsed = parseSpec(specText, '/t.aispec.md');
    const all = [...parsed.cases, ...spec.cases, ...spec.rubric];
    let read = 0;
    for (const item of all) {
      const source = item.range.file === '/t.aispec.md' ? specText : text;
      const written = writtenIdRange(source, item);
      if (!written) continue;
      read++;
      const located = item.locate(['id']).value;
      assert.deepEqual(written, { start: located.start, end: located.end }, item.id);
    }
    assert.ok(read >= spec.cases.length + spec.rubric.length + 4, `most ids are read from the text (${read} of ${all.length})`);
    assert.equal(writtenIdRange(specText, parsed.cases.find((c) => c.id === 'not-first')!), undefined);
    assert.equal(writtenIdRange(specText, parsed.cases.find((c) => c.id === 'quoted')!), undefined);
  });
});

describe('authoring: folding', () => {
  const text = readFileSync(EXAMPLE, 'utf8');
  const lines = text.split('\n');
  const folds = foldingRanges(text);
  const startingAt = (pattern: RegExp) => folds.filter((f) => pattern.test(lines[f.startLine]!));

  it('folds the frontmatter and its nested maps', () => {
    assert.ok(folds.some((f) => f.startLine === 0 && lines[f.endLine] === '---'));
    assert.equal(startingAt(/^gates:/).length, 1);
    assert.equal(startingAt(/^ {2}per_tag:/).length, 1);
  });

  it('folds sections by level, fences and callouts', () => {
    const goal = startingAt(/^## Goal/)[0]!;
    assert.ok(lines[goal.endLine + 1] === '' || lines[goal.endLine + 2]!.startsWith('## '), 'a section ends before the next one, without its trailing blank lines');
    assert.ok(startingAt(/^```yaml rubric/).length === 1);
    assert.ok(startingAt(/^> \[!CAUTION\]/).length >= 3);
  });

  it('folds every multi-line case and criterion', () => {
    const caseStarts = startingAt(/^- id: /);
    const multiLine = text.match(/^- id: .*\n {2}\S/gm)!.length;
    assert.equal(caseStarts.length, multiLine);
  });

  it('folds a long list item by item exactly as a parse of the whole block does', () => {
    const shapes = [
      (i: number) => `- id: c${i}\n  input: "Ticket #${i}: which queue?"\n  expect: billing\n`,
      (i: number) => `- id: c${i}\n  input: |\n    line one ${i}\n    line two\n\n  expect: account\n`,
      (i: number) => `- id: c${i}\n  messages:\n    - role: user\n      content: hi ${i}\n    - role: assistant\n      content: >-\n        folded\n        text\n  checks:\n    - regex: "a+"\n`,
      (i: number) => `- id: c${i}\n  tags: [a,\n    b]\n  vars: {x: 1,\n    y: 2}\n`,
      (i: number) => `- id: c${i}\n  input: plain scalar\n    that goes on\n\n\n`,
      (i: number) => `- id: c${i}\n  input: 'quoted ${i}\n    on two lines'  # trailing comment\n  expect: bug\n`,
      (i: number) => `- just a scalar item ${i}\n`,
      (i: number) => `- id: c${i}\n  meta:\n    nested:\n      deeper: [1, 2]\n`,
      (i: number) => `-   id: c${i}\n    input: wide indent\n`,
    ];
    const block = (n: number) => Array.from({ length: n }, (_, i) => shapes[i % shapes.length]!(i)).join('');
    const spec = (body: string, fenceIndent = '') => `---\naispec: 1\nid: big\n---\n\n# Big\n\n## Cases\n\n${fenceIndent}\`\`\`yaml cases\n${body}\`\`\`\n\n## After\n\ntext\n`;
    const itemByItem = [spec(block(900)), spec(block(901)), spec(block(900), '  ')];
    const whole = [`${block(900)}# a comment line\n`, `${block(900)}- id: x\n  input: |\n    # a line of the input\n`, `${block(900)}- &anchor {a: 1}\n`, `${block(900)}- id: [broken\n`].map((b) => spec(b));
    for (const text of [...itemByItem, ...whole]) {
      const reference = foldingRanges(text, false);
      assert.ok(reference.length > 500);
      assert.deepEqual(foldingRanges(text), reference);
      const region = scanLayout(text).regions.find((r) => r.kind === 'cases')!;
      const taken = listFolds(text.slice(region.contentStart, region.contentEnd), region.contentStart, new LineIndex(text), () => 0, () => undefined);
      assert.equal(taken, itemByItem.includes(text), 'item by item exactly when the block is a plain list without comment lines');
    }
  });

  it('folds regions and stays sane on broken YAML', () => {
    const broken = '---\naispec: 1\ntarget:\n  provider: [\n---\n\n<!-- #region notes -->\ntext\n<!-- #endregion -->\n';
    const f = foldingRanges(broken);
    assert.ok(f.some((x) => x.kind === 'region' && x.startLine === 6 && x.endLine === 8));
    for (const x of f) assert.ok(x.endLine > x.startLine);
  });
});
