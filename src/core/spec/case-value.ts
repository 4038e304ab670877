// Turns a raw case value (from YAML, JSONL or CSV) into a Case. Lenient on purpose: a value of the wrong
// shape is kept as written in `raw` and reported by schema validation, with its exact location, instead of
// failing the parse of every other case.
import type { Case, ChatMessage, Check, Locator, SourceRange } from './types.js';
import { isRecord } from '../util/is-record.js';

export function caseFromValue(raw: unknown, range: SourceRange, line: number, locate: Locator, index: number): Case {
  const obj = isRecord(raw) ? raw : {};
  const id = typeof obj.id === 'string' || typeof obj.id === 'number' ? String(obj.id) : `#${index + 1}`;
  const result: Case = {
    id,
    tags: Array.isArray(obj.tags) ? obj.tags.filter((t): t is string => typeof t === 'string') : [],
    checks: Array.isArray(obj.checks) ? obj.checks.filter(isRecord) as Check[] : [],
    vars: isRecord(obj.vars) ? obj.vars : {},
    meta: isRecord(obj.meta) ? obj.meta : {},
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
  if (typeof obj.expect === 'string') result.expect = obj.expect;
  else if (typeof obj.expect === 'number' || typeof obj.expect === 'boolean') result.expect = String(obj.expect);
  return result;
}
