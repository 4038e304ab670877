// The judge as verdicts already given (frontmatter `judge: {provider: recorded, path: FILE}`): a bundled
// example, or verdicts a team logged from its own judge, grade and calibrate with no model and no key.
//
// A verdict is found by what the judge is asked about: the case or example id and the criterion id. Not by a
// digest of the prompt: the prompt's wording is aispec's and changes between versions, and a digest would
// silently orphan every recording; ids are what a person writes and reads. Each verdict also holds the
// output it was given on, and is used only on that same output: a verdict is never replayed on an output the
// judge did not see (a re-recorded target, an edited example). A criterion with no verdict, or with one given
// on another output, is an `error` for that criterion with the reason: never a pass.
//
// It answers rubric criteria only; asked to choose a label (`classify: {judge: true}`) it says so.
import type { ChatMessage } from '../../spec/types.js';
import { LineIndex } from '../../spec/line-index.js';
import { passValue } from '../../spec/human-labels.js';
import { readRecordRows } from '../../spec/record-rows.js';
import { excerpt } from '../../spec/excerpt.js';
import { isRecord } from '../../util/is-record.js';
import { CaseError, type ChatModel, type RecordedVerdict, type RecordedVerdicts, type TargetOutput } from '../types.js';
import { TargetConfigError } from './config.js';
import { isCsvPath } from './recorded.js';
import { hashText, stableStringify } from './util.js';

interface Recorded {
  line: number;
  pass: boolean;
  applies?: false;
  reason: string;
  output: string;
}

const FIELDS = ['id', 'criterion', 'pass', 'applies', 'reason', 'output'];
const ROW_SHAPE = '{"id": "...", "criterion": "...", "pass": true, "reason": "...", "output": "..."}';

export class RecordedJudge implements ChatModel, RecordedVerdicts {
  readonly fingerprint: string;
  readonly recorded: RecordedVerdicts = this;
  readonly #file: string;
  readonly #verdicts: Map<string, Recorded>;

  /** `file` is the path as the spec wrote it (for messages); `text` the file's content. */
  constructor(file: string, text: string) {
    this.#file = file;
    this.#verdicts = parseVerdicts(text, file);
    this.fingerprint = stableStringify({ provider: 'recorded', path: file, content: hashText(text) });
  }

  get size(): number {
    return this.#verdicts.size;
  }

  verdicts(request: { id: string; output: string; criteria: readonly { id: string }[] }): RecordedVerdict[] {
    return request.criteria.map((criterion): RecordedVerdict => {
      const found = this.#verdicts.get(key(request.id, criterion.id));
      const about = `criterion "${criterion.id}" on "${request.id}"`;
      if (!found) {
        return { id: criterion.id, pass: false, error: true, reason: `no recorded judge verdict for ${about} in ${this.#file}: add one (${ROW_SHAPE})` };
      }
      if (found.output.trim() !== request.output.trim()) {
        return {
          id: criterion.id,
          pass: false,
          error: true,
          reason: `the recorded judge verdict for ${about} (${this.#file}:${found.line}) was given on another output than this one: record the judge's verdict on this output`,
        };
      }
      return found.applies === false ? { id: criterion.id, pass: false, applies: false, reason: found.reason } : { id: criterion.id, pass: found.pass, reason: found.reason };
    });
  }

  async complete(_messages: ChatMessage[]): Promise<TargetOutput> {
    throw new CaseError(`the recorded judge (${this.#file}) holds verdicts on rubric criteria only: choosing a label (classify: { judge: true }) needs a model judge (provider openai or anthropic).`);
  }
}

function key(id: string, criterion: string): string {
  return JSON.stringify([id, criterion]);
}

/** Every verdict by (id, criterion); the first bad row stops with FILE:LINE:COL (fix the file, not half of it). */
function parseVerdicts(text: string, file: string): Map<string, Recorded> {
  const lines = new LineIndex(text);
  const fail = (offset: number, message: string): never => {
    const at = lines.positionAt(offset);
    throw new TargetConfigError(`${file}:${at.line + 1}:${at.character + 1}: ${message}`);
  };
  const rows = readRecordRows(text, file, isCsvPath(file) ? 'csv' : 'jsonl', 'judge verdict');
  const first = rows.diagnostics[0];
  if (first) fail(first.range.start, first.message);
  const verdicts = new Map<string, Recorded>();
  for (const { value, range } of rows.rows) {
    const line = lines.positionAt(range.start).line + 1;
    const problem = (message: string): never => fail(range.start, message);
    if (!isRecord(value)) return problem(`each judge verdict is an object like ${ROW_SHAPE}.`);
    const unknown = Object.keys(value).filter((field) => !FIELDS.includes(field));
    if (unknown.length > 0) problem(`unknown field ${excerpt(unknown.join(', '))}: a judge verdict has id, criterion, pass, applies (optional), reason and output.`);
    const text = (field: string, what: string): string => {
      const v = value[field];
      return typeof v === 'string' && v.trim() !== '' ? v.trim() : problem(`a judge verdict needs "${field}": ${what}.`);
    };
    const id = text('id', 'the case or example the judge graded');
    const criterion = text('criterion', 'the rubric criterion id');
    if (typeof value.output !== 'string') problem('a judge verdict needs "output": the output the judge graded, as text (the verdict is used only on that output).');
    const applies = value.applies === undefined ? true : passValue(value.applies);
    if (applies === undefined) problem('"applies" is true or false (false: the criterion does not concern this output).');
    const pass = passValue(value.pass);
    if (applies && pass === undefined) problem('a judge verdict needs "pass": true or false (leave it out only with "applies": false).');
    const reason = typeof value.reason === 'string' ? value.reason.trim() : value.reason === undefined ? '' : problem('"reason" is text: why the judge passed or failed it.');
    const previous = verdicts.get(key(id, criterion));
    if (previous) problem(`"${excerpt(id)}" has a second verdict on "${excerpt(criterion)}" (first on line ${previous.line}); keep one.`);
    const recorded: Recorded = { line, pass: applies ? (pass as boolean) : false, reason: reason || '(no reason recorded)', output: value.output as string };
    if (!applies) recorded.applies = false;
    verdicts.set(key(id, criterion), recorded);
  }
  return verdicts;
}
