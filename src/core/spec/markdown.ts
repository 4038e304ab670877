// The one place that knows how Markdown is parsed: unified + remark-parse, with frontmatter and GFM so
// tables, task lists and the `---` block behave as they do on GitHub (GFM's autolink literals aside: below).
//
// Speed: the bodies of ```yaml cases / ```yaml rubric blocks are most of a big spec, and remark would
// tokenize every line of them only for parse.ts to read the text again from the source. So their content is
// cut out before remark sees the document, and every offset in the tree is mapped back to the original text
// afterwards (mdast line/column numbers after a cut are not; nothing reads them). A block counts only if remark agrees it is a code
// block there; otherwise the document is parsed again unmasked.
import type { Nodes, Parent, Root } from 'mdast';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';

/**
 * GFM as remark-gfm reads it (tables, task lists, strikethrough, footnotes, with the same defaults), without
 * its autolink literals (a bare `www.example.com` or `a@example.com` read as a link). Nothing in a spec reads
 * links (a link's text is the same text to mdast-util-to-string), and that extension looks back through the
 * paragraph's tokens for an unbalanced bracket at the start of every word: ~4 ms of a cold `aispec check` of
 * the health example, a tenth of it (CPU profile), and ~1.3 ms of every parse of it after that (4.5 -> 3.2 ms).
 */
export function remarkGfmWithoutAutolinkLiterals(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmFootnote(), gfmStrikethrough(), gfmTable(), gfmTaskListItem());
  (data.fromMarkdownExtensions ??= []).push(gfmFootnoteFromMarkdown(), gfmStrikethroughFromMarkdown(), gfmTableFromMarkdown(), gfmTaskListItemFromMarkdown());
}

/** The spec's Markdown parser (exported for the test that parses the whole text the same way). */
export const markdownProcessor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfmWithoutAutolinkLiterals);

/** A masked region: in the masked text it starts at `maskedStart`; `removed` characters were taken out. */
interface Cut {
  maskedStart: number;
  originalStart: number;
  removed: number;
}

export function parseMarkdown(text: string): Root {
  // micromark drops a leading byte order mark and counts offsets without it, which would put every range of
  // the file one character early: parse the text after it and move every offset one on.
  if (text.charCodeAt(0) === 0xfeff) return shiftOffsets(parseMarkdown(text.slice(1)), 1);
  const { masked, cuts } = maskYamlBlocks(text);
  if (cuts.length === 0) return markdownProcessor.parse(text);
  const tree = markdownProcessor.parse(masked);
  if (!remapOffsets(tree, cuts, text.length)) return markdownProcessor.parse(text);
  return tree;
}

const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})(.*)$/;

/** Cuts the content of top-level ```yaml cases / rubric blocks out of the text. */
function maskYamlBlocks(text: string): { masked: string; cuts: Cut[] } {
  const cuts: Cut[] = [];
  const parts: string[] = [];
  let lineStart = 0;
  let copiedUpTo = 0;
  let removedSoFar = 0;
  let open: { close: RegExp; fence: string; mask: boolean; contentStart: number } | undefined;
  while (lineStart <= text.length) {
    if (open) {
      // Only a line holding the opening fence's run (or a longer one) can close a block: jump to the next line
      // that holds it, past the thousands of lines of a large cases block, without slicing each of them.
      const candidate = text.indexOf(open.fence, lineStart);
      if (candidate < 0) break;
      lineStart = text.lastIndexOf('\n', candidate) + 1;
    }
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    if (!open) {
      const m = FENCE_OPEN.exec(line);
      if (m && !(m[2]![0] === '`' && m[3]!.includes('`'))) {
        const info = m[3]!.trim().split(/\s+/);
        const mask = info[0]?.toLowerCase() === 'yaml' && ['cases', 'rubric'].includes(info[1]?.toLowerCase() ?? '');
        const close = new RegExp(`^ {0,3}${m[2]![0] === '`' ? '`' : '~'}{${m[2]!.length},}\\s*$`);
        open = { close, fence: m[2]!, mask, contentStart: lineEnd + 1 };
      }
    } else if (open.close.test(line)) {
      if (open.mask && lineStart > open.contentStart) {
        // The content goes entirely: remark then sees an empty block (its line numbers are off after it, but
        // only offsets are used, and those are mapped back).
        const removed = lineStart - open.contentStart;
        parts.push(text.slice(copiedUpTo, open.contentStart));
        cuts.push({ maskedStart: open.contentStart - removedSoFar, originalStart: lineStart, removed });
        removedSoFar += removed;
        copiedUpTo = lineStart;
      }
      open = undefined;
    }
    lineStart = lineEnd + 1;
  }
  if (cuts.length === 0) return { masked: text, cuts };
  parts.push(text.slice(copiedUpTo));
  return { masked: parts.join(''), cuts };
}

/**
 * Maps every position offset of the tree from the masked text back to the original. Returns false when a
 * masked region does not sit inside a code node (remark read the text differently than the scanner).
 */
function remapOffsets(tree: Root, cuts: Cut[], originalLength: number): boolean {
  const toOriginal = (offset: number): number => {
    let shift = 0;
    for (const cut of cuts) {
      if (offset >= cut.maskedStart) shift += cut.removed;
      else break;
    }
    return Math.min(offset + shift, originalLength);
  };
  const covered = new Set<Cut>();
  const visit = (node: Nodes) => {
    const position = node.position;
    if (position) {
      if (position.start.offset !== undefined) position.start.offset = toOriginal(position.start.offset);
      if (position.end.offset !== undefined) position.end.offset = toOriginal(position.end.offset);
      if (node.type === 'code') {
        for (const cut of cuts) if (cut.originalStart > position.start.offset! && cut.originalStart < position.end.offset!) covered.add(cut);
      }
    }
    if ('children' in node) for (const child of (node as Parent).children) visit(child as Nodes);
  };
  visit(tree);
  return covered.size === cuts.length;
}

function shiftOffsets(tree: Root, by: number): Root {
  const stack: Nodes[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const position = node.position;
    if (position?.start.offset !== undefined) position.start.offset += by;
    if (position?.end.offset !== undefined) position.end.offset += by;
    if ('children' in node) for (const child of (node as Parent).children) stack.push(child as Nodes);
  }
  return tree;
}
