// Parses one YAML region of a file (frontmatter, a ```yaml cases block, a case file) keeping node ranges,
// and turns YAML syntax errors into diagnostics at their exact place.
import { parseDocument, type Document } from 'yaml';
import type { Diagnostic } from './types.js';

export interface YamlRegion {
  doc: Document;
  /** The plain JS value, or undefined when the YAML has errors. */
  value: unknown;
  diagnostics: Diagnostic[];
}

export function parseYamlRegion(source: string, file: string, base: number, what: string): YamlRegion {
  const doc = parseDocument(source, { uniqueKeys: true, prettyErrors: false, keepSourceTokens: false });
  const diagnostics: Diagnostic[] = [];
  for (const error of doc.errors) {
    // yaml may report an error one past the end of its input (an unclosed flow collection): keep it inside.
    const start = Math.min(error.pos[0], source.length);
    const end = Math.min(Math.max(error.pos[1], start + 1), source.length);
    diagnostics.push({
      code: 'parse',
      severity: 'error',
      message: `YAML error in ${what}: ${firstLine(error.message)}${yamlAdvice(error.code)}`,
      range: { file, start: base + start, end: base + end },
    });
  }
  let value: unknown;
  if (doc.errors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (error) {
      diagnostics.push({ code: 'parse', severity: 'error', message: `YAML error in ${what}: ${firstLine((error as Error).message)}`, range: { file, start: base, end: base + source.length } });
    }
  }
  return { doc, value, diagnostics };
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
