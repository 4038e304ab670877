// Loads a spec with everything it depends on: the spec text parsed, plus the external case file named by
// frontmatter `cases:`. File access comes from the host, so the CLI, the extension (which may pass unsaved
// editor text) and tests all load specs the same way.
import { hasOwnCriteria, REFERENCE_CRITERION_ID } from './case-value.js';
import { caseFileKind, readCaseFile } from './case-files.js';
import { didYouMean } from './did-you-mean.js';
import { excerpt } from './excerpt.js';
import { humanLabelsKind, readHumanLabels } from './human-labels.js';
import { MAX_CASE_FILE_CHARS, MAX_CASES, MAX_JSONL_CASE_FILE_CHARS, megabytes } from './parse-limits.js';
import { parseSpec } from './parse.js';
import type { SpecHost } from '../host.js';
import type { ParsedSpec } from './types.js';
import type { YamlListMemo } from './yaml-list-memo.js';
import { append } from '../util/append.js';
import { isRecord } from '../util/is-record.js';

/** @param memo see parseSpec: for a host that checks one spec as it is edited */
export async function loadSpec(file: string, host: SpecHost, text?: string, memo?: YamlListMemo): Promise<ParsedSpec> {
  const spec = parseSpec(text ?? (await host.readFile(file)), file, memo);
  const data = spec.frontmatter?.data;
  if (!isRecord(data) || !spec.frontmatter) return spec;
  checkNamedFiles(spec, data, file, host);
  if (typeof data.cases === 'string') await loadCaseFile(spec, data.cases, file, host);
  if (typeof data.human_labels === 'string') await loadHumanLabels(spec, data.human_labels, file, host);
  return spec;
}

async function loadCaseFile(spec: ParsedSpec, relative: string, file: string, host: SpecHost): Promise<void> {
  if (!spec.frontmatter) return;

  const where = spec.frontmatter.locate(['cases']).value;
  const kind = caseFileKind(relative);
  if (!kind) {
    spec.diagnostics.push({
      code: 'parse',
      severity: 'error',
      message: `Case files are .jsonl, .yaml/.yml or .csv; "${relative}" is none of these.`,
      range: where,
    });
    return;
  }
  let path: string;
  let caseText: string;
  try {
    path = host.resolve(file, relative);
    caseText = await host.readFile(path, file);
  } catch (error) {
    spec.diagnostics.push({
      code: 'parse',
      severity: 'error',
      message: `Cannot read the case file "${relative}" (${describeReadError(error)}). The path is relative to this spec.`,
      range: where,
    });
    return;
  }
  const maxChars = kind === 'jsonl' ? MAX_JSONL_CASE_FILE_CHARS : MAX_CASE_FILE_CHARS;
  if (caseText.length > maxChars) {
    const hint = kind === 'jsonl' ? 'Split it across specs.' : `A .jsonl case file may be larger, up to ${megabytes(MAX_JSONL_CASE_FILE_CHARS)} MB; or split it across specs.`;
    spec.diagnostics.push({
      code: 'parse',
      severity: 'error',
      message: `The case file "${relative}" is ${megabytes(caseText.length)} MB; aispec reads ${kind === 'jsonl' ? 'JSONL' : kind.toUpperCase()} case files of up to ${megabytes(maxChars)} MB. ${hint}`,
      range: where,
    });
    return;
  }
  spec.files.set(path, caseText);
  const loaded = readCaseFile(caseText, path, kind, spec.cases.length);
  append(spec.cases, loaded.cases);
  spec.caseSources.push(loaded.source);
  append(spec.diagnostics, loaded.diagnostics);
  if (spec.cases.length > MAX_CASES) {
    // A JSONL file stops being read at the bound (case-files.ts); YAML and CSV files are cut to it here.
    spec.cases.length = MAX_CASES;
    spec.diagnostics.push({
      code: 'parse',
      severity: 'error',
      message: `The spec has more than ${MAX_CASES.toLocaleString('en-US')} cases; aispec reads up to ${MAX_CASES.toLocaleString('en-US')} per spec. Split the cases across specs.`,
      range: where,
    });
  }
}

