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
  const obj = isRecord(raw) ? raw : {};
  const id = typeof obj.id === 'string' || typeof obj.id === 'number' ? String(obj.id) : `#${index + 1}`;
  const result: Case = {
    id,
    tags: onlyOfKind(obj.tags, (t): t is string => typeof t === 'string', NO_TAGS),
    checks: onlyOfKind(obj.checks, (c): c is Check => isRecord(c), NO_CHECKS),
    vars: isRecord(obj.vars) ? obj.vars : NO_ENTRIES,
    meta: isRecord(obj.meta) ? obj.meta : NO_ENTRIES,
    raw,
    range,
    line,
    locate,
  };
  if (typeof obj.input === 'string') result.input = obj.input;
  else if (typeof obj.input === 'number' || typeof obj.input === 'boolean') result.input = String(obj.input);
  if (Array.isArray(obj.messages)) {
    result.messages = obj.messages.filter(isRecord).map((m) => ({ role: m.role, content: String(m.content ?? '') }) as ChatMessage);
  }
  if (Array.isArray(obj.criteria)) {
    const criteria = obj.criteria.flatMap((item, index) => caseCriterionFromValue(item, index));
    if (criteria.length > 0) result.criteria = criteria;
  }
  if (typeof obj.reference === 'string' && obj.reference.trim() !== '') result.reference = obj.reference;
  if (typeof obj.expect === 'string') result.expect = obj.expect;
  else if (typeof obj.expect === 'number' || typeof obj.expect === 'boolean') result.expect = String(obj.expect);
  return result;
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
