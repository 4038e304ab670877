// Reads one *.aispec.md text into a ParsedSpec: frontmatter, sections, rubric, callouts and inline cases,
// each with its exact source range. External case files are added by load.ts. Never throws on bad input:
// problems become diagnostics and parsing goes on with whatever is still readable.
import type { Blockquote, Code, Heading, Nodes, Parent, Root } from 'mdast';
import { isSeq, type Node as YamlNode } from 'yaml';
import { readCallout, type Callouts } from './callouts.js';
import { caseFromValue } from './case-value.js';
import { LineIndex } from './line-index.js';
import { parseMarkdown } from './markdown.js';
import { parseYamlRegion } from './yaml-block.js';
import { yamlLocator } from './yaml-locator.js';
import type { Case, Criterion, Frontmatter, ParsedSpec, Section, SourceRange } from './types.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseSpec(text: string, file: string): ParsedSpec {
  const spec: ParsedSpec = {
    file,
    text,
    sections: [],
    rubric: [],
    rubricBlocks: [],
    antiPatterns: [],
    examples: [],
    cases: [],
    caseSources: [],
    files: new Map(),
    diagnostics: [],
  };
  const lines = new LineIndex(text);
  const root = parseMarkdown(text);

  spec.frontmatter = readFrontmatter(root, spec, lines);
  spec.sections = readSections(root, text, file);
  const callouts: Callouts = { antiPatterns: spec.antiPatterns, examples: spec.examples, diagnostics: spec.diagnostics };

  walk(root, (node) => {
    if (node.type === 'code') readFencedBlock(node, spec, lines);
    else if (node.type === 'blockquote') readCallout(node as Blockquote, file, callouts);
  });
  return spec;
}

function walk(node: Nodes, visit: (node: Nodes) => void): void {
  visit(node);
  if ('children' in node) for (const child of (node as Parent).children) walk(child as Nodes, visit);
}

function readFrontmatter(root: Root, spec: ParsedSpec, lines: LineIndex): Frontmatter | undefined {
  const node = root.children[0];
  if (!node || node.type !== 'yaml') {
    spec.diagnostics.push({
      code: 'parse',
      severity: 'error',
      message: 'A spec starts with YAML frontmatter between "---" lines, with at least aispec: 1, id and title.',
      range: { file: spec.file, start: 0, end: lines.lineEnd(0) },
      fixes: [
        {
          title: 'Add frontmatter',
          edits: [{ file: spec.file, start: 0, end: 0, newText: '---\naispec: 1\nid: my-spec\ntitle: What the assistant must do\n---\n\n' }],
        },
      ],
    });
    return undefined;
  }
  const nodeStart = node.position!.start.offset!;
  const contentStart = spec.text.indexOf('\n', nodeStart) + 1;
  const range: SourceRange = { file: spec.file, start: contentStart, end: contentStart + node.value.length };
  const region = parseYamlRegion(node.value, spec.file, contentStart, 'the frontmatter');
  spec.diagnostics.push(...region.diagnostics);
  return { data: region.value ?? null, range, locate: yamlLocator(region.doc.contents as YamlNode | null, spec.file, contentStart, range) };
}

function readSections(root: Root, text: string, file: string): Section[] {
  const headings = root.children.filter((n): n is Heading => n.type === 'heading');
  return headings.map((heading, i) => {
    const start = heading.position!.start.offset!;
    const next = headings.slice(i + 1).find((h) => h.depth <= heading.depth);
    const end = next ? next.position!.start.offset! : text.length;
    return {
      title: heading.children.map((c) => ('value' in c ? c.value : '')).join('').trim(),
      depth: heading.depth,
      range: { file, start, end },
      headingRange: { file, start, end: heading.position!.end.offset! },
    };
  });
}

/** The block kind named after `yaml` in the fence's info string: ```yaml cases, ```yaml rubric. */
function blockKind(node: Code): 'cases' | 'rubric' | undefined {
  if (node.lang?.toLowerCase() !== 'yaml' || !node.meta) return undefined;
  const word = node.meta.trim().split(/\s+/)[0]?.toLowerCase();
  return word === 'cases' || word === 'rubric' ? word : undefined;
}

function readFencedBlock(node: Code, spec: ParsedSpec, lines: LineIndex): void {
  const kind = blockKind(node);
  if (!kind) return;
  const start = node.position!.start.offset!;
  const end = node.position!.end.offset!;
  const blockRange: SourceRange = { file: spec.file, start, end };
  const contentStart = spec.text.indexOf('\n', start) + 1;
  if (contentStart === 0 || spec.text.slice(contentStart, contentStart + node.value.length) !== node.value) {
    spec.diagnostics.push({
      code: 'parse',
      severity: 'error',
      message: `Move this \`\`\`yaml ${kind} block out of the list or quote it sits in: blocks are read only at the top level of the document.`,
      range: { file: spec.file, start, end: lines.lineEnd(lines.positionAt(start).line) },
    });
    return;
  }
  const region = parseYamlRegion(node.value, spec.file, contentStart, `this ${kind} block`);
  spec.diagnostics.push(...region.diagnostics);
  if (kind === 'rubric') spec.rubricBlocks.push(blockRange);
  if (region.value === undefined) return;
  const seq = region.doc.contents;
  if (region.value === null) return; // an empty block: lint reports missing cases or criteria
  if (!isSeq(seq) || !Array.isArray(region.value)) {
    spec.diagnostics.push({
      code: 'parse',
      severity: 'error',
      message:
        kind === 'cases'
          ? 'A cases block holds a YAML list of cases: start each case with "- id: ...".'
          : 'A rubric block holds a YAML list of criteria: start each with "- id: ..." and give it a "criterion:".',
      range: { file: spec.file, start: contentStart, end: contentStart + node.value.length },
    });
    return;
  }
  const values = region.value as unknown[];
  const items: Array<{ raw: unknown; range: SourceRange; line: number; locate: ReturnType<typeof yamlLocator> }> = [];
  seq.items.forEach((item, i) => {
    const itemNode = item as YamlNode;
    const range: SourceRange = itemNode?.range
      ? { file: spec.file, start: contentStart + itemNode.range[0], end: contentStart + itemNode.range[1] }
      : blockRange;
    items.push({ raw: values[i], range, line: lines.positionAt(range.start).line + 1, locate: yamlLocator(itemNode, spec.file, contentStart, range) });
  });

  if (kind === 'cases') {
    const offset = spec.cases.length;
    const cases: Case[] = items.map((it, i) => caseFromValue(it.raw, it.range, it.line, it.locate, offset + i));
    spec.cases.push(...cases);
    spec.caseSources.push({ kind: 'inline', file: spec.file, range: blockRange, count: cases.length });
  } else {
    for (const [i, it] of items.entries()) spec.rubric.push(criterionFromValue(it.raw, it.range, it.locate, spec.rubric.length + i));
  }
}

function criterionFromValue(raw: unknown, range: SourceRange, locate: Criterion['locate'], index: number): Criterion {
  const obj = isRecord(raw) ? raw : {};
  const criterion: Criterion = {
    id: typeof obj.id === 'string' ? obj.id : `criterion-${index + 1}`,
    criterion: typeof obj.criterion === 'string' ? obj.criterion : '',
    weight: typeof obj.weight === 'number' ? obj.weight : 1,
    critical: obj.critical === true,
    range,
    locate,
  };
  if (isRecord(obj.check)) criterion.check = obj.check;
  return criterion;
}

