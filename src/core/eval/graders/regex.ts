// Spec regexes as the graders use them: compiled by the spec's own compiler (RE2, linear time, see
// spec/spec-regex.ts), with an error that names the pattern, and one guard on the text.
//
// The guard: a regex never examines more than MAX_REGEX_INPUT_CHARS characters. Matching is linear, so no
// pattern can hang, but one search of the pure-JavaScript engine over 100,000 characters already takes a
// noticeable slice of a second of synchronous work, during which a signal (Ctrl-C) waits. An output longer
// than that is a grader error with a reason (never a silent pass on a prefix): typically a model repeating
// itself until max_tokens.
import { compileSpecRegex, type SpecRegex } from '../../spec/spec-regex.js';

export const MAX_REGEX_INPUT_CHARS = 100_000;

export type CompiledRegex = { ok: true; regex: SpecRegex } | { ok: false; error: string };

/** Compiles `pattern` with `flags`, cached. A pattern that cannot run gives `{ok: false, error}`, never a throw. */
export function compileRegex(pattern: string, flags = ''): CompiledRegex {
  const result = compileSpecRegex(pattern, flags);
  return result.ok ? result : { ok: false, error: `invalid regex /${pattern}/${flags}: ${result.error}` };
}

export type RegexSearch =
  | { ok: true; match: { text: string; index: number } | null }
  | { ok: false; error: string };

/** The first match of `regex` in `text`, or null; an error when `text` is longer than the guard allows. */
export function searchRegex(regex: SpecRegex, text: string): RegexSearch {
  if (text.length > MAX_REGEX_INPUT_CHARS) {
    return {
      ok: false,
      error: `output has ${text.length} characters; regexes examine at most ${MAX_REGEX_INPUT_CHARS} (a guard that keeps one search short)`,
    };
  }
  return { ok: true, match: regex.firstMatch(text) };
}
