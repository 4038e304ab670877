// The outline of a spec: the frontmatter with its top-level keys, then the Markdown sections as a tree by
// heading level, and in each section what it holds: rubric blocks with their criteria, anti-patterns, pass
// and fail examples, cases blocks with their cases (by id). Offsets into the spec's text.
import type { ParsedSpec, SourceRange } from '../spec/types.js';
import { isRecord } from '../util/is-record.js';

export type OutlineKind = 'frontmatter' | 'key' | 'section' | 'rubric' | 'criterion' | 'anti-pattern' | 'example' | 'cases' | 'case';

export interface OutlineNode {
  name: string;
  detail: string;
  kind: OutlineKind;
  /** The whole element. */
  range: { start: number; end: number };
  /** What is revealed when the node is picked: the heading, the id, the key. Inside `range`. */
  selection: { start: number; end: number };
  children: OutlineNode[];
  /** On the node that stands for the cases a limit left out (OutlineOptions.maxCases): how many. */
  notListed?: number;
}

function short(text: string, max = 60): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

function lineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end === -1 ? text.length : end;
}

/** `id: word` as an item's first key: a plain id, then at most a comment, on the line. */
const PLAIN_ID = /^id:[ \t]+([A-Za-z0-9_][A-Za-z0-9_./-]*)[ \t]*(?:#[^\n]*)?(?:\r?\n|$)/;

/**
 * Where an item's id is written, read from the text when its first key is `id:` with a plain word (as nearly
 * every case and criterion is written); else undefined, and the item's locator says. The locator builds the
 * block's full `yaml` Document, over a second for 10,000 cases, which the outline would otherwise need at each
 * edit for its selections. Same range as the locator's: the scalar, without the comment after it.
 */
export function writtenIdRange(text: string, item: { id: string; range: SourceRange }): { start: number; end: number } | undefined {
  const match = PLAIN_ID.exec(text.slice(item.range.start, item.range.end));
  if (!match || match[1] !== item.id) return undefined;
  const start = item.range.start + match[0].indexOf(match[1], 3);
  return { start, end: start + match[1].length };
}

/** The selection of an item with an id: its id where it is written. */
function idSelection(text: string, item: { id: string; range: SourceRange; locate: ParsedSpec['cases'][number]['locate'] }): { start: number; end: number } {
  const written = writtenIdRange(text, item);
  return within(text, item.range, written ? { file: item.range.file, ...written } : item.locate(['id']).value);
}

/** A selection inside `range`: `inner` when it fits, else the range's first line. */
function within(text: string, range: { start: number; end: number }, inner?: SourceRange): { start: number; end: number } {
  if (inner && inner.start >= range.start && inner.end <= range.end) return { start: inner.start, end: inner.end };
  return { start: range.start, end: Math.min(range.end, lineEnd(text, range.start)) };
}

function node(name: string, kind: OutlineKind, range: { start: number; end: number }, selection: { start: number; end: number }, detail = ''): OutlineNode {
  return { name: name || '(unnamed)', detail, kind, range: { start: range.start, end: range.end }, selection, children: [] };
}

function frontmatterNode(spec: ParsedSpec): OutlineNode | undefined {
  const fm = spec.frontmatter;
  if (!fm) return undefined;
  const text = spec.text;
  const closing = lineEnd(text, fm.range.end);
  const range = { start: 0, end: Math.max(closing, fm.range.end) };
  const data = fm.data;
  const top = node('Frontmatter', 'frontmatter', range, within(text, range), isRecord(data) && typeof data.id === 'string' ? data.id : '');
  if (!isRecord(data)) return top;
  for (const [key, value] of Object.entries(data)) {
    const at = fm.locate([key]);
    if (!at.key) continue;
    const keyRange = { start: at.key.start, end: Math.max(at.key.end, at.value.end) };
    let detail = '';
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') detail = short(String(value));
    else if (Array.isArray(value)) detail = short(value.map(String).join(', '));
    else if (isRecord(value) && typeof value.provider === 'string') detail = [value.provider, value.model ?? value.url ?? value.path].filter((v) => typeof v === 'string').join(' · ');
    else if (isRecord(value)) detail = short(Object.keys(value).join(', '));
    top.children.push(node(key, 'key', keyRange, { start: at.key.start, end: at.key.end }, detail));
  }
  return top;
}

export interface OutlineOptions {
  /**
   * The most cases the outline lists, over all the spec's cases blocks; the rest of a block are one node
   * ("… 9,000 more cases") spanning them. The editor sends every node to the window after each edit:
   * 10,000 cases took the extension host ~25 ms an edit to send (bench:editor --profile). Default: all.
   */
  maxCases?: number;
}

export function outlineOf(spec: ParsedSpec, options: OutlineOptions = {}): OutlineNode[] {
  const text = spec.text;
  let casesLeft = options.maxCases ?? Number.POSITIVE_INFINITY;
  const roots: OutlineNode[] = [];
  const fm = frontmatterNode(spec);
  if (fm) roots.push(fm);

  // Sections as a tree: each heading goes under the nearest earlier heading of a lower level.
  const stack: { depth: number; node: OutlineNode }[] = [];
  for (const section of spec.sections) {
    const n = node(section.title, 'section', section.range, within(text, section.range, section.headingRange));
    while (stack.length && stack[stack.length - 1]!.depth >= section.depth) stack.pop();
    (stack.length ? stack[stack.length - 1]!.node.children : roots).push(n);
    stack.push({ depth: section.depth, node: n });
  }

  const elements: OutlineNode[] = [];
  const own = (r: SourceRange): boolean => r.file === spec.file;
  for (const block of spec.rubricBlocks.filter(own)) {
    const criteria = spec.rubric.filter((c) => own(c.range) && c.range.start >= block.start && c.range.end <= block.end);
    const b = node('rubric', 'rubric', block, within(text, block), `${criteria.length} criteri${criteria.length === 1 ? 'on' : 'a'}`);
    for (const c of criteria) {
      b.children.push(node(c.id, 'criterion', c.range, idSelection(text, c), `${c.critical ? 'critical · ' : ''}${short(c.criterion)}`));
    }
    elements.push(b);
  }
  for (const source of spec.caseSources.filter((s) => s.kind === 'inline' && own(s.range))) {
    const cases = spec.cases.filter((c) => own(c.range) && c.range.start >= source.range.start && c.range.end <= source.range.end);
    const b = node('cases', 'cases', source.range, within(text, source.range), `${cases.length} case${cases.length === 1 ? '' : 's'}`);
    const listed = Math.max(0, Math.min(cases.length, casesLeft));
    casesLeft -= listed;
    for (const c of cases.slice(0, listed)) {
      const said = c.input ?? c.messages?.[c.messages.length - 1]?.content ?? '';
      const detail = [c.expect ? `→ ${c.expect}` : '', short(said, 50)].filter(Boolean).join(' · ');
      b.children.push(node(c.id, 'case', c.range, idSelection(text, c), detail));
    }
    if (listed < cases.length) {
      // The cases not listed, as one node over them: the breadcrumbs and sticky scroll inside them say so.
      const first = cases[listed]!;
      const rest = cases.length - listed;
      const span = { start: first.range.start, end: cases[cases.length - 1]!.range.end };
      const detail = `not listed: the outline lists ${(options.maxCases ?? 0).toLocaleString('en-US')} case${options.maxCases === 1 ? '' : 's'}`;
      const more = node(`… ${rest.toLocaleString('en-US')} more case${rest === 1 ? '' : 's'}`, 'case', span, idSelection(text, first), detail);
      more.notListed = rest;
      b.children.push(more);
    }
    elements.push(b);
  }
  for (const a of spec.antiPatterns.filter((x) => own(x.range))) {
    elements.push(node(`Anti-pattern: ${a.name}`, 'anti-pattern', a.range, within(text, a.range), a.detector ? `${a.detector.on === 'tool' ? 'tool:' : ''}/${a.detector.pattern}/${a.detector.flags}` : 'no detector'));
  }
  for (const e of spec.examples.filter((x) => own(x.range))) {
    elements.push(node(e.kind === 'pass' ? 'Passes' : 'Fails', 'example', e.range, within(text, e.range), short(e.text.replace(/^\*{0,2}(passes|fails)\.?\*{0,2}\s*/i, ''))));
  }
  for (const element of elements) place(roots, element);
  sortTree(roots);
  return roots;
}

/** Puts an element under the deepest section that contains it. */
function place(nodes: OutlineNode[], element: OutlineNode): void {
  const parent = nodes.find((n) => n.kind === 'section' && element.range.start >= n.range.start && element.range.start < n.range.end);
  if (parent) place(parent.children, element);
  else nodes.push(element);
}

function sortTree(nodes: OutlineNode[]): void {
  nodes.sort((a, b) => a.range.start - b.range.start);
  for (const n of nodes) sortTree(n.children);
}
