// Every regex a spec provides (check `regex`/`not-regex`, classify rules, anti-pattern detectors, `pattern`
// and `patternProperties` in json-schema checks) is compiled here, and only here, into a matcher that runs
// in time linear in the text: RE2 (the re2js port), never JavaScript's backtracking engine, on which a
// pattern like `(a+)+$` runs for ever on a 31-character output and blocks every signal. Our own regexes
// (lint rules, markdown parsing) stay native.
//
// A spec regex is written as JavaScript, so JavaScript first checks its syntax (compiling a RegExp is cheap
// and never runs it): authors keep the messages they know. spec-regex-syntax.ts then rewrites it into RE2
// syntax with the same meaning, or says which feature RE2 cannot run and what to write instead.
import { RE2JS, RE2JSSyntaxException, RE2Set } from 're2js';
import { ADVICE, toRe2Syntax } from './spec-regex-syntax.js';

/** A compiled spec regex. Stateless: unlike a RegExp with `g`, every call searches the whole text. */
export interface SpecRegex {
  /** Whether the pattern matches anywhere in `text`. */
  test(text: string): boolean;
  /** The first (leftmost) match: its text and where it starts (a UTF-16 index, as String.slice counts). */
  firstMatch(text: string): { text: string; index: number } | null;
}

export type CompiledSpecRegex = { ok: true; regex: SpecRegex } | { ok: false; error: string };

/** By flags, then pattern: no key string is built for each of the several lookups a case makes. */
const compiled = new Map<string, Map<string, CompiledSpecRegex>>();
let cachedCount = 0;
const MAX_CACHED = 1000;

/**
 * Compiles `pattern` with JavaScript-style `flags` (i, m, s, u, g, d, y; not v), cached: 10,000 cases often
 * share one pattern. A pattern that cannot run gives `{ok: false, error}`, never a throw.
 */
export function compileSpecRegex(pattern: string, flags = ''): CompiledSpecRegex {
  let byPattern = compiled.get(flags);
  let result = byPattern?.get(pattern);
  if (result) return result;
  result = compile(pattern, flags);
  if (cachedCount >= MAX_CACHED) {
    compiled.clear();
    cachedCount = 0;
    byPattern = undefined;
  }
  if (!byPattern) compiled.set(flags, (byPattern = new Map()));
  byPattern.set(pattern, result);
  cachedCount++;
  return result;
}

/**
 * The regex engine for ajv (`code: { regExp }`): json-schema `pattern` and `patternProperties` run on RE2
 * too. ajv asks with the `u` flag; a pattern that cannot run makes the schema fail to compile, with why.
 */
export const specRegexEngine = Object.assign(
  (pattern: string, flags: string): { test(text: string): boolean } => {
    const result = compileSpecRegex(pattern, flags);
    if (!result.ok) throw new Error(`pattern "${pattern}": ${result.error}`);
    return result.regex;
  },
  // ajv names the engine by this in standalone code, which we never generate for spec schemas.
  { code: 'specRegexEngine' },
);

