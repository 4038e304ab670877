// Deterministic checks: one function per kind, each answering pass/fail with a short, specific reason.
// A check that cannot be run (unknown kind, invalid regex or schema, a value of the wrong type, a latency or
// cost that was never measured) is a grader *error*, returned, never thrown: the case ends as `error` with
// the reason instead of a silent pass or fail.
//
// Text conventions (what users see in verdicts; docs/format.md should say the same):
// - `equals` compares the output with surrounding whitespace trimmed, case-sensitively.
// - `starts-with` ignores leading whitespace; `contains`/`not-contains` are case-sensitive substrings;
//   `icontains` lower-cases both sides.
// - words are runs of non-whitespace (as `wc -w` counts them); characters are Unicode code points; both are
//   counted on the trimmed output.
// - `is-json` and `json-schema` parse the output itself (trimmed): a ```json fence is not JSON.
// - `tool-called`, `no-tool-called` and `max-tool-calls` look at the tool calls, not the text (tool-checks.ts).
import type { OutputCheckVerdict, ToolCall } from '../../../shared/results.js';
import type { Check } from '../../spec/types.js';
import { compileSchema, describeSchemaErrors } from './json-schema.js';
import { compileRegex, searchRegex } from './regex.js';
import { quote, showRegex } from './quote.js';
import { tryParse } from './json-text.js';
import { maxToolCalls, noToolCalled, toolCalled } from './tool-checks.js';

export const CHECK_KINDS = [
  'equals',
  'contains',
  'icontains',
  'not-contains',
  'regex',
  'not-regex',
  'starts-with',
  'is-json',
  'json-schema',
  'max-words',
  'min-words',
  'max-chars',
  'min-chars',
  'max-latency-ms',
  'max-cost-usd',
  'tool-called',
  'no-tool-called',
  'max-tool-calls',
] as const;

export type CheckKind = (typeof CHECK_KINDS)[number];

/** What a check looks at. */
export interface CheckContext {
  output: string;
  latency_ms?: number;
  cost_usd?: number;
  /** The tool calls made with the output (none: an empty list). */
  toolCalls?: readonly ToolCall[];
}

/**
 * One check's verdict, before grading knows where the check came from. `error: true` means the check could
 * not be run; `passed` is then false.
 */
export interface OutputCheckResult extends Omit<OutputCheckVerdict, 'source'> {
  error?: true;
}

type Outcome = { passed: boolean; reason: string } | { error: string };

export function runCheck(check: Check, ctx: CheckContext): OutputCheckResult {
  return runReadCheck(readCheck(check), ctx);
}

/** A check as read from the spec: its kind and arguments, or why it cannot run. */
export type ReadCheck = { kind: CheckKind; value: unknown; flags: string; argumentsSchema: unknown } | { kind: string; error: string };

/** runCheck of a check already read (readCheck): the rubric's are read once for every case (grade-case.ts). */
export function runReadCheck(parsed: ReadCheck, ctx: CheckContext): OutputCheckResult {
  if ('error' in parsed) return { kind: parsed.kind, passed: false, reason: parsed.error, error: true };
  const { kind, value, flags, argumentsSchema } = parsed;
  const outcome = RUNNERS[kind](value, ctx, flags, argumentsSchema);
  if ('error' in outcome) return { kind, passed: false, reason: `${kind}: ${outcome.error}`, error: true };
  return { kind, passed: outcome.passed, reason: outcome.reason };
}

