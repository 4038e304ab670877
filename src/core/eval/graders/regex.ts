// Regexes written in specs (checks, classify rules, anti-pattern detectors) compiled once and run safely.
//
// Runaway guard: JavaScript regexes cannot be interrupted, and the core may not start a worker to time one
// out. What we do instead: a regex never examines more than MAX_REGEX_INPUT_CHARS characters. An output
// longer than that is a grader error with a reason (never a silent pass on a prefix). This keeps
// super-linear patterns (e.g. `\s*$`-style backtracking, O(n²)) bounded on runaway outputs such as a model
// repeating itself until max_tokens. It does not stop a pattern that is exponential on short inputs
// (`(a+)+b`); such a pattern is the spec author's to fix.
//
// Regexes with `g` or `y` keep state in `lastIndex`; we reset it before every use, so a shared compiled
// regex always searches from the start (with `y`, that means "anchored at the start").

export const MAX_REGEX_INPUT_CHARS = 100_000;

export type CompiledRegex = { ok: true; regex: RegExp } | { ok: false; error: string };

const compiled = new Map<string, CompiledRegex>();
const MAX_CACHED = 500;

/** Compiles `pattern` with `flags`, cached. An invalid pattern or flag gives `{ok: false, error}`, never a throw. */
export function compileRegex(pattern: string, flags = ''): CompiledRegex {
  const key = `${flags}/${pattern}`;
  const hit = compiled.get(key);
  if (hit) return hit;
  let result: CompiledRegex;
  try {
    result = { ok: true, regex: new RegExp(pattern, flags) };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    result = { ok: false, error: `invalid regex /${pattern}/${flags}: ${why}` };
  }
  if (compiled.size >= MAX_CACHED) compiled.clear();
  compiled.set(key, result);
  return result;
}

export type RegexSearch =
  | { ok: true; match: { text: string; index: number } | null }
  | { ok: false; error: string };

/** The first match of `regex` in `text`, or null; an error when `text` is longer than the guard allows. */
export function searchRegex(regex: RegExp, text: string): RegexSearch {
  if (text.length > MAX_REGEX_INPUT_CHARS) {
    return {
      ok: false,
      error: `output has ${text.length} characters; regexes examine at most ${MAX_REGEX_INPUT_CHARS} (a guard against runaway matching)`,
    };
  }
  regex.lastIndex = 0;
  const m = regex.exec(text);
  return { ok: true, match: m ? { text: m[0], index: m.index } : null };
}