function compile(pattern: string, flags: string): CompiledSpecRegex {
  const flagProblem = unsupportedFlagProblem(flags);
  if (flagProblem) return { ok: false, error: flagProblem };
  const translated = toRe2Syntax(pattern, flags.includes('s'));
  if (!translated.ok) return { ok: false, error: translated.error };
  try {
    new RegExp(pattern, flags);
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  // Sticky, with the search always from the start of the text (as the graders have always used it), means
  // anchored at the start of the text.
  const source = flags.includes('y') ? `\\A(?:${translated.source})` : translated.source;
  // Whether RE2 can run it is RE2's parser's answer: RE2JS.compile parses, then compiles the parsed
  // expression into a program, and that step refuses nothing the parser accepted (its only throws are for
  // expression kinds the parser never makes). RE2Set.add is re2js's public way to parse alone (with the same
  // flags and the same (?i)(?s)(?m) prefixes as RE2JS.compile). So a check, which only needs the answer, does
  // not build programs: ~half of each regex's cost, most of it for bounded repeats such as `.{0,80}`. The
  // program is built the first time the regex runs, once per pattern in a run (the cache above keeps it).
  // The parse leaves case folding out: folding needs RE2's Unicode case tables (decoding them is ~2 ms of a
  // cold check of a spec with an `i` regex) and refuses nothing; the program is built with it.
  // test/unit/spec/spec-regex.test.ts holds the parser's answers, with and without folding, against RE2JS.compile's.
  try {
    new RE2Set(RE2Set.UNANCHORED, re2Flags(flags) & ~RE2JS.CASE_INSENSITIVE).add(source);
  } catch (error) {
    return { ok: false, error: re2Problem(error) };
  }
  const literal = plainLiteral(pattern, flags);
  if (literal) return { ok: true, regex: literalRegex(literal.text, literal.anchored) };
  let program: RE2JS | undefined;
  const re2 = (): RE2JS => (program ??= RE2JS.compile(source, re2Flags(flags)));
  return {
    ok: true,
    regex: {
      test: (text) => re2().test(text),
      firstMatch: (text) => {
        // test() runs the fast DFA; only a text that matches pays for locating the match.
        if (!re2().test(text)) return null;
        const matcher = re2().matcher(text);
        return matcher.find() ? { text: matcher.group() ?? '', index: matcher.start() } : null;
      },
    },
  };
}

/**
 * Printable ASCII with none of a regex's special characters, after an optional `^`: such a pattern matches
 * exactly where the text holds those characters (at its start, with `^`). Classify rules are often written so
 * (`^REFUSE`, `I can't`); one search through RE2's machine made ~0.3 KB of garbage and took longer than the
 * string search that gives the same answer.
 */
const PLAIN_LITERAL = /^\^?[ !"#%&',\-/0-9:;<=>@A-Z_`a-z~]*$/;

/** The literal text a pattern matches, when it is one (see PLAIN_LITERAL) and no flag changes how it matches. */
export function plainLiteral(pattern: string, flags: string): { text: string; anchored: boolean } | undefined {
  // g and d change nothing for a first match, u nothing for ASCII, s only what `.` matches; i and m (a `^`
  // that matches after any line break) and y (anchored) do change it.
  if (!/^[gdsu]*$/.test(flags) || !PLAIN_LITERAL.test(pattern)) return undefined;
  const anchored = pattern.startsWith('^');
  return { text: anchored ? pattern.slice(1) : pattern, anchored };
}

function literalRegex(text: string, anchored: boolean): SpecRegex {
  const at = (haystack: string): number => (anchored ? (haystack.startsWith(text) ? 0 : -1) : haystack.indexOf(text));
  return {
    test: (haystack) => at(haystack) >= 0,
    firstMatch: (haystack) => {
      const index = at(haystack);
      return index < 0 ? null : { text, index };
    },
  };
}

/** Why a flag cannot be honoured, or undefined. `g` and `d` change nothing for a first match; `u` is implied. */
export function unsupportedFlagProblem(flags: string): string | undefined {
  if (flags.includes('v')) return 'flag v (set notation in classes) is not supported: use u, or no flag (spec regexes always read Unicode as u does)';
  return undefined;
}

function re2Flags(flags: string): number {
  let out = 0;
  if (flags.includes('i')) out |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes('m')) out |= RE2JS.MULTILINE;
  if (flags.includes('s')) out |= RE2JS.DOTALL;
  return out;
}

/** RE2's refusal of a pattern JavaScript accepts, in the author's terms. */
function re2Problem(error: unknown): string {
  if (!(error instanceof RE2JSSyntaxException)) return error instanceof Error ? error.message : String(error);
  const what = error.getDescription();
  const where = error.getPattern() ?? '';
  if (what.startsWith('invalid repeat count')) return `${ADVICE.repeat} (${where})`;
  if (/^\\[pP]/.test(where)) return `unknown Unicode property ${where}: use a general category (\\p{L}, \\p{Lu}, \\p{Nd}) or a script (\\p{Greek}, \\p{Han})`;
  return `this regex engine (RE2) cannot read it: ${what}${where ? ` at ${where}` : ''}`;
}
