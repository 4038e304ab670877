// Test helpers for the pure authoring logic: a cursor written into the text as `§`.
import { completionsAt, type CompletionCandidate } from '../../../src/core/authoring/completion.js';
import { readSnippets, type SpecSnippet } from '../../../src/core/authoring/snippets.js';
import { parseSpec } from '../../../src/core/spec/parse.js';
import { parse as parseJsonc } from 'jsonc-parser';
import { readFileSync } from 'node:fs';

export const CURSOR = '§';

export function cursor(textWithCursor: string): { text: string; offset: number } {
  const offset = textWithCursor.indexOf(CURSOR);
  if (offset < 0) throw new Error('no § cursor in the text');
  return { text: textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1), offset };
}

export const SNIPPETS: SpecSnippet[] = readSnippets(parseJsonc(readFileSync(new URL('../../../snippets/aispec.code-snippets', import.meta.url), 'utf8')));

export function complete(textWithCursor: string): CompletionCandidate[] {
  const { text, offset } = cursor(textWithCursor);
  return completionsAt({ text, offset, spec: parseSpec(text, '/specs/t.aispec.md'), snippets: SNIPPETS });
}

export const labelsOf = (items: CompletionCandidate[]): string[] => items.map((i) => i.label);

/** A small valid spec; `frontmatterExtra` lines go at the end of the frontmatter. */
export function spec(frontmatterExtra = '', body = ''): string {
  return `---\naispec: 1\nid: t\ntitle: T\n${frontmatterExtra}${frontmatterExtra && !frontmatterExtra.endsWith('\n') ? '\n' : ''}---\n\n# T\n\n## Goal\n\nWhy.\n${body}`;
}
