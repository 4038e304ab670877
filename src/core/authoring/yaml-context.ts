// Where the cursor stands in a YAML region, as a path (`target` → key being written; `[3, 'tags', 1]` → a
// value), read with the `yaml` package's node ranges, never with regular expressions. Completion is asked
// for on text that is half-written and often not valid YAML (`  mo|` under `target:` is a key with no
// colon), so the cursor is marked: a placeholder word is inserted at the cursor, the text is parsed (yaml
// recovers from the errors this leaves), and the placeholder's node tells what is being typed and where.
import { isMap, isPair, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';

export type YamlPath = (string | number)[];

/** A word YAML reads as a plain scalar anywhere a key or value can stand, and no one writes. */
const MARKER = 'aispecCursorMarker7q';

/** Characters of a key or plain value that completion replaces (kebab-case rule ids, dotted paths, labels). */
const WORD = /[\p{L}\p{N}_.\-/@$]/u;

export interface CompletionSite {
  /** `key`: a key is being written in the object at `path`. `value`: the value at `path` is. */
  role: 'key' | 'value';
  path: YamlPath;
  /** What was typed of the key or value before the cursor (quotes left out). */
  partial: string;
  /** Offsets in the region's text that a completion replaces: the word around the cursor. */
  replace: { start: number; end: number };
  /** role key: the keys already in the object. role value in a list: the list's other items. */
  siblings: string[];
  /** The region's data with the text at the cursor left out (undefined when unreadable). */
  data: unknown;
  /** The object or list around the cursor is a flow collection (`{ ... }`, `[ ... ]`). */
  flow: boolean;
  /** The value at the cursor is quoted. */
  quoted: boolean;
  /** role value: on its key's line (`key: |`) or a list item; false on a line of its own under `key:`. */
  inline: boolean;
  /** role value: the value is a list item. */
  item: boolean;
  /** Column where the key or value at the cursor starts: what added lines are indented from. */
  column: number;
  /** A space must come before an inserted value (`key:|`). */
  needsSpace: boolean;
}

function wordBounds(source: string, offset: number): { start: number; end: number } {
  let start = offset;
  while (start > 0 && WORD.test(source.charAt(start - 1))) start--;
  let end = offset;
  while (end < source.length && WORD.test(source.charAt(end))) end++;
  return { start, end };
}

const lineStartOf = (text: string, offset: number): number => text.lastIndexOf('\n', offset - 1) + 1;

const hasMarker = (node: unknown): boolean => isScalar(node) && typeof node.value === 'string' && node.value.includes(MARKER);

const keyName = (key: unknown): string | undefined => (isScalar(key) ? String(key.value) : undefined);

interface Found {
  role: 'key' | 'value';
  path: YamlPath;
  node: YamlNode;
  parent: YamlNode | null;
  /** For a value in a map: the pair's key node. */
  keyNode?: YamlNode;
}

function findMarker(node: unknown, path: YamlPath, parent: YamlNode | null): Found | undefined {
  if (hasMarker(node)) return { role: 'value', path, node: node as YamlNode, parent };
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      if (hasMarker(pair.key)) return { role: 'key', path, node: pair.key as YamlNode, parent: node };
      const name = keyName(pair.key);
      if (name === undefined) continue;
      if (hasMarker(pair.value)) return { role: 'value', path: [...path, name], node: pair.value as YamlNode, parent: node, keyNode: pair.key as YamlNode };
      const inner = findMarker(pair.value, [...path, name], node);
      if (inner) return inner;
    }
  } else if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) {
      const inner = findMarker(item, [...path, i], node);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** The data of a document without the marker: keys and items holding it are dropped. */
function withoutMarker(value: unknown): unknown {
  if (typeof value === 'string') return value.includes(MARKER) ? undefined : value;
  if (Array.isArray(value)) return value.map(withoutMarker).filter((v) => v !== undefined);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k.includes(MARKER)) continue;
      const kept = withoutMarker(v);
      if (kept !== undefined || v === null) out[k] = kept ?? null;
    }
    return out;
  }
  return value;
}

