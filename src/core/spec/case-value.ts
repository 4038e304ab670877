// Turns a raw case value (from YAML, JSONL or CSV) into a Case. Lenient on purpose: a value of the wrong
// shape is kept as written in `raw` and reported by schema validation, with its exact location, instead of
// failing the parse of every other case.
import type { Case, CaseCriterion, ChatMessage, Check, Locator, SourceRange } from './types.js';
import { isRecord } from '../util/is-record.js';

// A case without tags, checks, vars or meta shares one frozen empty value of each, and a well-formed list is
// the raw value's own: a million cases then carry no million empty objects or copied lists (nothing changes a
// case's lists after parsing; a frozen one would throw if anything tried).
const NO_TAGS: string[] = Object.freeze([]) as unknown as string[];
const NO_CHECKS: Check[] = Object.freeze([]) as unknown as Check[];
const NO_ENTRIES: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

export function caseFromValue(raw: unknown, range: SourceRange, line: number, locate: Locator, index: number): Case {
  const fields = caseFields(raw, index);
  const { id, tags, checks, vars, meta, input, expect } = fields;
  if (input !== undefined && expect !== undefined && fields.messages === undefined && fields.criteria === undefined && fields.reference === undefined) {
    // The usual case (an input and its expected label, nothing else) is built in one literal, with its keys in
    // the same order as below: V8 then keeps every field inside the object, where adding input and expect
    // afterwards spills them to a separate property array (40 more bytes a case, 4 MB at 100,000 cases).
    return { id, tags, checks, vars, meta, raw, range, line, locate, input, expect };
  }
  const result: Case = { id, tags, checks, vars, meta, raw, range, line, locate };
  if (input !== undefined) result.input = input;
  if (fields.messages) result.messages = fields.messages;
  if (fields.criteria) result.criteria = fields.criteria;
  if (fields.reference !== undefined) result.reference = fields.reference;
  if (expect !== undefined) result.expect = expect;
  return result;
}

/** What a case says, read from its raw value: every field of a Case but where it is written. */
export type CaseFields = Omit<Case, 'raw' | 'range' | 'line' | 'locate'>;

/** The fields of a case from its raw value (`index`: its place among the spec's cases, for an id it lacks). */
export function caseFields(raw: unknown, index: number): CaseFields {
  const obj = isRecord(raw) ? raw : {};
  const fields: CaseFields = {
    id: typeof obj.id === 'string' || typeof obj.id === 'number' ? String(obj.id) : `#${index + 1}`,
    tags: onlyOfKind(obj.tags, (t): t is string => typeof t === 'string', NO_TAGS),
    checks: onlyOfKind(obj.checks, (c): c is Check => isRecord(c), NO_CHECKS),
    vars: isRecord(obj.vars) ? obj.vars : NO_ENTRIES,
    meta: isRecord(obj.meta) ? obj.meta : NO_ENTRIES,
    input: scalarText(obj.input),
    expect: scalarText(obj.expect),
  };
  if (Array.isArray(obj.messages)) {
    fields.messages = obj.messages.filter(isRecord).map((m) => ({ role: m.role, content: String(m.content ?? '') }) as ChatMessage);
  }
  if (Array.isArray(obj.criteria)) {
    const criteria = obj.criteria.flatMap((item, index) => caseCriterionFromValue(item, index));
    if (criteria.length > 0) fields.criteria = criteria;
  }
  if (typeof obj.reference === 'string' && obj.reference.trim() !== '') fields.reference = obj.reference;
  return fields;
}

/** A string as written, a number or boolean as its text (YAML reads `expect: 42` as a number); else undefined. */
function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** The prefix of a case criterion's id, which keeps it apart from the rubric's ids (a rubric id may not use it). */
export const CASE_CRITERION_PREFIX = 'case:';
/** The id of the verdict on a case's `reference:`. */
export const REFERENCE_CRITERION_ID = 'reference';

/** A case criterion as written (a string or {criterion, critical?, id?}); an empty one is left to the schema. */
function caseCriterionFromValue(item: unknown, index: number): CaseCriterion[] {
  const value = isRecord(item) ? item : { criterion: item };
  if (typeof value.criterion !== 'string' || value.criterion.trim() === '') return [];
  const name = typeof value.id === 'string' || typeof value.id === 'number' ? String(value.id) : String(index + 1);
  return [{ id: CASE_CRITERION_PREFIX + name, criterion: value.criterion, critical: value.critical === true, index }];
}

/** Whether the case has criteria of its own or a reference answer: things only the judge grades. */
export function hasOwnCriteria(testCase: Pick<Case, 'criteria' | 'reference'>): boolean {
  return (testCase.criteria?.length ?? 0) > 0 || testCase.reference !== undefined;
}

/** The items of a list that are of a kind: the list itself when all are, `none` when it is no list or empty. */
function onlyOfKind<T>(value: unknown, isKind: (item: unknown) => item is T, none: T[]): T[] {
  if (!Array.isArray(value) || value.length === 0) return none;
  return value.every(isKind) ? (value as T[]) : value.filter(isKind);
}
