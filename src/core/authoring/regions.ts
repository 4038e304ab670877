// Where the YAML of a spec is: the frontmatter and the ```yaml cases / ```yaml rubric fences. Editor features
// need this on text that is being typed and may not parse (a half-written case is exactly when completion is
// asked for), so it is a line scan, not the Markdown parser: CommonMark fences at the top level of the
// document (up to three spaces of indent, ``` or ~~~, closed by the same character at least as long).

export type RegionKind = 'frontmatter' | 'cases' | 'rubric';

export interface Fence {
  /** Offset of the opening fence line's first character. */
  start: number;
  /** Offset just past the closing fence line (or the end of the text when unclosed). */
  end: number;
  /** First offset of the content (the line after the opening fence). */
  contentStart: number;
  /** Offset just past the content (the start of the closing fence line). */
  contentEnd: number;
  /** The info string, trimmed: `yaml cases`. */
  info: string;
  closed: boolean;
}

/** A YAML region: the text in [contentStart, contentEnd) is one YAML document. */
export interface YamlRegion {
  kind: RegionKind;
  start: number;
  end: number;
  contentStart: number;
  contentEnd: number;
  /** False for a fence left open to the end of the text. */
  closed: boolean;
}

export interface DocumentLayout {
  frontmatter?: YamlRegion;
  /** Every fenced code block at the top level, in order (any language). */
  fences: Fence[];
  /** The frontmatter and the cases and rubric blocks, in order. */
  regions: YamlRegion[];
}

interface Line {
  start: number;
  /** End of the line's text, before its line break. */
  end: number;
  /** Start of the next line. */
  next: number;
}

function* lines(text: string, from = 0): Generator<Line> {
  let start = from;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    const next = end === -1 ? text.length : end + 1;
    if (end === -1) end = text.length;
    yield { start, end: end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end, next };
    start = next;
  }
}

const OPENING = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const FRONTMATTER_FENCE = /^---[ \t]*$/;

/** The kind of a fence's info string: `yaml cases` and `yaml rubric` (as the parser reads them). */
export function blockKindOf(info: string): 'cases' | 'rubric' | undefined {
  const [lang, word] = info.trim().split(/\s+/);
  if (lang?.toLowerCase() !== 'yaml' || !word) return undefined;
  const kind = word.toLowerCase();
  return kind === 'cases' || kind === 'rubric' ? kind : undefined;
}

/**
 * The frontmatter and fences of a text. With `until`, scanning stops at the first line past that offset that
 * is not inside a fence: enough to tell which region holds it, without reading a long spec to its end.
 */
export function scanLayout(text: string, until?: number): DocumentLayout {
  const layout: DocumentLayout = { fences: [], regions: [] };
  let from = 0;
  const first = lines(text).next();
  if (!first.done && FRONTMATTER_FENCE.test(text.slice(first.value.start, first.value.end))) {
    const contentStart = first.value.next;
    for (const line of lines(text, contentStart)) {
      if (!FRONTMATTER_FENCE.test(text.slice(line.start, line.end))) continue;
      layout.frontmatter = { kind: 'frontmatter', start: 0, end: line.end, contentStart, contentEnd: line.start, closed: true };
      layout.regions.push(layout.frontmatter);
      from = line.next;
      break;
    }
  }
  let open: { fence: string; start: number; contentStart: number; info: string } | undefined;
  for (const line of lines(text, from)) {
    if (until !== undefined && !open && line.start > until) return layout;
    const lineText = text.slice(line.start, line.end);
    if (!open) {
      const m = OPENING.exec(lineText);
      if (!m || (m[2]![0] === '`' && m[3]!.includes('`'))) continue;
      open = { fence: m[2]!, start: line.start, contentStart: line.next, info: m[3]!.trim() };
      continue;
    }
    const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(lineText);
    if (close && close[1]![0] === open.fence[0] && close[1]!.length >= open.fence.length) {
      addFence(layout, { start: open.start, end: line.end, contentStart: open.contentStart, contentEnd: line.start, info: open.info, closed: true });
      open = undefined;
    }
  }
  if (open) addFence(layout, { start: open.start, end: text.length, contentStart: Math.min(open.contentStart, text.length), contentEnd: text.length, info: open.info, closed: false });
  return layout;
}

function addFence(layout: DocumentLayout, fence: Fence): void {
  layout.fences.push(fence);
  const kind = blockKindOf(fence.info);
  if (kind) layout.regions.push({ kind, start: fence.start, end: fence.end, contentStart: fence.contentStart, contentEnd: fence.contentEnd, closed: fence.closed });
}

/** The YAML region holding `offset` (its content: not on a fence line), if any. */
export function regionAt(layout: DocumentLayout, offset: number): YamlRegion | undefined {
  return layout.regions.find((r) => offset >= r.contentStart && (offset < r.contentEnd || (!r.closed && offset === r.contentEnd)));
}
