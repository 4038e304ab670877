// Aligned text tables for the console: columns sized by display width (so colour codes and wide characters
// do not skew them), text left-aligned, numbers right-aligned, two spaces between columns. Cells must
// already be sanitized; colouring them afterwards is fine.
import { displayWidth, pad } from './results-terminal-text.js';

export type Align = 'left' | 'right';

export interface TextTableOptions {
  /** Per column; default left for the first column and right for the rest. */
  align?: Align[];
  /** Prefix of every line. */
  indent?: string;
  /** Applied to the header row's cells (e.g. dim); widths ignore the colour codes it adds. */
  header?: (cell: string) => string;
}

/** Lines of the table: the header row first, then one line per row. No trailing spaces. */
export function textTable(header: string[], rows: string[][], options: TextTableOptions = {}): string[] {
  const columns = Math.max(header.length, ...rows.map((r) => r.length));
  const widths: number[] = [];
  for (let i = 0; i < columns; i++) widths.push(Math.max(...[header, ...rows].map((r) => displayWidth(r[i] ?? ''))));
  const alignOf = (i: number): Align => options.align?.[i] ?? (i === 0 ? 'left' : 'right');
  const line = (cells: string[], style?: (cell: string) => string) =>
    (options.indent ?? '') +
    widths
      .map((w, i) => {
        const text = cells[i] ?? '';
        return pad(style && text !== '' ? style(text) : text, w, alignOf(i));
      })
      .join('  ')
      .trimEnd();
  return [line(header, options.header), ...rows.map((r) => line(r))];
}

/** Total width of the table's widest line, indent included. */
export function textTableWidth(header: string[], rows: string[][], indent = ''): number {
  return Math.max(...textTable(header, rows, { indent }).map(displayWidth));
}