export function readCheck(check: Check): ReadCheck {
  if (check === null || typeof check !== 'object' || Array.isArray(check)) {
    return { kind: 'unknown', error: `a check is an object with one kind key, got ${JSON.stringify(check)}` };
  }
  // `flags` and `arguments` qualify a kind (regex, tool-called); they are not kinds themselves.
  const keys = Object.keys(check).filter((k) => k !== 'flags' && k !== 'arguments');
  if (keys.length !== 1) {
    const got = keys.length === 0 ? 'none' : keys.join(', ');
    return { kind: keys[0] ?? 'unknown', error: `a check has exactly one kind key (got ${got})` };
  }
  const kind = keys[0] as string;
  if (!isCheckKind(kind)) {
    return { kind, error: `unknown check kind "${kind}" (known: ${CHECK_KINDS.join(', ')})` };
  }
  const flags = check['flags'];
  if (flags !== undefined && kind !== 'regex' && kind !== 'not-regex') {
    return { kind, error: `${kind}: "flags" applies only to regex and not-regex` };
  }
  if (flags !== undefined && typeof flags !== 'string') {
    return { kind, error: `${kind}: flags must be a string such as "i", got ${JSON.stringify(flags)}` };
  }
  if (check['arguments'] !== undefined && kind !== 'tool-called') {
    return { kind, error: `${kind}: "arguments" applies only to tool-called` };
  }
  return { kind, value: check[kind], flags: flags ?? '', argumentsSchema: check['arguments'] };
}

function isCheckKind(kind: string): kind is CheckKind {
  return (CHECK_KINDS as readonly string[]).includes(kind);
}

// ---- one runner per kind ----------------------------------------------------------------------------------

const RUNNERS: Record<CheckKind, (value: unknown, ctx: CheckContext, flags: string, argumentsSchema: unknown) => Outcome> = {
  equals: (value, { output }) =>
    withText(value, (expected) => {
      const actual = output.trim();
      return actual === expected
        ? { passed: true, reason: `equals ${quote(expected)}` }
        : { passed: false, reason: `expected ${quote(expected)}, got ${quote(actual)}` };
    }),

  contains: (value, { output }) =>
    withText(value, (needle) =>
      output.includes(needle)
        ? { passed: true, reason: `contains ${quote(needle)}` }
        : { passed: false, reason: `${quote(needle)} not found` },
    ),

  icontains: (value, { output }) =>
    withText(value, (needle) => {
      const at = output.toLowerCase().indexOf(needle.toLowerCase());
      return at >= 0
        ? { passed: true, reason: `contains ${quote(needle)} (ignoring case) at ${quote(output.slice(at, at + needle.length))}` }
        : { passed: false, reason: `${quote(needle)} not found (ignoring case)` };
    }),

  'not-contains': (value, { output }) =>
    withText(value, (needle) => {
      const at = output.indexOf(needle);
      return at < 0
        ? { passed: true, reason: `does not contain ${quote(needle)}` }
        : { passed: false, reason: `contains ${quote(needle)} at character ${at}` };
    }),

  regex: (value, { output }, flags) =>
    withRegex(value, flags, output, (shown, match) =>
      match
        ? { passed: true, reason: `matched ${shown} at ${quote(match)}` }
        : { passed: false, reason: `no match for ${shown}` },
    ),

  'not-regex': (value, { output }, flags) =>
    withRegex(value, flags, output, (shown, match) =>
      match
        ? { passed: false, reason: `matched ${shown} at ${quote(match)}` }
        : { passed: true, reason: `no match for ${shown}` },
    ),

  'starts-with': (value, { output }) =>
    withText(value, (prefix) => {
      const text = output.trimStart();
      return text.startsWith(prefix)
        ? { passed: true, reason: `starts with ${quote(prefix)}` }
        : { passed: false, reason: `starts with ${quote(text.slice(0, Math.max(prefix.length, 20)))}, not ${quote(prefix)}` };
    }),

  'is-json': (value, { output }) => {
    if (value !== true) return { error: `takes true (is-json: true), got ${JSON.stringify(value)}` };
    const parsed = tryParse(output.trim());
    return parsed.ok
      ? { passed: true, reason: `output is JSON (${describeJsonType(parsed.value)})` }
      : { passed: false, reason: notJsonReason(output, parsed.error) };
  },

  'json-schema': (value, { output }) => {
    const validator = compileSchema(value);
    if ('error' in validator) return validator;
    const parsed = tryParse(output.trim());
    if (!parsed.ok) return { passed: false, reason: notJsonReason(output, parsed.error) };
    if (validator.validate(parsed.value)) return { passed: true, reason: 'output matches the schema' };
    return { passed: false, reason: `schema: ${describeSchemaErrors(validator.validate.errors ?? [])}` };
  },

  'max-words': (value, { output }) =>
    withLimit(value, (limit) => {
      const words = countWords(output);
      return { passed: words <= limit, reason: `has ${plural(words, 'word')}, limit ${limit}` };
    }),

  'min-words': (value, { output }) =>
    withLimit(value, (limit) => {
      const words = countWords(output);
      return { passed: words >= limit, reason: `has ${plural(words, 'word')}, minimum ${limit}` };
    }),

  'max-chars': (value, { output }) =>
    withLimit(value, (limit) => {
      const chars = countChars(output);
      return { passed: chars <= limit, reason: `has ${plural(chars, 'character')}, limit ${limit}` };
    }),

  'min-chars': (value, { output }) =>
    withLimit(value, (limit) => {
      const chars = countChars(output);
      return { passed: chars >= limit, reason: `has ${plural(chars, 'character')}, minimum ${limit}` };
    }),

  'max-latency-ms': (value, { latency_ms }) =>
    withLimit(value, (limit) => {
      if (latency_ms === undefined) return { error: 'the target reported no latency for this case' };
      return { passed: latency_ms <= limit, reason: `took ${Math.round(latency_ms)} ms, limit ${limit} ms` };
    }),

  'max-cost-usd': (value, { cost_usd }) =>
    withLimit(value, (limit) => {
      if (cost_usd === undefined) {
        return { error: 'the cost of this case is unknown: the spec needs pricing: and the target must report token usage' };
      }
      return { passed: cost_usd <= limit, reason: `cost $${formatUsd(cost_usd)}, limit $${formatUsd(limit)}` };
    }),

  'tool-called': (value, { toolCalls }, _flags, argumentsSchema) => toolCalled(value, toolCalls ?? [], argumentsSchema),

  'no-tool-called': (value, { toolCalls }) => noToolCalled(value, toolCalls ?? []),

  'max-tool-calls': (value, { toolCalls }) => maxToolCalls(value, toolCalls ?? []),
};

