// Case text (ids, tags, labels, reasons, model outputs) made inert for GitHub-flavoured Markdown, so a
// report can go straight into a PR comment: nothing a model writes can end a table row, open an HTML tag,
// start a link, an image or emphasis, @-mention a person or cross-reference an issue.
import { graphemes, sanitizedLine } from './results-terminal-text.js';

/** At most `max` characters (graphemes, never a split one), "…" marking a cut. */
export function truncateChars(text: string, max: number): string {
  const parts = graphemes(text);
  if (parts.length <= max) return text;
  return `${parts.slice(0, Math.max(0, max - 1)).join('').trimEnd()}…`;
}

// Characters with a meaning inside a line of GFM (`$` is GitHub's math); a backslash before ASCII
// punctuation is always a literal. List and heading markers only count at the start of a line, and this
// text never starts one (it sits in a table cell or after our own words), so `- + . #` stay readable.
const MARKDOWN_PUNCTUATION = /[\\`*_[\]|~!$]/g;

/**
 * One line of plain text as inline Markdown that renders literally: control characters and escape
 * sequences removed, whitespace collapsed, `& < >` as entities, Markdown punctuation (including `|`, so it
 * is safe in a table cell) backslash-escaped, and a zero-width space after `@` and `#` where GitHub would
 * otherwise mention a user or link an issue.
 */
export function mdText(text: unknown, maxChars = Infinity): string {
  const line = truncateChars(sanitizedLine(text), maxChars);
  return line
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(MARKDOWN_PUNCTUATION, (c) => `\\${c}`)
    .replace(/(^|[^\p{L}\p{N}_])([@#])(?=[\p{L}\p{N}_])/gu, '$1$2\u200b');
}

/**
 * One line of text as an inline code span, for model outputs: nothing inside a code span is Markdown or
 * HTML, so only the delimiters need care (a backtick fence longer than any run inside, padded when the
 * text starts or ends with a backtick). `inTable` escapes `|`, which GFM splits cells on even in code.
 */
export function mdCode(text: unknown, options: { maxChars?: number; inTable: boolean }): string {
  const line = truncateChars(sanitizedLine(text), options.maxChars ?? Infinity);
  if (line === '') return '*(empty)*';
  const longestRun = Math.max(0, ...Array.from(line.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(longestRun + 1);
  const padded = line.startsWith('`') || line.endsWith('`') ? ` ${line} ` : line;
  return `${fence}${options.inTable ? padded.replace(/\|/g, '\\|') : padded}${fence}`;
}

export type MdAlign = 'left' | 'right' | 'center';

/**
 * A GFM table from cells that are already Markdown (built with {@link mdText} / {@link mdCode}); any line
 * break left in a cell becomes a space so a row stays one line.
 */
export function mdTable(header: string[], rows: string[][], align: MdAlign[] = []): string {
  const cell = (c: string | undefined) => (c ?? '').replace(/[\r\n]+/g, ' ');
  const rule = header.map((_, i) => {
    const a = align[i] ?? 'left';
    return a === 'right' ? '---:' : a === 'center' ? ':---:' : '---';
  });
  const row = (cells: string[]) => `| ${header.map((_, i) => cell(cells[i])).join(' | ')} |`;
  return [row(header), `|${rule.join('|')}|`, ...rows.map(row)].join('\n');
}