/**
 * The human verdicts of `human_labels:`, read like a case file (contained in the project, size-capped), each
 * row checked against the spec: its id must be a case or an example, its criterion a rubric criterion or one of
 * that case's own (`case:N`, `reference`).
 */
async function loadHumanLabels(spec: ParsedSpec, relative: string, file: string, host: SpecHost): Promise<void> {
  if (!spec.frontmatter) return;
  const where = spec.frontmatter.locate(['human_labels']).value;
  const problem = (message: string) => spec.diagnostics.push({ code: 'parse', severity: 'error', message, range: where });
  const kind = humanLabelsKind(relative);
  if (!kind) return void problem(`A human labels file is .jsonl or .csv; "${relative}" is neither.`);
  let path: string;
  let text: string;
  try {
    path = host.resolve(file, relative);
    text = await host.readFile(path, file);
  } catch (error) {
    return void problem(`Cannot read the human labels file "${relative}" (${describeReadError(error)}). The path is relative to this spec.`);
  }
  if (text.length > MAX_CASE_FILE_CHARS) return void problem(`The human labels file "${relative}" is ${megabytes(text.length)} MB; aispec reads up to ${megabytes(MAX_CASE_FILE_CHARS)} MB.`);
  spec.files.set(path, text);
  const read = readHumanLabels(text, path, kind);
  append(spec.diagnostics, read.diagnostics);
  const items = new Set([...spec.cases.map((c) => c.id), ...spec.examples.map((e) => e.id)]);
  const rubric = spec.rubric.map((c) => c.id);
  // A label on a case may also name one of that case's own criteria (case:N) or its reference.
  const ownIds = new Map(spec.cases.filter(hasOwnCriteria).map((c) => [c.id, [...(c.criteria ?? []).map((x) => x.id), ...(c.reference !== undefined ? [REFERENCE_CRITERION_ID] : [])]]));
  spec.humanLabels = read.labels.filter((label) => {
    const criteria = new Set([...rubric, ...(ownIds.get(label.id) ?? [])]);
    const wrong = !items.has(label.id)
      ? `No case or example has the id "${excerpt(label.id)}"${suggestion(label.id, items)}.`
      : label.criterion !== undefined && !criteria.has(label.criterion)
        ? `No rubric criterion${ownIds.has(label.id) ? ` or criterion of case "${excerpt(label.id)}"` : ''} has the id "${excerpt(label.criterion)}"${suggestion(label.criterion, criteria)}.`
        : undefined;
    if (wrong) spec.diagnostics.push({ code: 'parse', severity: 'error', message: wrong, range: label.range });
    return wrong === undefined;
  });
}

function suggestion(word: string, known: ReadonlySet<string>): string {
  const near = didYouMean(word, [...known]);
  return near ? ` (did you mean "${near}"?)` : '';
}

/**
 * The files a target or a recorded judge reads when the spec runs (system_file, recorded outputs), resolved through the host now so
 * that one it may not read (outside the project) is an error at its key in every check, before any run.
 */
function checkNamedFiles(spec: ParsedSpec, data: Record<string, unknown>, file: string, host: SpecHost): void {
  if (!spec.frontmatter) return;
  const keys: Array<readonly [string, string]> = [];
  if (isRecord(data.target)) keys.push(['target', 'system_file']);
  if (isRecord(data.target) && data.target.provider === 'recorded') keys.push(['target', 'path']);
  if (isRecord(data.judge) && data.judge.provider === 'recorded') keys.push(['judge', 'path']);
  for (const key of keys) {
    const value = (data[key[0]] as Record<string, unknown>)[key[1]];
    if (typeof value !== 'string') continue;
    try {
      host.resolve(file, value);
    } catch (error) {
      spec.diagnostics.push({
        code: 'parse',
        severity: 'error',
        message: `Cannot use ${key.join('.')} "${value}" (${describeReadError(error)}).`,
        range: spec.frontmatter.locate([...key]).value,
      });
    }
  }
}

function describeReadError(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'EACCES') return 'permission denied';
  return (error as Error).message ?? String(error);
}
