/** Cells of a GFM table row: split on pipes not escaped with a backslash, trimmed. */
export function tableCells(row: string): string[] {
  return row.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
}
