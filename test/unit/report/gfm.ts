// Markdown parsed the way GitHub reads it (remark-parse + remark-gfm), so a test can check that headings and
// tables come out as intended rather than grepping the text.
import type { Heading, Root, RootContent, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

export function parseGfm(markdown: string): Root {
  return unified().use(remarkParse).use(remarkGfm).parse(markdown);
}

function walk(node: Root | RootContent, visit: (n: Root | RootContent) => void): void {
  visit(node);
  if ('children' in node) for (const child of node.children) walk(child as RootContent, visit);
}

/** Every heading as `## text`, in order. */
export function headings(markdown: string): string[] {
  const out: string[] = [];
  walk(parseGfm(markdown), (n) => {
    if (n.type === 'heading') out.push(`${'#'.repeat((n as Heading).depth)} ${toString(n)}`);
  });
  return out;
}

/** Every table as rows of cell texts (the header row first). */
export function tables(markdown: string): string[][][] {
  const out: string[][][] = [];
  walk(parseGfm(markdown), (n) => {
    if (n.type === 'table') out.push((n as Table).children.map((row) => row.children.map((cell) => toString(cell))));
  });
  return out;
}

/** The values of fenced code blocks with the given info string. */
export function codeBlocks(markdown: string, lang: string): string[] {
  const out: string[] = [];
  walk(parseGfm(markdown), (n) => {
    if (n.type === 'code' && n.lang === lang) out.push(n.value);
  });
  return out;
}

/** The type of every node, in document order (`html` would mean raw HTML got through). */
export function nodeTypes(markdown: string): string[] {
  const out: string[] = [];
  walk(parseGfm(markdown), (n) => out.push(n.type));
  return out;
}
