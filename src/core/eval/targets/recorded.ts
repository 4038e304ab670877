// Outputs already logged (production logs, another tool's run) in JSONL or CSV, keyed by case id: grading
// them needs no model and no key. The file is read once and indexed; a malformed line stops the target with
// FILE:LINE (fix the file rather than grade half of it), a case with no line ends as an error. A row may carry
// the tool calls made with the output (`tool_calls`; in CSV a column holding that list as JSON).
import { parse as parseCsv } from 'csv-parse/sync';
import type { ToolCall, Usage } from '../../../shared/results.js';
import type { Case } from '../../spec/types.js';
import { CaseError, type Target, type TargetOutput } from '../types.js';
import { excerpt } from '../../spec/excerpt.js';
import { TargetConfigError } from './config.js';
import { toolCallFromJsonText } from './tool-calls.js';
import { hashText, stableStringify } from './util.js';
import { forEachJsonlLine } from '../../spec/jsonl-lines.js';
import { FirstByKey, hashText30 } from '../../util/first-by-hash.js';

/**
 * One recorded output, flat: the TargetOutput (and its usage) is built when its case runs, so each of a million
 * outputs held for the whole run is one object instead of three. Optional fields are set only when recorded.
 */
interface RecordedOutput {
  line: number;
  output: string;
  toolCalls?: ToolCall[];
  latency_ms?: number;
  score?: number;
  input_tokens?: number;
  output_tokens?: number;
}

interface RecordedFailure {
  line: number;
  error: string;
}

type Entry = RecordedOutput | RecordedFailure;

export class RecordedTarget implements Target {
  readonly fingerprint: string;
  readonly #entries: RecordedEntries;
  readonly #file: string;

  /**
   * `file` is the path as the spec wrote it (for messages); `text` the file's content. With `caseIds`, only
   * those cases' outputs are kept (a shard's): every line is still parsed and checked, so a malformed file
   * stops a shard as it stops the whole run, and the fingerprint is the whole file's.
   */
  constructor(file: string, text: string, caseIds?: ReadonlySet<string>) {
    this.#file = file;
    this.#entries = parseRecorded(text, file, caseIds);
    this.fingerprint = stableStringify({ provider: 'recorded', path: file, content: hashText(text) });
  }

  /** The line after the last one answered in the file's order. */
  #ahead = 0;

