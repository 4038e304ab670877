// Parses one YAML region of a file (frontmatter, a ```yaml cases block, a case file) keeping node ranges,
// and turns YAML syntax errors into diagnostics at their exact place.
import { isAlias, isCollection, isPair, parseDocument, visit, type Document } from 'yaml';
import { MAX_ALIAS_COUNT, MAX_NESTING_DEPTH } from './parse-limits.js';
import type { Diagnostic } from './types.js';

export interface YamlRegion {
  doc: Document;
  /** The plain JS value, or undefined when the YAML has errors. */
  value: unknown;
  diagnostics: Diagnostic[];
}

export function parseYamlRegion(source: string, file: string, base: number, what: string): YamlRegion {
  // logLevel 'error': yaml would print its own warning (a collection as a map key) to stderr or the
  // extension host's log; the schema check already reports such a key where it is.
  const doc = parseDocument(source, { uniqueKeys: true, prettyErrors: false, keepSourceTokens: false, logLevel: 'error' });
  const diagnostics: Diagnostic[] = [];
  for (const error of doc.errors) {
    // yaml may report an error one past the end of its input (an unclosed flow collection): keep it inside.
    const start = Math.min(error.pos[0], source.length);
    const end = Math.min(Math.max(error.pos[1], start + 1), source.length);
    // Nesting deep enough to overflow the parser's stack is reported by `yaml` as a stack overflow.
    const message = /call stack/i.test(error.message) ? tooDeep(what) : `YAML error in ${what}: ${firstLine(error.message)}${yamlAdvice(error.code)}`;
    diagnostics.push({ code: 'parse', severity: 'error', message, range: { file, start: base + start, end: base + end } });
  }
  let value: unknown;
  if (doc.errors.length === 0) {
    const deep = firstTooDeep(doc);
    if (deep) {
      diagnostics.push({ code: 'parse', severity: 'error', message: tooDeep(what), range: { file, start: base + deep[0], end: base + deep[1] } });
      return { doc, value, diagnostics };
    }
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const [start, end] = firstAliasRange(doc) ?? [0, source.length];
      const message = error instanceof ReferenceError && /alias/i.test(error.message)
        ? `YAML error in ${what}: its aliases (*name) expand to too much data (over ${MAX_ALIAS_COUNT} alias uses times the size of what they repeat). Write the values out or repeat less.`
        : `YAML error in ${what}: ${firstLine((error as Error).message)}`;
      diagnostics.push({ code: 'parse', severity: 'error', message, range: { file, start: base + start, end: base + end } });
    }
  }
  return { doc, value, diagnostics };
}

function tooDeep(what: string): string {
  return `YAML error in ${what}: lists and maps nest more than ${MAX_NESTING_DEPTH} levels deep here, which aispec does not read.`;
}

/** The range of the first collection nested deeper than the cap, walking without recursion. */
function firstTooDeep(doc: Document): [number, number] | undefined {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: doc.contents, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (isPair(node)) {
      stack.push({ node: node.key, depth }, { node: node.value, depth });
    } else if (isCollection(node)) {
      if (depth + 1 > MAX_NESTING_DEPTH) return node.range ? [node.range[0], node.range[1]] : [0, 0];
      for (const item of node.items) stack.push({ node: item, depth: depth + 1 });
    }
  }
  return undefined;
}

function firstAliasRange(doc: Document): [number, number] | undefined {
  let found: [number, number] | undefined;
  visit(doc, {
    Alias(_, node) {
      if (isAlias(node) && node.range) found = [node.range[0], node.range[1]];
      return visit.BREAK;
    },
  });
  return found;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function yamlAdvice(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return '. Remove or rename one of the two keys.';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return '. Check the indentation: items of a list start with "- " at the same column.';
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return '. A value containing ": " must be quoted.';
    default:
      return '';
  }
}
