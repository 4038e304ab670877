// The outline tree and the folding ranges of a spec.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { foldingRanges } from '../../../src/core/authoring/folding.js';
import { outlineOf, type OutlineNode } from '../../../src/core/authoring/outline.js';
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

  it('folds regions and stays sane on broken YAML', () => {
    const broken = '---\naispec: 1\ntarget:\n  provider: [\n---\n\n<!-- #region notes -->\ntext\n<!-- #endregion -->\n';
    const f = foldingRanges(broken);
    assert.ok(f.some((x) => x.kind === 'region' && x.startLine === 6 && x.endLine === 8));
    for (const x of f) assert.ok(x.endLine > x.startLine);
  });
});