  /**
   * The kept entry that follows, in the file, the last one answered this way, when it is this case's; else
   * undefined (and a lookup by id answers). Outputs are mostly recorded in the order the cases run: each is
   * then found by comparing one id, where a lookup in a map of a million entries cost 1.32 s of a million-case
   * eval's CPU against 0.06 s at 100,000 (profiles, 2026-12-03): the table outgrows the processor's caches.
   */
  #nextInFileOrder(id: string): Entry | undefined {
    const entries = this.#entries;
    while (this.#ahead < entries.count && entries.entryAt(this.#ahead) === undefined) this.#ahead++; // an id a shard does not keep
    if (this.#ahead >= entries.count || entries.idAt(this.#ahead) !== id) return undefined;
    return entries.entryAt(this.#ahead++);
  }

  get size(): number {
    return this.#entries.kept;
  }

  async run(testCase: Case, signal: AbortSignal): Promise<TargetOutput> {
    return this.runNow(testCase, signal);
  }

  runNow(testCase: Case, signal: AbortSignal): TargetOutput {
    if (signal.aborted) throw signal.reason;
    const entry = this.#nextInFileOrder(testCase.id) ?? this.#entries.entryOf(testCase.id);
    if (!entry) throw new CaseError(`no recorded output for case ${testCase.id} in ${this.#file}`);
    if ('error' in entry) throw new CaseError(`${this.#file}:${entry.line}: the recorded call for case ${testCase.id} failed: ${entry.error}`);
    return targetOutput(entry);
  }
}

/** The output as a target gives it: its fields in the order a recorded line's were always given. */
function targetOutput(entry: RecordedOutput): TargetOutput {
  const output: TargetOutput = { output: entry.output };
  if (entry.toolCalls) output.toolCalls = entry.toolCalls;
  if (entry.latency_ms !== undefined) output.latency_ms = entry.latency_ms;
  if (entry.score !== undefined) output.score = entry.score;
  if (entry.input_tokens !== undefined && entry.output_tokens !== undefined) output.usage = { input_tokens: entry.input_tokens, output_tokens: entry.output_tokens };
  return output;
}

export function isCsvPath(path: string): boolean {
  return /\.csv$/i.test(path);
}

/**
 * Parses a recorded-outputs file into its entries (only those of `keep` kept, when given); problems anywhere
 * in the file throw TargetConfigError("FILE:LINE: ...").
 */
export function parseRecorded(text: string, file: string, keep?: ReadonlySet<string>): RecordedEntries {
  const entries = new RecordedEntries(file, keep);
  if (isCsvPath(file)) parseCsvRecords(text, file, entries);
  else parseJsonl(text, file, entries);
  return entries;
}

/**
 * Every id of the file in its order, with its line and its entry when kept, so an id recorded twice is found
 * anywhere. Ids are found by a 30-bit hash in typed arrays (first-by-hash.ts), the rare ids whose hash an
 * earlier id has by a map of their own: a map of a million ids took 0.49 s of a million-case eval against
 * 0.02 s at 100,000 (profiles, 2026-12-04), its tables rehashed into ever larger ones beyond the caches.
 */
export class RecordedEntries {
  readonly #ids: string[] = [];
  readonly #lines: number[] = [];
  readonly #entries: Array<Entry | undefined> = [];
  readonly #byId = new FirstByKey(1024, (index) => this.#ids[index]!);
  /** Entries kept. */
  kept = 0;

  constructor(
    readonly file: string,
    readonly keep: ReadonlySet<string> | undefined,
  ) {}

  /** Ids seen, kept or not. */
  get count(): number {
    return this.#ids.length;
  }

  idAt(index: number): string {
    return this.#ids[index]!;
  }

  /** The entry at `index` of the file's ids, undefined when not kept. */
  entryAt(index: number): Entry | undefined {
    return this.#entries[index];
  }

  /** The entry of `id`, undefined when the file has none or it is not kept. */
  entryOf(id: string): Entry | undefined {
    const index = this.#byId.indexOf(hashText30(id), id);
    return index < 0 ? undefined : this.#entries[index];
  }

  add(id: string, entry: Entry): void {
    const index = this.#ids.length;
    this.#ids.push(id); // first: the lookup below reads the new id at its index
    const previous = this.#byId.firstOrAdd(hashText30(id), index);
    if (previous >= 0) fail(this.file, entry.line, `case id "${excerpt(id)}" is recorded twice (first on line ${this.#lines[previous]}); keep one output per case.`);
    const keeps = !this.keep || this.keep.has(id);
    this.#lines.push(entry.line);
    this.#entries.push(keeps ? entry : undefined);
    if (keeps) this.kept++;
  }
}

function fail(file: string, line: number, message: string): never {
  throw new TargetConfigError(`${file}:${line}: ${message}`);
}

function parseJsonl(text: string, file: string, entries: RecordedEntries): void {
  // A line at a time (no list of a million lines): the BOM skipped and a CR before the LF dropped, as before.
  forEachJsonlLine(text, (raw, line) => {
    const trimmed = raw.trim();
    if (trimmed === '') return;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      fail(file, line, `not valid JSON (${excerpt(error instanceof Error ? error.message : String(error), 80)}); each line holds one object like {"id": "...", "output": "..."}.`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      fail(file, line, 'each line holds one JSON object like {"id": "...", "output": "..."}.');
    }
    const record = value as Record<string, unknown>;
    const id = readId(record.id, file, line);
    entries.add(id, readEntry(record, file, line));
  });
}

function readId(value: unknown, file: string, line: number): string {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return fail(file, line, `missing "id" (the case id this output belongs to).`);
}

function readEntry(record: Record<string, unknown>, file: string, line: number): Entry {
  const has = (key: string): boolean => record[key] !== undefined && record[key] !== '';
  const toolCalls = has('tool_calls') ? readToolCalls(record.tool_calls, file, line) : [];
  if (record.output === undefined && toolCalls.length === 0) {
    if (typeof record.error === 'string' && record.error !== '') return { line, error: record.error };
    return fail(file, line, 'missing "output" (or "tool_calls", or an "error" saying why there is none).');
  }
  if (record.output === null && toolCalls.length === 0) return { line, error: 'the recorded output is null' };
  // A reply made only of tool calls has no text: its output is "", as a live target's would be.
  const text = record.output === undefined || record.output === null ? '' : record.output;
  const entry: RecordedOutput = { line, output: typeof text === 'string' ? text : JSON.stringify(text) };
  if (toolCalls.length > 0) entry.toolCalls = toolCalls;
  if (has('latency_ms')) entry.latency_ms = readNumber(record.latency_ms, 'latency_ms', file, line, 0);
  if (has('score')) {
    const score = readNumber(record.score, 'score', file, line, 0);
    if (score > 1) fail(file, line, `"score" must be in 0..1 (got ${score}).`);
    entry.score = score;
  }
  const usage = readUsage(record, file, line);
  if (usage) {
    entry.input_tokens = usage.input_tokens;
    entry.output_tokens = usage.output_tokens;
  }
  return entry;
}

/**
 * `tool_calls`: a list of `{name, arguments}` (arguments an object, or JSON text as OpenAI sends it), or that
 * list as JSON text (a CSV cell). Arguments that are not valid JSON are kept raw and marked, like a live call's.
 */
function readToolCalls(value: unknown, file: string, line: number): ToolCall[] {
  const shape = '"tool_calls" must be a list like [{"name": "get_weather", "arguments": {"city": "Paris"}}]';
  let list = value;
  if (typeof list === 'string') {
    try {
      list = JSON.parse(list);
    } catch {
      fail(file, line, `${shape} (the text is not valid JSON).`);
    }
  }
  if (!Array.isArray(list)) return fail(file, line, `${shape}.`);
  return list.map((call: unknown, index) => {
    if (typeof call !== 'object' || call === null || Array.isArray(call)) return fail(file, line, `${shape}; item ${index + 1} is not an object.`);
    const { name, arguments: args } = call as { name?: unknown; arguments?: unknown };
    if (typeof name !== 'string' || name === '') return fail(file, line, `${shape}; item ${index + 1} has no "name".`);
    return toolCallFromJsonText(name, args);
  });
}

function readNumber(value: unknown, key: string, file: string, line: number, min: number): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n) || n < min) fail(file, line, `"${key}" must be a number ≥ ${min} (got ${excerpt(JSON.stringify(value) ?? String(value))}).`);
  return n;
}

