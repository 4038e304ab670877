// The usual case, `{ id, input, expect?, tags? }` with strings where the schema wants them, is valid against
// $defs/case whatever the strings hold, so validate.ts need not run the generated validator on it. That
// validator builds an error object for every branch of its anyOf, also for a valid case: on a 1,000-case
// spec it was ~10 ms of the wait before `aispec eval`'s first request. Any other shape, and anything this
// does not vouch for, goes to the validator as before, so the diagnostics are the same.
// The schema's rules for these keys are pinned by test/unit/spec/plain-case.test.ts: a change to them fails
// that test until this is brought in line.
import { isRecord } from '../util/is-record.js';

/**
 * True only for a case the schema accepts: a plain object whose keys (as the validator walks them, for...in)
 * are `id` (a non-empty string), `input` (a string), and optionally `expect` (a string) and `tags` (an array
 * of non-empty strings). False says nothing: the validator decides.
 */
export function isPlainValidCase(raw: unknown): boolean {
  if (!isRecord(raw) || Object.getPrototypeOf(raw) !== Object.prototype) return false;
  let hasId = false;
  let hasInput = false;
  for (const key in raw) {
    const value = raw[key];
    if (key === 'id') {
      if (typeof value !== 'string' || value === '') return false;
      hasId = true;
    } else if (key === 'input') {
      if (typeof value !== 'string') return false;
      hasInput = true;
    } else if (key === 'expect') {
      if (typeof value !== 'string') return false;
    } else if (key === 'tags') {
      if (!Array.isArray(value)) return false;
      for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string' || value[i] === '') return false;
    } else {
      return false;
    }
  }
  return hasId && hasInput;
}
