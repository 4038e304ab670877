// Reads an external case file (JSONL, YAML list or CSV with a header row) into Cases whose ranges point
// into that file. Each format keeps its positions: jsonc-parser per JSONL line, yaml node ranges, and CSV
// records located by csv-records.
import { locatedCsvRecords, type LocatedCsvRecords } from './csv-records.js';
import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { isSeq, type Node as YamlNode } from 'yaml';
import { caseFromValue } from './case-value.js';
import { jsonLocator } from './json-locator.js';
import { JsonlCase, JsonlLineLocating } from './jsonl-case.js';
import { forEachJsonlLine } from './jsonl-lines.js';
import { excerpt } from './excerpt.js';
import { LineIndex } from './line-index.js';
import { jsonDepthExceeded, MAX_CASES, MAX_NESTING_DEPTH } from './parse-limits.js';
import { parseYamlRegion } from './yaml-block.js';
import { yamlLocator } from './yaml-locator.js';
import type { Case, CaseSource, Diagnostic, Locator, SourceRange } from './types.js';

export interface CaseFile {
  cases: Case[];
  source: CaseSource;
  diagnostics: Diagnostic[];
}

export type CaseFileKind = 'jsonl' | 'yaml' | 'csv';

export function caseFileKind(path: string): CaseFileKind | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.csv')) return 'csv';
  return undefined;
}

export function readCaseFile(text: string, file: string, kind: CaseFileKind, firstIndex = 0): CaseFile {
  const whole: SourceRange = { file, start: 0, end: text.length };
  const result = kind === 'jsonl' ? readJsonl(text, file, firstIndex) : kind === 'yaml' ? readYaml(text, file, firstIndex) : readCsv(text, file, firstIndex);
  return { ...result, source: { kind, file, range: whole, count: result.cases.length } };
}

function readJsonl(text: string, file: string, firstIndex: number): Omit<CaseFile, 'source'> {
  const cases: Case[] = [];
  const diagnostics: Diagnostic[] = [];
  const lines = new JsonlLineLocating(text, file);
  forEachJsonlLine(text, (line, lineNumber, lineStart) => {
    // Past the bound on cases (parse-limits.ts) nothing more is parsed; load.ts reports it.
    if (firstIndex + cases.length > MAX_CASES) return;
    if (isBlank(line)) return;
    const tooDeep = jsonDepthExceeded(line);
    if (tooDeep >= 0) {
      // Checked before any parse: jsonc-parser and everything that walks a case value recurse.
      diagnostics.push({
        code: 'parse',
        severity: 'error',
        message: `Line ${lineNumber} nests lists and objects more than ${MAX_NESTING_DEPTH} levels deep, which aispec does not read.`,
        range: { file, start: lineStart + tooDeep, end: lineStart + tooDeep + 1 },
      });
    } else {
      // Valid JSON (nearly every line) takes JSON.parse alone, and jsonc-parser's tree with the offsets is
      // built only if something asks where a key or value is (jsonl-case.ts); a line JSON.parse rejects goes
      // through jsonc-parser for the error and where it is, as before.
      const value = parseJsonLine(line);
      if (value !== NOT_JSON) {
        cases.push(new JsonlCase(value, firstIndex + cases.length, lineNumber, lineStart, lineStart + line.length, lines));
      } else {
        const range: SourceRange = { file, start: lineStart, end: lineStart + line.length };
        const errors: ParseError[] = [];
        const root = parseTree(line, errors, JSONL_OPTIONS);
        if (errors.length > 0 || !root) {
          const first = errors[0];
          diagnostics.push({
            code: 'parse',
            severity: 'error',
            message: `Line ${lineNumber} is not valid JSON (${first ? printParseErrorCode(first.error) : 'empty'}): each line of a .jsonl file holds one case object.`,
            range: first ? { file, start: lineStart + first.offset, end: lineStart + first.offset + Math.max(1, first.length) } : range,
          });
        } else {
          const raw: unknown = JSON.parse(line);
          cases.push(caseFromValue(raw, range, lineNumber, jsonLocator(root, file, lineStart, range), firstIndex + cases.length));
        }
      }
    }
  });
  return { cases, diagnostics };
}

const JSONL_OPTIONS = { allowTrailingComma: false, disallowComments: true } as const;

/** What parseJsonLine returns for a line JSON.parse rejects (no JSON value is this object). */
const NOT_JSON: unique symbol = Symbol('not JSON');

/** The line's value, or NOT_JSON: no result object a line, of which a 100,000-line file made as many. */
function parseJsonLine(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return NOT_JSON;
  }
}

/** Whether a line holds only whitespace, found without trimming it (trim copies a line with spaces around it). */
function isBlank(line: string): boolean {
  return !/\S/.test(line);
}

