// Which lines of a large spec get their per-case and per-criterion CodeLens: the lines its editors show, and
// a margin around them. VS Code asks a provider for the lenses of the whole document after every edit and
// carries every one of them to the window; a 10,000-case spec has 10,000-20,000, and bench:editor's profile of
// typing in one showed most of the extension host's busy time in VS Code packing them (and the lenses then
// cost the window as much again). A reader sees a screenful, so a spec with more than LARGE_SPEC_CASES cases
// gets the lenses of the shown lines ± MARGIN_LINES, and a scroll that comes near the edge of what was given
// asks for them again (the spec's own headline lenses are always given). A smaller spec gets all of them, as
// does a request with no editor showing the document (a command asking for them through the API).
// Plain data in and out, so plain mocha tests it.

/** From how many cases written in the spec its lenses are windowed. */
export const LARGE_SPEC_CASES = 1000;

/** Lines given lenses on each side of the shown ones: a scroll of ~10 screens fits in before a refresh. */
export const MARGIN_LINES = 500;

/** Lines, inclusive at both ends (0-based, as vscode.Range's lines). */
export interface LineSpan {
  start: number;
  end: number;
}

/** The lines to give lenses to: each shown span widened by `margin` within the document, overlapping ones joined. */
export function lensWindow(shown: readonly LineSpan[], lineCount: number, margin = MARGIN_LINES): LineSpan[] {
  const last = Math.max(0, lineCount - 1);
  const widened = shown
    .map((s) => ({ start: Math.max(0, Math.min(s.start, s.end) - margin), end: Math.min(last, Math.max(s.start, s.end) + margin) }))
    .sort((a, b) => a.start - b.start);
  const joined: LineSpan[] = [];
  for (const span of widened) {
    const previous = joined.at(-1);
    if (previous && span.start <= previous.end + 1) previous.end = Math.max(previous.end, span.end);
    else joined.push({ ...span });
  }
  return joined;
}

/** Whether `line` is in one of the spans. */
export function inWindow(window: readonly LineSpan[], line: number): boolean {
  for (const span of window) if (line >= span.start && line <= span.end) return true;
  return false;
}

/**
 * Whether lines now shown come within a quarter margin of the edge of the window given (an edge that is not
 * the document's own): then the lenses are asked for again, before the reader reaches lines without them.
 */
export function needsNewWindow(window: readonly LineSpan[], shown: readonly LineSpan[], lineCount: number, margin = MARGIN_LINES): boolean {
  const last = Math.max(0, lineCount - 1);
  const slack = Math.floor(margin / 4);
  return shown.some((s) => {
    const start = Math.min(s.start, s.end);
    const end = Math.max(s.start, s.end);
    const span = window.find((w) => start >= w.start && end <= w.end);
    if (!span) return true;
    return (span.start > 0 && start - span.start < slack) || (span.end < last && span.end - end < slack);
  });
}
