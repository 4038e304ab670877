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
import { isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import type { LineIndex } from './line-index.js';
import { MAX_ALIAS_COUNT, MAX_NESTING_DEPTH } from './parse-limits.js';
import { parseYamlRegion } from './yaml-block.js';
import { readSimpleYamlList } from './simple-yaml-list.js';
import type { YamlListMemo } from './yaml-list-memo.js';
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
 * @param memo items read before, by their text (yaml-list-memo.ts): an edited block reads only what changed
 */
export function readYamlList(source: string, file: string, base: number, lines: LineIndex, what: string, memo?: YamlListMemo): YamlList {
  const fast = memo ? (memo.read(source) ?? readFast(source, false)) : readFast(source);
  if (fast === undefined) return readSlow(source, file, base, lines, what);
  const { values, spans } = fast;
  if (values === null || values === undefined) return { kind: 'empty', items: [], diagnostics: [] };
  if (!Array.isArray(values)) return { kind: 'not-list', items: [], diagnostics: [] };
  if (spans.length !== values.length) return readSlow(source, file, base, lines, what);

  const nodes = lazyItemNodes(source, spans, values, file, base, what);
  const items = values.map((raw, i): YamlListItem => {
    const [start, end] = spans[i]!;
    const range: SourceRange = { file, start: base + start, end: base + trimEnd(source, start, end) };
    const locate: Locator = (path) => {
      const { node, offset } = nodes(i);
      return yamlLocator(node, file, base + offset, range)(path);
    };
    return { raw, range, line: lines.positionAt(range.start).line + 1, locate };
  });
  return { kind: 'list', items, diagnostics: [] };
}

/**
 * Values and top-level item spans (`maybeSimple` false: the memo found the text not of the simple shape), or undefined when js-yaml rejects the text or the text defines anchors
 * or nests too deep (then `yaml` explains why, or reads it within its alias cap).
 */
function readFast(source: string, maybeSimple = true): { values: unknown; spans: Array<[number, number]> } | undefined {
  const simple = maybeSimple ? readSimpleYamlList(source) : undefined;
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

/**
 * After this many items were located one by one, the next locate parses the whole block once: the outline
 * locates every case, and one Document is cheaper than thousands of small ones.
 */
const ITEMS_LOCATED_ALONE = 64;

/**
 * The `yaml` node of item i, with the offset in `source` its ranges count from. A diagnostic in one case of a
 * 10,000-case block used to parse the whole block with `yaml` (~8x js-yaml's cost, most of a live check after
 * a keystroke); an item of a block list is parsed alone instead, from the start of its "-" line to the next
 * item's, which gives the same node and ranges, since a block item's meaning does not depend on its siblings
 * (no anchors reach here: readFast gives them to the slow path). Anything else (a flow list, an item that
 * does not read back alone to the value the whole block gave it) falls back to the whole block's Document.
 */
function lazyItemNodes(source: string, spans: ReadonlyArray<[number, number]>, values: readonly unknown[], file: string, base: number, what: string) {
  let whole: YamlNode[] | undefined;
  const wholeNodes = () => (whole ??= (() => {
    const region = parseYamlRegion(source, file, base, what);
    return isSeq(region.doc.contents) ? (region.doc.contents.items as YamlNode[]) : [];
  })());
  const alone = new Map<number, { node: YamlNode; offset: number } | null>();
  return (i: number): { node: YamlNode | undefined; offset: number } => {
    if (whole || alone.size >= ITEMS_LOCATED_ALONE) return { node: wholeNodes()[i], offset: 0 };
    let found = alone.get(i);
    if (found === undefined) alone.set(i, (found = itemAlone(source, spans[i]!, values[i])));
    return found ?? { node: wholeNodes()[i], offset: 0 };
  };
}

/** The item of a block list at `span`, parsed alone; null unless it reads back to `value` exactly. */
function itemAlone(source: string, [start, end]: [number, number], value: unknown): { node: YamlNode; offset: number } | null {
  const lineStart = source.lastIndexOf('\n', start - 1) + 1;
  // A block list item: only its "-" indicator (and indentation) before the item on its line.
  if (!/^[ ]*-[ ]+$/.test(source.slice(lineStart, start))) return null;
  const doc = parseDocument(source.slice(lineStart, end), { uniqueKeys: true, prettyErrors: false, keepSourceTokens: false, logLevel: 'error' });
  if (doc.errors.length > 0 || !isSeq(doc.contents) || doc.contents.items.length !== 1) return null;
  let alone: unknown;
  try {
    alone = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    return null;
  }
  // Same text, same key order: equal values serialise equally (the core has no node:util to compare them).
  if (JSON.stringify(alone) !== JSON.stringify([value])) return null;
  return { node: doc.contents.items[0] as YamlNode, offset: lineStart };
}

/** The listener's end includes the line break and indentation before the next item; ranges stop at the text. */
function trimEnd(source: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(source[e - 1]!)) e--;
  return e;
}
