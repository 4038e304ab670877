// Reads a YAML list (a cases or rubric block, a YAML case file) fast. Case blocks can hold thousands of
// items, and a full `yaml` Document with a node per scalar costs ~8x what js-yaml needs for the values, so:
//  - js-yaml (core schema, like `yaml`'s default) reads the values, and its listener reports where each
//    top-level item starts and ends, which is all a case needs (its range and line);
//  - the `yaml` Document, with ranges for every key and value, is built lazily, only when a diagnostic asks
//    a locator where something is;
//  - flat items of one-line strings and lists of words, the usual cases block, are read without js-yaml
//    (simple-yaml-list.ts), to the same values and spans;
//  - invalid YAML takes the slow path from the start, because `yaml` reports every error with its place;
//  - so does YAML with anchors or nesting past the cap: js-yaml shares an anchored value between its
//    aliases and has no cap of its own, so an alias bomb would load here in a blink and explode in whatever
//    walks the values next. `yaml` counts alias expansion and parse-limits bounds the depth.
import { CORE_SCHEMA, load, type State } from 'js-yaml';
import { isSeq, type Node as YamlNode } from 'yaml';
import type { LineIndex } from './line-index.js';
import { MAX_NESTING_DEPTH } from './parse-limits.js';
import { parseYamlRegion } from './yaml-block.js';
import { readSimpleYamlList } from './simple-yaml-list.js';
import { yamlLocator } from './yaml-locator.js';
import type { Diagnostic, Locator, SourceRange } from './types.js';

export interface YamlListItem {
  raw: unknown;
  range: SourceRange;
  /** 1-based line of the item's start in its file. */
  line: number;
  locate: Locator;
}

export type YamlList =
  | { kind: 'list'; items: YamlListItem[]; diagnostics: Diagnostic[] }
  | { kind: 'empty' | 'not-list' | 'invalid'; items: []; diagnostics: Diagnostic[] };

/**
 * @param source the YAML text
 * @param base offset of `source` in its file
 * @param lines the LineIndex of the whole file (for item lines)
 */
export function readYamlList(source: string, file: string, base: number, lines: LineIndex, what: string): YamlList {
  const fast = readFast(source);
  if (fast === undefined) return readSlow(source, file, base, lines, what);
  const { values, spans } = fast;
  if (values === null || values === undefined) return { kind: 'empty', items: [], diagnostics: [] };
  if (!Array.isArray(values)) return { kind: 'not-list', items: [], diagnostics: [] };
  if (spans.length !== values.length) return readSlow(source, file, base, lines, what);

  // One lazily built Document serves every locator of the block.
  let document: YamlNode[] | undefined;
  const nodes = () => (document ??= (() => {
    const region = parseYamlRegion(source, file, base, what);
    return isSeq(region.doc.contents) ? (region.doc.contents.items as YamlNode[]) : [];
  })());

  const items = values.map((raw, i): YamlListItem => {
    const [start, end] = spans[i]!;
    const range: SourceRange = { file, start: base + start, end: base + trimEnd(source, start, end) };
    const locate: Locator = (path) => yamlLocator(nodes()[i], file, base, range)(path);
    return { raw, range, line: lines.positionAt(range.start).line + 1, locate };
  });
  return { kind: 'list', items, diagnostics: [] };
}

/**
 * Values and top-level item spans, or undefined when js-yaml rejects the text or the text defines anchors
 * or nests too deep (then `yaml` explains why, or reads it within its alias cap).
 */
function readFast(source: string): { values: unknown; spans: Array<[number, number]> } | undefined {
  const simple = readSimpleYamlList(source);
  if (simple) return simple;
  const spans: Array<[number, number]> = [];
  const starts: number[] = [];
  let depth = 0;
  let anchors: Record<string, unknown> | undefined;
  try {
    const values = load(source, {
      schema: CORE_SCHEMA,
      listener(event: 'open' | 'close', state: State) {
        anchors ??= (state as State & { anchorMap?: Record<string, unknown> }).anchorMap;
        if (event === 'open') {
          depth++;
          // Every node opens a level, scalars too: the document is level 1, so collections nest one less.
          if (depth > MAX_NESTING_DEPTH + 2) throw new RangeError('nesting past the cap');
          if (depth === 2) starts.push(state.position);
        } else {
          if (depth === 2) spans.push([starts.pop()!, state.position]);
          depth--;
        }
      },
    });
    if (anchors === undefined || Object.keys(anchors).length > 0) return undefined;
    return { values, spans };
  } catch {
    return undefined;
  }
}

function readSlow(source: string, file: string, base: number, lines: LineIndex, what: string): YamlList {
  const region = parseYamlRegion(source, file, base, what);
  if (region.value === undefined) return { kind: 'invalid', items: [], diagnostics: region.diagnostics };
  if (region.value === null) return { kind: 'empty', items: [], diagnostics: region.diagnostics };
  const seq = region.doc.contents;
  if (!isSeq(seq) || !Array.isArray(region.value)) return { kind: 'not-list', items: [], diagnostics: region.diagnostics };
  const values = region.value as unknown[];
  const whole: SourceRange = { file, start: base, end: base + source.length };
  const items = seq.items.map((item, i): YamlListItem => {
    const node = item as YamlNode;
    const range: SourceRange = node?.range ? { file, start: base + node.range[0], end: base + node.range[1] } : whole;
    return { raw: values[i], range, line: lines.positionAt(range.start).line + 1, locate: yamlLocator(node, file, base, range) };
  });
  return { kind: 'list', items, diagnostics: region.diagnostics };
}

/** The listener's end includes the line break and indentation before the next item; ranges stop at the text. */
function trimEnd(source: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(source[e - 1]!)) e--;
  return e;
}
