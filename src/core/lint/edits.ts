// Quick-fix helpers: where a missing part of a spec goes, and inserting a Markdown block there with exactly
// one blank line on each side, in the file's own line endings.
import type { ParsedSpec, Section, TextEdit } from '../spec/types.js';
import { nextLineStart } from './context.js';

export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

const BLANK_LINE = /^[ \t]*\r?$/;

/** The start of the first non-blank line at or after `offset`, moving to the next line if `offset` is mid-line. */
export function nextContentLine(text: string, offset: number): number {
  let at = offset === 0 || text[offset - 1] === '\n' ? offset : nextLineStart(text, offset);
  while (at < text.length) {
    const end = nextLineStart(text, at);
    const line = text.slice(at, end).replace(/\n$/, '');
    if (!BLANK_LINE.test(line)) break;
    at = end;
  }
  return at;
}

/**
 * Inserts `lines` (a Markdown block) before the first non-blank line at or after `offset` (or at the end),
 * with one blank line on each side.
 */
export function insertBlock(spec: ParsedSpec, at: number, lines: readonly string[]): TextEdit {
  const { text } = spec;
  const offset = nextContentLine(text, at);
  const eol = eolOf(text);
  const before = text.slice(0, offset);
  let prefix = '';
  if (offset > 0) {
    if (!before.endsWith('\n')) prefix = eol + eol;
    else if (!/\n[ \t]*\r?\n$/.test(before) && before !== eol) prefix = eol;
  }
  const suffix = offset < text.length ? eol + eol : eol;
  return { file: spec.file, start: offset, end: offset, newText: prefix + lines.join(eol) + suffix };
}

/** The first section whose heading matches (depth ≥ 2). */
export function findSection(spec: ParsedSpec, title: RegExp): Section | undefined {
  return spec.sections.find((s) => s.depth >= 2 && title.test(s.title));
}

/** Where a new section belongs: before the first section matching `before`, else at the end of the document. */
export function sectionInsertionPoint(spec: ParsedSpec, before: RegExp): number {
  const next = findSection(spec, before);
  return next ? next.range.start : spec.text.length;
}