// ---- value readers ----------------------------------------------------------------------------------------

function withText(value: unknown, run: (text: string) => Outcome): Outcome {
  // YAML turns `equals: 42` into a number; the user meant the text "42".
  if (typeof value === 'string') return run(value);
  if (typeof value === 'number' || typeof value === 'boolean') return run(String(value));
  return { error: `takes a string, got ${JSON.stringify(value)}` };
}

function withLimit(value: unknown, run: (limit: number) => Outcome): Outcome {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    return { error: `takes a non-negative number, got ${JSON.stringify(value)}` };
  }
  return run(value);
}

function withRegex(
  value: unknown,
  flags: string,
  output: string,
  decide: (shown: string, match: string | null) => Outcome,
): Outcome {
  if (typeof value !== 'string') return { error: `takes a pattern string, got ${JSON.stringify(value)}` };
  const compiled = compileRegex(value, flags);
  if (!compiled.ok) return { error: compiled.error };
  const search = searchRegex(compiled.regex, output);
  if (!search.ok) return { error: search.error };
  return decide(showRegex(value, flags), search.match ? search.match.text : null);
}

// ---- counting ---------------------------------------------------------------------------------------------

export function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/u).length;
}

export function countChars(text: string): number {
  let n = 0;
  for (const _ of text.trim()) n++;
  return n;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function formatUsd(usd: number): string {
  if (usd === 0) return '0';
  if (usd >= 0.01) return usd.toFixed(4).replace(/\.?0+$/, '');
  if (usd >= 1e-6) return String(Number(usd.toPrecision(3)));
  return usd.toExponential(2);
}

// ---- JSON -------------------------------------------------------------------------------------------------

function notJsonReason(output: string, parseError: string): string {
  if (/^\s*```/.test(output)) return 'not JSON: the output is wrapped in a ``` code fence';
  return `not JSON: ${parseError}`;
}

function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
