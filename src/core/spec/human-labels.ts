// The human verdicts a judge calibration compares the judge with (frontmatter `human_labels: FILE`): a JSONL
// file of objects or a CSV file with a header row, each row {id, criterion?, pass, rater?}. `id` names a case
// or an example, `criterion` a rubric criterion or one of that case's own (`case:N`, `reference`) (absent: the
// whole case or example). Every bad row is an
// error at that row, so a typo in a label file is found by `aispec check`, not by a puzzling agreement.
import { excerpt } from './excerpt.js';
import { readRecordRows } from './record-rows.js';
import type { Diagnostic, HumanLabel } from './types.js';
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

/** A verdict cell as a boolean: JSON true/false, or in text (CSV) true/false, pass/fail, yes/no, 1/0. */
export function passValue(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : typeof value === 'string' ? PASS_WORDS[value.trim().toLowerCase()] : undefined;
}

export function readHumanLabels(text: string, file: string, kind: HumanLabelsKind): { labels: HumanLabel[]; diagnostics: Diagnostic[] } {
  const rows = readRecordRows(text, file, kind, 'human label');
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
    const pass = passValue(value.pass);
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
