// Window math for the virtualized case table: which rows to draw for a scroll offset, and the spacer heights
// above and below them, so 10,000 cases cost only the few dozen rows on screen. Rows have one fixed height;
// at most one row is expanded and adds its detail's measured height below itself.

export interface WindowInput {
  /** Rows in the (filtered) table. */
  count: number;
  rowHeight: number;
  scrollTop: number;
  viewportHeight: number;
  /** Extra rows drawn above and below the visible ones, so a small scroll needs no redraw. */
  overscan: number;
  /** The expanded row's position in the table, or -1. */
  expandedIndex: number;
  /** The expanded row's detail height in pixels (0 until measured). */
  expandedHeight: number;
}

export interface VirtualWindow {
  /** First row drawn (inclusive). */
  start: number;
  /** Last row drawn + 1 (exclusive). */
  end: number;
  /** Height of the spacer above the first drawn row. */
  padTop: number;
  /** Height of the spacer below the last drawn row. */
  padBottom: number;
  /** Height of all rows, detail included. */
  totalHeight: number;
}

/** Top of row i (the expanded row's detail sits right below it and pushes later rows down). */
export function rowTop(i: number, w: Pick<WindowInput, 'rowHeight' | 'expandedIndex' | 'expandedHeight'>): number {
  const extra = w.expandedIndex >= 0 && i > w.expandedIndex ? w.expandedHeight : 0;
  return i * w.rowHeight + extra;
}

/** The row under a y offset (clamped to the table). */
export function rowAt(y: number, w: Pick<WindowInput, 'count' | 'rowHeight' | 'expandedIndex' | 'expandedHeight'>): number {
  if (w.count === 0) return 0;
  const h = w.rowHeight;
  let i: number;
  if (w.expandedIndex >= 0 && y >= (w.expandedIndex + 1) * h) {
    // Below the expanded row: inside its detail counts as the expanded row.
    i = y < (w.expandedIndex + 1) * h + w.expandedHeight ? w.expandedIndex : Math.floor((y - w.expandedHeight) / h);
  } else {
    i = Math.floor(y / h);
  }
  return Math.max(0, Math.min(w.count - 1, i));
}

export function virtualWindow(w: WindowInput): VirtualWindow {
  const expanded = w.expandedIndex >= 0 && w.expandedIndex < w.count;
  const input = { ...w, expandedIndex: expanded ? w.expandedIndex : -1, expandedHeight: expanded ? Math.max(0, w.expandedHeight) : 0 };
  const totalHeight = w.count * w.rowHeight + input.expandedHeight;
  if (w.count === 0 || w.rowHeight <= 0) return { start: 0, end: 0, padTop: 0, padBottom: 0, totalHeight: Math.max(0, totalHeight) };
  const top = Math.max(0, Math.min(w.scrollTop, Math.max(0, totalHeight - w.viewportHeight)));
  const first = rowAt(top, input);
  const last = rowAt(top + Math.max(0, w.viewportHeight) - 1, input);
  let start = Math.max(0, first - w.overscan);
  let end = Math.min(w.count, last + 1 + w.overscan);
  // The expanded row must be drawn whenever its detail is in view, or the detail would vanish mid-scroll.
  if (expanded && input.expandedIndex < start && rowTop(input.expandedIndex, input) + w.rowHeight + input.expandedHeight > top) start = input.expandedIndex;
  if (end < start) end = start;
  const padTop = rowTop(start, input);
  const drawnBottom = end === 0 ? 0 : rowTop(end - 1, input) + w.rowHeight + (input.expandedIndex === end - 1 ? input.expandedHeight : 0);
  return { start, end, padTop, padBottom: Math.max(0, totalHeight - drawnBottom), totalHeight };
}

/** The scroll offset that brings row i fully into view (unchanged when it already is). */
export function scrollToRow(i: number, w: Omit<WindowInput, 'overscan'>): number {
  const top = rowTop(i, w);
  const bottom = top + w.rowHeight;
  if (top < w.scrollTop) return top;
  if (bottom > w.scrollTop + w.viewportHeight) return Math.max(0, bottom - w.viewportHeight);
  return w.scrollTop;
}
