import { textOfFile } from '../../spec/file-text.js';
import type { Case, ParsedSpec, QuickFix, SourceRange } from '../../spec/types.js';
import { FirstByKey, hashEnd, hashStart, hashStep, hashText30 } from '../../util/first-by-hash.js';
import { hasKeys } from '../../util/has-keys.js';
import { isRecord } from '../../util/is-record.js';
import type { LintFinding, LintRule } from '../types.js';

/** "line 12", or "line 12 of cases.jsonl" when the case is in another file than `from`. */
function where(c: Case, from: string): string {
  if (c.range.file === from) return `line ${c.line}`;
  return `line ${c.line} of ${c.range.file.split(/[\\/]/).pop()}`;
}

function writtenAt(spec: ParsedSpec, range: SourceRange): string | undefined {
  return textOfFile(spec, range.file)?.slice(range.start, range.end);
}

export const duplicateCaseId: LintRule = {
  id: 'duplicate-case-id',
  defaultSeverity: 'error',
  description: 'Two cases share an id.',
  docs:
    'Results, recorded outputs, baselines and the Test Explorer all find a case by its id; two cases with one id ' +
    'overwrite each other and a comparison between runs pairs the wrong outputs. Give each case a unique id (the ' +
    'quick fix appends a number).',
  check(spec) {
    const firstOfId = new FirstByKey(spec.cases.length, (index) => spec.cases[index]!.id);
    let used: Set<string> | undefined; // every id, built only when a duplicate needs a fresh one
    const findings: LintFinding[] = [];
    for (let index = 0; index < spec.cases.length; index++) {
      const c = spec.cases[index]!;
      if (!isRecord(c.raw) || c.raw.id === undefined) continue; // no id: schema validation reports it
      const first = firstOfId.firstOrAdd(hashText30(c.id), index);
      if (first < 0) continue;
      const earlier = spec.cases[first]!;
      const range = c.locate(['id']).value;
      const finding: LintFinding = {
        message: `Duplicate case id "${c.id}": the case at ${where(earlier, range.file)} already uses it. Ids must be unique so results and baselines pair the right cases.`,
        range,
      };
      used ??= new Set(spec.cases.map((x) => x.id));
      const fix = renameFix(spec, range, c.id, used);
      if (fix) finding.fixes = [fix];
      findings.push(finding);
    }
    return findings;
  },
};

/** Renames the id to the first free `ID-2`, `ID-3`, ... when the id is written plainly or in simple quotes. */
function renameFix(spec: ParsedSpec, range: SourceRange, id: string, used: Set<string>): QuickFix | undefined {
  const written = writtenAt(spec, range);
  if (written === undefined) return undefined;
  const inner = written === id ? range : written === `"${id}"` || written === `'${id}'` ? { ...range, start: range.start + 1, end: range.end - 1 } : undefined;
  if (!inner) return undefined;
  let n = 2;
  while (used.has(`${id}-${n}`)) n++;
  const fresh = `${id}-${n}`;
  used.add(fresh);
  return { title: `Rename to "${fresh}"`, edits: [{ file: inner.file, start: inner.start, end: inner.end, newText: fresh }] };
}

const SPACES = /\s+/g;
/**
 * Whitespace that normalising changes inside the text: a run of two, or one that is not a plain space. Without
 * any, replacing runs by a space gives the text back unchanged, so the replace (a new string per case: ~3/4 of
 * this rule on a 10,000-case spec, rerun at every keystroke in the editor) is skipped; trim does the ends.
 */
const WHITESPACE_TO_NORMALIZE = /\s\s|[^\S ]/;
const normalize = (s: string): string => (WHITESPACE_TO_NORMALIZE.test(s) ? s.replace(SPACES, ' ') : s).trim().toLowerCase();

/** What the target receives, normalized: the input or the messages, plus any vars. */
function inputKey(c: Case): string | undefined {
  let key: string;
  if (c.input !== undefined) key = normalize(c.input);
  else if (c.messages && c.messages.length > 0) key = `\u0000${c.messages.map((m) => `${m.role}\u0001${normalize(m.content)}`).join('\u0000')}`;
  else return undefined;
  if (key === '') return undefined;
  if (!hasKeys(c.vars)) return key;
  const vars = Object.keys(c.vars).sort();
  return `${key}\u0002${JSON.stringify(vars.map((k) => [k, c.vars[k]]))}`;
}

/** ASCII whitespace as \s has it: tab, line feed, vertical tab, form feed, carriage return, space. */
function isAsciiSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

/**
 * hashText30(inputKey(c)), without making the key when the case has only a plain ASCII input (no vars): its
 * normalised text (runs of whitespace as one space, trimmed, lower case) is hashed as it is read. Equal keys
 * hash equal; unequal keys may too, rarely, and the rule then compares the keys themselves. The lower-cased
 * copy of every input, held in a map for the whole lint, was ~90 MB for a million cases, and most of the rule's
 * time.
 */
function inputHash(c: Case): number | undefined {
  const input = c.input;
  if (input === undefined || hasKeys(c.vars)) return hashOfKey(c);
  let hash = hashStart();
  let pendingSpace = false;
  let empty = true;
  for (let i = 0; i < input.length; i++) {
    let code = input.charCodeAt(i);
    if (code > 127) return hashOfKey(c); // Unicode whitespace and case mapping: the key itself
    if (isAsciiSpace(code)) {
      pendingSpace = !empty;
      continue;
    }
    if (pendingSpace) {
      hash = hashStep(hash, 32);
      pendingSpace = false;
    }
    if (code >= 65 && code <= 90) code += 32;
    hash = hashStep(hash, code);
    empty = false;
  }
  return empty ? undefined : hashEnd(hash);
}

function hashOfKey(c: Case): number | undefined {
  const key = inputKey(c);
  return key === undefined ? undefined : hashText30(key);
}

export const duplicateCaseInput: LintRule = {
  id: 'duplicate-case-input',
  defaultSeverity: 'warning',
  description: 'Two cases send the same input (ignoring case and whitespace).',
  docs:
    'A duplicated input counts twice in every rate and gives the illusion of more evidence than there is; with ' +
    'different `expect`s the two contradict each other and one of them always fails. Inputs are compared ' +
    'ignoring case and runs of whitespace (with `messages`, every role and content; `vars` must match too). ' +
    'Remove the copy, or change it to test something the other does not.',
  check(spec) {
    // The key (the normalised input) is made only for a case whose hash an earlier case has.
    const firstOfKey = new FirstByKey(spec.cases.length, (index) => inputKey(spec.cases[index]!)!);
    const findings: LintFinding[] = [];
    for (let index = 0; index < spec.cases.length; index++) {
      const c = spec.cases[index]!;
      const hash = inputHash(c);
      if (hash === undefined) continue;
      const first = firstOfKey.firstOrAdd(hash, index);
      if (first < 0) continue;
      const earlier = spec.cases[first]!;
      const at = c.locate([c.input !== undefined ? 'input' : 'messages']).value;
      const conflict = c.expect !== undefined && earlier.expect !== undefined && c.expect !== earlier.expect;
      findings.push({
        message: conflict
          ? `Case "${c.id}" has the same input as case "${earlier.id}" (${where(earlier, at.file)}) but expects "${c.expect}" where that one expects "${earlier.expect}": one of them always fails. Fix the wrong one.`
          : `Case "${c.id}" has the same input as case "${earlier.id}" (${where(earlier, at.file)}): a copy counts twice in every rate. Remove it, or change it to test something new.`,
        range: at,
      });
    }
    return findings;
  },
};
