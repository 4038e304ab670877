// Folding for a spec. An editor uses a language's folding provider instead of indentation, so this folds
// everything a Markdown reader expects (sections by heading level, fenced code blocks, quotes and callouts,
// <!-- #region --> markers) plus the YAML: the frontmatter and its nested maps, every case and criterion and
// the multi-line values inside them. Line-based, from the text alone: it works while the spec is broken.
import { CORE_SCHEMA, load, type State } from 'js-yaml';
import { isMap, isPair, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import { isRecord } from '../util/is-record.js';
import { LineIndex } from '../spec/line-index.js';
import { scanLayout } from './regions.js';

export interface Fold {
  /** 0-based, inclusive: the line that stays visible. */
  startLine: number;
  /** 0-based, inclusive: the last line hidden. */
  endLine: number;
  kind?: 'region' | 'comment';
}

const HEADING = /^ {0,3}(#{1,6})(?:[ \t]|$)/;
const REGION_START = /^\s*<!--\s*#?region\b.*-->/;
const REGION_END = /^\s*<!--\s*#?endregion\b.*-->/;

/**
 * A YAML block longer than this (a few hundred cases) is folded item by item when it is a plain list (see
 * listFolds); a shorter one is parsed whole, which is fast enough.
 */
const LONG_BLOCK_CHARS = 20_000;

/** @param itemByItem false: every YAML block is parsed whole (the reference the item-by-item path is tested against) */
export function foldingRanges(text: string, itemByItem = true): Fold[] {
  const lines = new LineIndex(text);
  const layout = scanLayout(text);
  const folds: Fold[] = [];
  const add = (startLine: number, endLine: number, kind?: Fold['kind']): void => {
    if (endLine > startLine) folds.push(kind ? { startLine, endLine, kind } : { startLine, endLine });
  };
  /** Last line of a span ending at `end` (exclusive), ignoring the line break and blank lines it ends with. */
  const lastLine = (start: number, end: number): number => {
    let e = end;
    while (e > start && /\s/.test(text.charAt(e - 1))) e--;
    return lines.positionAt(Math.max(start, e - 1)).line;
  };

  // Lines that are Markdown (not inside the frontmatter or a fence), for headings, quotes and regions.
  const blocked: { start: number; end: number }[] = [];
  if (layout.frontmatter) {
    const fm = layout.frontmatter;
    blocked.push({ start: lines.positionAt(fm.start).line, end: lines.positionAt(fm.end).line });
    add(lines.positionAt(fm.start).line, lines.positionAt(fm.end).line);
  }
  for (const fence of layout.fences) {
    const first = lines.positionAt(fence.start).line;
    const last = lastLine(fence.start, fence.end);
    blocked.push({ start: first, end: last });
    add(first, last);
  }
  for (const region of layout.regions) {
    const source = text.slice(region.contentStart, region.contentEnd);
    if (itemByItem && source.length > LONG_BLOCK_CHARS && listFolds(source, region.contentStart, lines, lastLine, add)) continue;
    yamlFolds(source, region.contentStart, lines, lastLine, add);
  }

  const isBlocked = (line: number): boolean => blocked.some((b) => line >= b.start && line <= b.end);
  const headings: { line: number; depth: number }[] = [];
  const regionStarts: number[] = [];
  let quoteStart = -1;
  for (let line = 0; line < lines.lineCount; line++) {
    const lineText = isBlocked(line) ? undefined : text.slice(lines.lineStart(line), lines.lineEnd(line));
    const quoted = lineText !== undefined && /^ {0,3}>/.test(lineText);
    if (quoted && quoteStart < 0) quoteStart = line;
    if (!quoted && quoteStart >= 0) {
      add(quoteStart, line - 1);
      quoteStart = -1;
    }
    if (lineText === undefined) continue;
    const heading = HEADING.exec(lineText);
    if (heading) headings.push({ line, depth: heading[1]!.length });
    if (REGION_START.test(lineText)) regionStarts.push(line);
    else if (REGION_END.test(lineText) && regionStarts.length) add(regionStarts.pop()!, line, 'region');
  }
  if (quoteStart >= 0) add(quoteStart, lines.lineCount - 1);

  headings.forEach((h, i) => {
    const next = headings.slice(i + 1).find((n) => n.depth <= h.depth);
    const endOffset = next ? lines.lineStart(next.line) : text.length;
    add(h.line, lastLine(lines.lineStart(h.line), endOffset));
  });
  // One fold per start line (the outermost): a case whose first key is a list starts both on one line.
  folds.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
  return folds.filter((f, i) => i === 0 || folds[i - 1]!.startLine !== f.startLine);
}

/** A line that is only a comment: the whole-block parse and the item spans may end an item apart around it. */
const COMMENT_LINE = /^[ \t]*#/m;

/**
 * The folds of a long YAML list (a cases or rubric block), as yamlFolds gives them, without a `yaml` Document of
 * the whole block (over a second for 10,000 cases, asked for after every edit): js-yaml reads the values and
 * where each item starts and ends (as the spec parser does, yaml-list.ts); an item whose values are all
 * scalars folds as a whole, and only an item with nested maps or lists is parsed by `yaml`, alone. False (fold
 * it whole) when the block is not a plain list: invalid, not a list, with anchors, or with comment lines.
 */
export function listFolds(
  source: string,
  base: number,
  lines: LineIndex,
  lastLine: (start: number, end: number) => number,
  add: (startLine: number, endLine: number) => void,
): boolean {
  if (COMMENT_LINE.test(source)) return false;
  const spans: Array<[number, number]> = [];
  const starts: number[] = [];
  let depth = 0;
  let anchors: Record<string, unknown> | undefined;
  let values: unknown;
  try {
    values = load(source, {
      schema: CORE_SCHEMA,
      listener(event: 'open' | 'close', state: State) {
        anchors ??= (state as State & { anchorMap?: Record<string, unknown> }).anchorMap;
        if (event === 'open') {
          depth++;
          if (depth === 2) starts.push(state.position);
        } else {
          if (depth === 2) spans.push([starts.pop()!, state.position]);
          depth--;
        }
      },
    });
  } catch {
    return false;
  }
  if (anchors === undefined || Object.keys(anchors).length > 0 || !Array.isArray(values) || spans.length !== values.length) return false;
  const items = values as unknown[];
  items.forEach((value, i) => {
    const [start, end] = spans[i]!;
    if (isRecord(value) && Object.values(value).every((v) => v === null || typeof v !== 'object')) {
      add(lines.positionAt(base + start).line, lastLine(base + start, base + end));
    } else if (value !== null && typeof value === 'object') {
      // From the start of the item's line, so that it parses as the list item it is, indentation and all.
      const lineStart = source.lastIndexOf('\n', start - 1) + 1;
      yamlFolds(source.slice(lineStart, end), base + lineStart, lines, lastLine, add);
    }
  });
  return true;
}

/** Folds every YAML collection that spans lines: nested maps, lists, each case or criterion. */
function yamlFolds(
  source: string,
  base: number,
  lines: LineIndex,
  lastLine: (start: number, end: number) => number,
  add: (startLine: number, endLine: number) => void,
): void {
  const doc = parseDocument(source, { uniqueKeys: false, prettyErrors: false, logLevel: 'error' });
  const lineOf = (offset: number): number => lines.positionAt(base + offset).line;
  const isCollection = (n: unknown): n is YamlNode => (isMap(n) || isSeq(n)) && Boolean((n as YamlNode).range);
  const walk = (n: unknown): void => {
    if (isMap(n)) {
      for (const pair of n.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as YamlNode | null;
        const value = pair.value as YamlNode | null;
        if (isCollection(value) && key?.range) add(lineOf(key.range[0]), lastLine(base + key.range[0], base + value.range![1]));
        walk(value);
      }
    } else if (isSeq(n)) {
      for (const item of n.items) {
        if (isCollection(item)) add(lineOf(item.range![0]), lastLine(base + item.range![0], base + item.range![1]));
        walk(item);
      }
    }
  };
  walk(doc.contents);
}