/** What is being written at `offset` of a YAML text, or undefined where nothing is (a comment, a block scalar's text). */
export function completionSite(source: string, offset: number): CompletionSite | undefined {
  const bounds = wordBounds(source, offset);
  // `key:|` (no space yet): the value needs one. Only right after a key, not inside `http://...`.
  const needsSpace = source.charAt(bounds.start - 1) === ':' && /^\s*(?:- +)*[\p{L}\p{N}_.-]+:$/u.test(source.slice(lineStartOf(source, bounds.start), bounds.start));
  const before = source.slice(0, bounds.start) + (needsSpace ? ' ' : '') + source.slice(bounds.start, offset);
  let marked = before + MARKER + source.slice(offset);
  let doc = parseDocument(marked, { uniqueKeys: false, prettyErrors: false, logLevel: 'error' });
  let found = findMarker(doc.contents, [], null);
  // A word alone on a line before `key:` at the same indentation reads as one plain scalar spanning both
  // lines ("mo target"): it is a key being written, so mark it as one (`MARKER:`) and read again.
  if (found?.node.range && marked.slice(found.node.range[0], found.node.range[1]).includes('\n')) {
    marked = before + MARKER + source.slice(offset, bounds.end) + ':' + source.slice(bounds.end);
    doc = parseDocument(marked, { uniqueKeys: false, prettyErrors: false, logLevel: 'error' });
    found = findMarker(doc.contents, [], null);
  }
  if (!found) return undefined;
  const scalar = found.node as YamlNode & { value: string; type?: string };
  const partial = scalar.value.slice(0, scalar.value.indexOf(MARKER));
  const quoted = scalar.type === 'QUOTE_DOUBLE' || scalar.type === 'QUOTE_SINGLE';
  // Ranges in the marked text; everything before the cursor is the same in both, plus the optional space.
  const nodeStart = scalar.range?.[0] ?? bounds.start;
  const column = nodeStart - lineStartOf(marked, nodeStart);
  let inline = true;
  if (found.role === 'value' && found.keyNode?.range) {
    inline = lineStartOf(marked, found.keyNode.range[0]) === lineStartOf(marked, nodeStart);
  }
  const parent = found.parent;
  const flow = Boolean(parent && (isMap(parent) || isSeq(parent)) && parent.flow);
  const siblings: string[] = [];
  if (found.role === 'key' && isMap(parent)) {
    for (const pair of parent.items) if (isPair(pair) && !hasMarker(pair.key) && isScalar(pair.key)) siblings.push(String(pair.key.value));
  } else if (isSeq(parent)) {
    for (const item of parent.items) if (isScalar(item) && !hasMarker(item)) siblings.push(String(item.value));
  }
  let data: unknown;
  try {
    data = withoutMarker(doc.toJS({ maxAliasCount: 100 }));
  } catch {
    data = undefined;
  }
  return {
    role: found.role,
    path: found.path,
    partial,
    replace: { start: bounds.start, end: bounds.end },
    siblings,
    data,
    flow,
    quoted,
    inline,
    item: isSeq(parent) && found.role === 'value',
    column,
    needsSpace,
  };
}

export interface NodeAt {
  role: 'key' | 'value';
  /** Path of the key (role key: the key itself is the last segment) or of the value. */
  path: YamlPath;
  /** Offsets in the region's text of the key or scalar value under the cursor. */
  range: { start: number; end: number };
  /** The scalar's value. */
  value: unknown;
  /** The whole region's data (undefined when unreadable). */
  data: unknown;
}

/** The key or scalar value under `offset`, for hovers. */
export function nodeAt(source: string, offset: number): NodeAt | undefined {
  const doc = parseDocument(source, { uniqueKeys: false, prettyErrors: false, logLevel: 'error' });
  const inside = (node: unknown): node is YamlNode =>
    isScalar(node) && Boolean(node.range) && offset >= node.range![0] && offset <= node.range![1];
  let hit: Omit<NodeAt, 'data'> | undefined;
  const walk = (node: unknown, path: YamlPath): void => {
    if (hit) return;
    if (inside(node)) {
      hit = { role: 'value', path, range: { start: node.range![0], end: node.range![1] }, value: (node as { value: unknown }).value };
    } else if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const name = keyName(pair.key);
        if (name === undefined) continue;
        if (inside(pair.key)) {
          hit = { role: 'key', path: [...path, name], range: { start: pair.key.range![0], end: pair.key.range![1] }, value: name };
          return;
        }
        walk(pair.value, [...path, name]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, [...path, i]));
    }
  };
  walk(doc.contents, []);
  if (!hit) return undefined;
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch {
    data = undefined;
  }
  return { ...hit, data };
}

/** The value at `path` inside plain data. */
export function valueAt(data: unknown, path: YamlPath): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}