function readYaml(text: string, file: string, firstIndex: number): Omit<CaseFile, 'source'> {
  // A byte order mark is not YAML: read the text after it, and keep offsets those of the whole file.
  const base = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const region = parseYamlRegion(text.slice(base), file, base, 'this case file');
  const diagnostics = [...region.diagnostics];
  const cases: Case[] = [];
  if (region.value === undefined || region.value === null) return { cases, diagnostics };
  const seq = region.doc.contents;
  if (!isSeq(seq) || !Array.isArray(region.value)) {
    diagnostics.push({
      code: 'parse',
      severity: 'error',
      message: 'A YAML case file holds a list of cases: start each case with "- id: ...".',
      range: { file, start: 0, end: Math.min(text.length, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n')) },
    });
    return { cases, diagnostics };
  }
  const lines = new LineIndex(text);
  const values = region.value as unknown[];
  seq.items.forEach((item, i) => {
    const node = item as YamlNode;
    const range: SourceRange = node?.range ? { file, start: base + node.range[0], end: base + node.range[1] } : { file, start: 0, end: 0 };
    cases.push(caseFromValue(values[i], range, lines.positionAt(range.start).line + 1, yamlLocator(node, file, base, range), firstIndex + i));
  });
  return { cases, diagnostics };
}

const LIST_SPLIT = /[;,]/;

function readCsv(text: string, file: string, firstIndex: number): Omit<CaseFile, 'source'> {
  const diagnostics: Diagnostic[] = [];
  const cases: Case[] = [];
  let located: LocatedCsvRecords;
  try {
    located = locatedCsvRecords(text);
  } catch (error) {
    const err = error as Error & { lines?: number };
    const lines = new LineIndex(text);
    const line = Math.max(0, (err.lines ?? 1) - 1);
    diagnostics.push({
      code: 'parse',
      severity: 'error',
      message: `CSV error: ${excerpt(err.message, 160)}. Quote fields that contain commas, quotes or line breaks, and double any quote inside a quoted field.`,
      range: { file, start: lines.lineStart(line), end: lines.lineEnd(line) },
    });
    return { cases, diagnostics };
  }
  if (located.header.length === 0) return { cases, diagnostics };
  const lines = new LineIndex(text);
  const { header } = located;
  if (!header.includes('id')) {
    diagnostics.push({
      code: 'parse',
      severity: 'error',
      message: `The CSV header row needs an "id" column (found: ${excerpt(header.join(', '))}).`,
      range: { file, start: lines.lineStart(0), end: lines.lineEnd(0) },
    });
  }
  for (const { record, start, end } of located.records) {
    const range: SourceRange = { file, start, end };
    const startLine = lines.positionAt(start).line;
    const { value, problems } = csvRecordToCase(header, record);
    for (const problem of problems) diagnostics.push({ code: 'parse', severity: 'error', message: problem, range });
    const locate: Locator = () => ({ value: range });
    cases.push(caseFromValue(value, range, startLine + 1, locate, firstIndex + cases.length));
  }
  return { cases, diagnostics };
}

/** CSV columns become case keys: `tags` split on ; or ,, `checks`/`messages` hold JSON, `criteria` one criterion's text or a JSON list, `vars.X`/`meta.X` fill maps. */
function csvRecordToCase(header: string[], record: string[]): { value: Record<string, unknown>; problems: string[] } {
  const raw: Record<string, unknown> = {};
  const problems: string[] = [];
  header.forEach((column, i) => {
    const cell = record[i] ?? '';
    if (cell === '') return;
    const dot = column.indexOf('.');
    if (dot > 0 && (column.startsWith('vars.') || column.startsWith('meta.'))) {
      const group = column.slice(0, dot);
      ((raw[group] ??= {}) as Record<string, unknown>)[column.slice(dot + 1)] = cell;
    } else if (column === 'tags') {
      raw.tags = cell.split(LIST_SPLIT).map((t) => t.trim()).filter(Boolean);
    } else if (column === 'criteria' && !cell.trimStart().startsWith('[')) {
      // One criterion as plain text is the common case; a JSON list (starting with "[") holds several.
      raw.criteria = [cell];
    } else if (column === 'checks' || column === 'criteria' || column === 'messages' || column === 'vars' || column === 'meta') {
      if (jsonDepthExceeded(cell) >= 0) {
        problems.push(`The "${column}" cell nests lists and objects more than ${MAX_NESTING_DEPTH} levels deep, which aispec does not read.`);
        return;
      }
      try {
        raw[column] = JSON.parse(cell);
      } catch {
        problems.push(`The "${column}" column holds JSON, e.g. ${column === 'checks' ? '[{"contains": "pharmacist"}]' : '{"key": "value"}'}; this cell is not valid JSON.`);
      }
    } else {
      raw[column] = cell;
    }
  });
  return { value: raw, problems };
}
