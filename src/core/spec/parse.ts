// Reads one *.aispec.md text into a ParsedSpec: frontmatter, sections, rubric, callouts and inline cases,
// each with its exact source range. External case files are added by load.ts. Never throws on bad input:
// problems become diagnostics and parsing goes on with whatever is still readable.
import type { Blockquote, Code, Heading, Nodes, Parent, Root } from 'mdast';
import type { Node as YamlNode } from 'yaml';
import { readCallout, type Callouts } from './callouts.js';
import { caseFromValue } from './case-value.js';
import { LineIndex } from './line-index.js';
import { parseMarkdown } from './markdown.js';
import { MAX_SPEC_CHARS, megabytes } from './parse-limits.js';
import { parseYamlRegion } from './yaml-block.js';
import { yamlLocator } from './yaml-locator.js';
import { readYamlList } from './yaml-list.js';
import type { YamlListMemo } from './yaml-list-memo.js';
import type { Case, Criterion, Frontmatter, ParsedSpec, Section, SourceRange } from './types.js';
import { isRecord } from '../util/is-record.js';
import { append } from '../util/append.js';

/** @param memo the cases and rubric items read in earlier parses of this spec (yaml-list-memo.ts); none by default */
export function parseSpec(text: string, file: string, memo?: YamlListMemo): ParsedSpec {
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
  if (text.length > MAX_SPEC_CHARS) {
    // Not parsed at all: the size alone could exhaust memory in the Markdown and YAML parsers.
    const firstLineEnd = text.indexOf('\n');
    spec.diagnostics.push({
      code: 'parse',
      severity: 'error',
      message: `This spec is ${megabytes(text.length)} MB; aispec reads specs of up to ${megabytes(MAX_SPEC_CHARS)} MB. Move cases into a case file (frontmatter cases:).`,
      range: { file, start: 0, end: firstLineEnd < 0 ? Math.min(text.length, 1) : firstLineEnd },
    });
    return spec;
  }
  const lines = new LineIndex(text);
  const root = parseMarkdown(text);
  memo?.nextGeneration();

  spec.frontmatter = readFrontmatter(root, spec, lines);
  spec.sections = readSections(root, text, file);
  const callouts: Callouts = { antiPatterns: spec.antiPatterns, examples: spec.examples, diagnostics: spec.diagnostics, source: text };

  walk(root, root, (node, parent) => {
    if (node.type === 'code') readFencedBlock(node, parent === root, spec, lines, memo);
    else if (node.type === 'blockquote') readCallout(node as Blockquote, file, callouts);
  });
  return spec;
}

function walk(node: Nodes, parent: Nodes, visit: (node: Nodes, parent: Nodes) => void): void {
  visit(node, parent);
  if ('children' in node) for (const child of (node as Parent).children) walk(child as Nodes, node, visit);
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
  append(spec.diagnostics, region.diagnostics);
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

const CLOSING_FENCE = /^ {0,3}(`{3,}|~{3,})\s*$/;

function readFencedBlock(node: Code, topLevel: boolean, spec: ParsedSpec, lines: LineIndex, memo: YamlListMemo | undefined): void {
  const kind = blockKind(node);
  if (!kind) return;
  const start = node.position!.start.offset!;
  const end = node.position!.end.offset!;
  const blockRange: SourceRange = { file: spec.file, start, end };
  if (!topLevel) {
    spec.diagnostics.push({
      code: 'parse',
      severity: 'error',
      message: `Move this \`\`\`yaml ${kind} block out of the list or quote it sits in: blocks are read only at the top level of the document.`,
      range: { file: spec.file, start, end: lines.lineEnd(lines.positionAt(start).line) },
    });
    return;
  }
  // The content is read from the source (remark never saw it: see markdown.ts), between the fence lines.
  const contentStart = Math.min(end, spec.text.indexOf('\n', start) < 0 ? end : spec.text.indexOf('\n', start) + 1);
  const lastLineStart = spec.text.lastIndexOf('\n', end - 1) + 1;
  const closed = lastLineStart > start && CLOSING_FENCE.test(spec.text.slice(lastLineStart, end).replace(/\r$/, ''));
  // Like remark's code value, the content stops before the line break that ends its last line.
  let contentEnd = Math.max(contentStart, closed ? lastLineStart : end);
  if (closed && contentEnd > contentStart && spec.text[contentEnd - 1] === '\n') contentEnd--;
  if (closed && contentEnd > contentStart && spec.text[contentEnd - 1] === '\r') contentEnd--;
  const source = spec.text.slice(contentStart, contentEnd);
  if (kind === 'rubric') spec.rubricBlocks.push(blockRange);

  const list = readYamlList(source, spec.file, contentStart, lines, `this ${kind} block`, memo);
  append(spec.diagnostics, list.diagnostics);
  if (list.kind === 'not-list') {
    spec.diagnostics.push({
      code: 'parse',
      severity: 'error',
      message:
        kind === 'cases'
          ? 'A cases block holds a YAML list of cases: start each case with "- id: ...".'
          : 'A rubric block holds a YAML list of criteria: start each with "- id: ..." and give it a "criterion:".',
      range: { file: spec.file, start: contentStart, end: contentEnd },
    });
  }
  if (list.kind !== 'list') return;

  if (kind === 'cases') {
    const offset = spec.cases.length;
    const cases: Case[] = list.items.map((it, i) => caseFromValue(it.raw, it.range, it.line, it.locate, offset + i));
    append(spec.cases, cases);
    spec.caseSources.push({ kind: 'inline', file: spec.file, range: blockRange, count: cases.length });
  } else {
    for (const it of list.items) spec.rubric.push(criterionFromValue(it.raw, it.range, it.locate, spec.rubric.length));
  }
}

function criterionFromValue(raw: unknown, range: SourceRange, locate: Criterion['locate'], index: number): Criterion {
  const obj = isRecord(raw) ? raw : {};
  const criterion: Criterion = {
    id: typeof obj.id === 'string' ? obj.id : `criterion-${index + 1}`,
    criterion: typeof obj.criterion === 'string' ? obj.criterion : '',
    weight: typeof obj.weight === 'number' ? obj.weight : 1,
    critical: obj.critical === true,
    raw,
    range,
    locate,
  };
  if (isRecord(obj.check)) criterion.check = obj.check;
  if (isRecord(obj.applies_to) && Array.isArray(obj.applies_to.tags)) {
    criterion.applies_to = { tags: obj.applies_to.tags.filter((tag): tag is string => typeof tag === 'string') };
  }
  return criterion;
}

