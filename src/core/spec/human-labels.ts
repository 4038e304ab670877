// The human verdicts a judge calibration compares the judge with (frontmatter `human_labels: FILE`): a JSONL
// file of objects or a CSV file with a header row, each row {id, criterion?, pass, rater?}. `id` names a case
// or an example, `criterion` a rubric criterion or one of that case's own (`case:N`, `reference`) (absent: the
// whole case or example). Every bad row is an
// error at that row, so a typo in a label file is found by `aispec check`, not by a puzzling agreement.
import { parse as parseCsv } from 'csv-parse/sync';
import { excerpt } from './excerpt.js';
import { forEachJsonlLine } from './jsonl-lines.js';
import { jsonDepthExceeded } from './parse-limits.js';
import type { Diagnostic, HumanLabel, SourceRange } from './types.js';
import { isRecord } from '../util/is-record.js';


export type HumanLabelsKind = 'jsonl' | 'csv';

export function humanLabelsKind(path: string): HumanLabelsKind | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.csv')) return 'csv';
  return undefined;
}

const COLUMNS = ['id', 'criterion', 'pass', 'rater'];
const PASS_WORDS: Record<string, boolean> = { true: true, false: false, pass: true, fail: false, yes: true, no: false, '1': true, '0': false };

export function readHumanLabels(text: string, file: string, kind: HumanLabelsKind): { labels: HumanLabel[]; diagnostics: Diagnostic[] } {
  const rows = kind === 'jsonl' ? jsonlRows(text, file) : csvRows(text, file);
  const labels: HumanLabel[] = [];
  const diagnostics = rows.diagnostics;
  const seen = new Set<string>();
  for (const { value, range } of rows.rows) {
    const problem = (message: string) => diagnostics.push({ code: 'parse', severity: 'error', message, range });
    if (!isRecord(value)) {
      problem('Each human label is an object {"id", "criterion"?, "pass", "rater"?}.');
      continue;
    }
    const unknown = Object.keys(value).filter((key) => !COLUMNS.includes(key));
    if (unknown.length > 0) {
      problem(`Unknown field ${excerpt(unknown.join(', '))}: a human label has id, criterion (optional), pass and rater (optional).`);
      continue;
    }
    const pass = typeof value.pass === 'boolean' ? value.pass : typeof value.pass === 'string' ? PASS_WORDS[value.pass.trim().toLowerCase()] : undefined;
    if (typeof value.id !== 'string' || value.id.trim() === '') problem('A human label needs an "id": the case or example it grades.');
    else if (pass === undefined) problem('A human label needs "pass": true or false.');
    else if (value.criterion !== undefined && (typeof value.criterion !== 'string' || value.criterion.trim() === '')) problem('"criterion" is a rubric criterion id, or a case\'s own ("case:1", "reference") (leave it out for the whole case).');
    else if (value.rater !== undefined && (typeof value.rater !== 'string' || value.rater.trim() === '')) problem('"rater" is a name or an id, as text.');
    else {
      const label: HumanLabel = { id: value.id.trim(), pass, range };
      if (typeof value.criterion === 'string') label.criterion = value.criterion.trim();
      if (typeof value.rater === 'string') label.rater = value.rater.trim();
      const key = JSON.stringify([label.id, label.criterion ?? null, label.rater ?? null]);
      if (seen.has(key)) problem(`A second label for "${excerpt(label.id)}"${label.criterion ? ` on "${excerpt(label.criterion)}"` : ''} by the same rater: keep one.`);
      else {
        seen.add(key);
        labels.push(label);
      }
    }
  }
  return { labels, diagnostics };
}

interface Rows {
  rows: Array<{ value: unknown; range: SourceRange }>;
  diagnostics: Diagnostic[];
}

function jsonlRows(text: string, file: string): Rows {
  const rows: Rows['rows'] = [];
  const diagnostics: Diagnostic[] = [];
  forEachJsonlLine(text, (line, lineNumber, lineStart) => {
    const range: SourceRange = { file, start: lineStart, end: lineStart + line.length };
    if (line.trim() !== '') {
      // A label is a flat object: anything nested deeper than a few levels is not one (and is not parsed).
      if (jsonDepthExceeded(line, 4) >= 0) diagnostics.push({ code: 'parse', severity: 'error', message: `Line ${lineNumber} is not a human label: a label is a flat JSON object.`, range });
      else {
        try {
          rows.push({ value: JSON.parse(line) as unknown, range });
        } catch {
          diagnostics.push({ code: 'parse', severity: 'error', message: `Line ${lineNumber} is not valid JSON: each line of a .jsonl file holds one label object.`, range });
        }
      }
    }
  });
  return { rows, diagnostics };
}

function csvRows(text: string, file: string): Rows {
  const rows: Rows['rows'] = [];
  const diagnostics: Diagnostic[] = [];
  let records: Array<{ record: string[]; raw: string }>;
  try {
    records = parseCsv(text, { bom: true, info: true, raw: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (error) {
    diagnostics.push({ code: 'parse', severity: 'error', message: `CSV error: ${excerpt((error as Error).message, 160)}.`, range: { file, start: 0, end: Math.max(0, text.indexOf('\n')) } });
    return { rows, diagnostics };
  }
  if (records.length === 0) return { rows, diagnostics };
  const header = records[0]!.record.map((h) => h.trim());
  const trimBreaks = (raw: string) => raw.replace(/^[\r\n]+|[\r\n]+$/g, '');
  let cursor = text.indexOf(trimBreaks(records[0]!.raw)) + trimBreaks(records[0]!.raw).length;
  for (const { record, raw } of records.slice(1)) {
    // Each record's raw text is an exact slice of the file, in order: found from the previous record's end.
    const exact = trimBreaks(raw);
    const start = Math.max(cursor, text.indexOf(exact, cursor));
    cursor = start + exact.length;
    const value: Record<string, string> = {};
    header.forEach((column, i) => {
      const cell = (record[i] ?? '').trim();
      if (cell !== '') value[column] = cell;
    });
    rows.push({ value, range: { file, start, end: cursor } });
  }
  return { rows, diagnostics };
}
