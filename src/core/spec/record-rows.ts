// The rows of a small JSONL or CSV table of flat records (human labels, recorded judge verdicts), each with
// the exact range it came from, so every bad row is reported at its own line. What a row must hold is the
// reader's business; here a row is only a JSON object (JSONL) or a header-keyed map of non-empty cells (CSV).
import { locatedCsvRecords, type LocatedCsvRecords } from './csv-records.js';
import { excerpt } from './excerpt.js';
import { forEachJsonlLine } from './jsonl-lines.js';
import { jsonDepthExceeded } from './parse-limits.js';
import type { Diagnostic, SourceRange } from './types.js';

/** `noun` names a row in messages ("human label"). */
export function readRecordRows(text: string, file: string, kind: 'jsonl' | 'csv', noun: string): RecordRows {
  return kind === 'jsonl' ? jsonlRows(text, file, noun) : csvRows(text, file);
}

export interface RecordRows {
  rows: Array<{ value: unknown; range: SourceRange }>;
  diagnostics: Diagnostic[];
}

function jsonlRows(text: string, file: string, noun: string): RecordRows {
  const rows: RecordRows['rows'] = [];
  const diagnostics: Diagnostic[] = [];
  forEachJsonlLine(text, (line, lineNumber, lineStart) => {
    const range: SourceRange = { file, start: lineStart, end: lineStart + line.length };
    if (line.trim() !== '') {
      // A row is a flat object: anything nested deeper than a few levels is not one (and is not parsed).
      if (jsonDepthExceeded(line, 4) >= 0) diagnostics.push({ code: 'parse', severity: 'error', message: `Line ${lineNumber} is not a ${noun}: a ${noun} is a flat JSON object.`, range });
      else {
        try {
          rows.push({ value: JSON.parse(line) as unknown, range });
        } catch {
          diagnostics.push({ code: 'parse', severity: 'error', message: `Line ${lineNumber} is not valid JSON: each line of a .jsonl file holds one ${noun} object.`, range });
        }
      }
    }
  });
  return { rows, diagnostics };
}

function csvRows(text: string, file: string): RecordRows {
  const rows: RecordRows['rows'] = [];
  const diagnostics: Diagnostic[] = [];
  let located: LocatedCsvRecords;
  try {
    located = locatedCsvRecords(text);
  } catch (error) {
    diagnostics.push({ code: 'parse', severity: 'error', message: `CSV error: ${excerpt((error as Error).message, 160)}.`, range: { file, start: 0, end: Math.max(0, text.indexOf('\n')) } });
    return { rows, diagnostics };
  }
  for (const { record, start, end } of located.records) {
    const value: Record<string, string> = {};
    located.header.forEach((column, i) => {
      const cell = (record[i] ?? '').trim();
      if (cell !== '') value[column] = cell;
    });
    rows.push({ value, range: { file, start, end } });
  }
  return { rows, diagnostics };
}