function readUsage(record: Record<string, unknown>, file: string, line: number): Usage | undefined {
  let usage = record.usage;
  if (typeof usage === 'string' && usage.trim() !== '') {
    try {
      usage = JSON.parse(usage);
    } catch {
      fail(file, line, `"usage" must be {"input_tokens": N, "output_tokens": N}.`);
    }
  }
  if (usage === undefined || usage === null || usage === '') return undefined;
  if (typeof usage !== 'object' || Array.isArray(usage)) fail(file, line, `"usage" must be {"input_tokens": N, "output_tokens": N}.`);
  const u = usage as Record<string, unknown>;
  return {
    input_tokens: u.input_tokens === undefined ? 0 : readNumber(u.input_tokens, 'usage.input_tokens', file, line, 0),
    output_tokens: u.output_tokens === undefined ? 0 : readNumber(u.output_tokens, 'usage.output_tokens', file, line, 0),
  };
}

function parseCsvRecords(text: string, file: string, entries: RecordedEntries): void {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parseCsv(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (error) {
    const err = error as Error & { lines?: number };
    return fail(file, err.lines ?? 1, `CSV error: ${excerpt(err.message, 160)}`);
  }
  if (records.length === 0) return;
  const header = records[0]!.record.map((h) => h.trim());
  for (const required of ['id', 'output']) {
    if (!header.includes(required)) fail(file, records[0]!.info.lines, `the header row needs an "${required}" column (found: ${excerpt(header.join(', '))}).`);
  }
  for (const { record, info } of records.slice(1)) {
    const row: Record<string, unknown> = {};
    const usage: Record<string, unknown> = {};
    header.forEach((column, i) => {
      const cell = record[i];
      if (column === 'output' && cell !== undefined) row.output = cell;
      if (cell === undefined || cell === '' || column === 'output') return;
      if (column.startsWith('usage.')) usage[column.slice('usage.'.length)] = cell;
      else if (column === 'input_tokens' || column === 'output_tokens') usage[column] = cell;
      else row[column] = cell;
    });
    if (Object.keys(usage).length > 0 && row.usage === undefined) row.usage = usage;
    const id = readId(row.id, file, info.lines);
    entries.add(id, readEntry(row, file, info.lines));
  }
}
