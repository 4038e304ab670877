// The lines of a JSONL file as every reader of one needs them: a BOM skipped, CRLF or LF endings, each line
// with its 1-based number and the offset where it starts in the file (for exact diagnostic ranges). Blank
// lines are visited too: whether they count is the reader's call.
export function forEachJsonlLine(text: string, visit: (line: string, lineNumber: number, lineStart: number) => void): void {
  let lineStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let lineNumber = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    lineNumber++;
    // A CRLF line ends before its \r: tested on the character, not with a regex replace on every line.
    const end = lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    visit(text.slice(lineStart, end), lineNumber, lineStart);
    lineStart = lineEnd + 1;
  }
}
