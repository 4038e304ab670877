// The bounds every spec and case file is read within. Specs arrive in pull requests from people a reviewer
// may not know and CI reads them with real API keys around, so a file must not be able to exhaust memory
// or the stack: alias expansion, nesting depth and size are capped, and each cap becomes a located error.
// docs/format.md ("Limits") documents these numbers; keep the two in step.

/** Deepest nesting of lists/objects (YAML or JSON) a value may have; deeper input is an error, not a crash. */
export const MAX_NESTING_DEPTH = 64;

/**
 * `yaml`'s budget for resolving aliases (its `maxAliasCount`): the count of alias nodes times the size of
 * what they point at. Ordinary reuse of an anchor stays far below it; an exponential "billion laughs"
 * block exceeds it after a few levels and is rejected before anything is expanded.
 */
export const MAX_ALIAS_COUNT = 1000;

/** Largest spec file (characters), and largest external YAML or CSV case file (and human labels file). */
export const MAX_SPEC_CHARS = 5 * 1024 * 1024;
export const MAX_CASE_FILE_CHARS = 50 * 1024 * 1024;

/**
 * Largest JSONL case file (characters), and most cases a spec may have. A JSONL file is read a line at a
 * time (no tree of the whole file, unlike YAML and CSV), so it may be larger: 256 MB holds a million cases
 * of up to about 250 characters. The case count bounds what a file of tiny lines (`{}`) could make the editor
 * hold, about 1 KB per parsed case: a million cases is the scale aispec is built and measured for.
 */
export const MAX_JSONL_CASE_FILE_CHARS = 256 * 1024 * 1024;
export const MAX_CASES = 1_000_000;

/** A character count in MB (of 1024 * 1024), one decimal, for messages about the size caps. */
export function megabytes(chars: number): string {
  return String(Math.round((chars / (1024 * 1024)) * 10) / 10);
}

/**
 * Where a JSON text first nests deeper than `max` (the offset of the opening bracket), or -1. A linear scan
 * of the text, so it runs before anything recursive (JSON.parse fallback, jsonc-parser, schema checks).
 */
export function jsonDepthExceeded(text: string, max = MAX_NESTING_DEPTH): number {
  // The depth never passes the number of opening brackets and braces (those in strings counted too): a text
  // with at most `max` of them, nearly every case or output line, is answered by counting them with indexOf,
  // which runs natively, ~10x faster than the scan below over every character (100,000 lines: ~15 ms, not ~150).
  if (!openersExceed(text, max)) return -1;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}

/** Whether `text` holds more than `max` of the characters { and [ (anywhere, strings included). */
function openersExceed(text: string, max: number): boolean {
  let count = 0;
  for (let i = text.indexOf('{'); i >= 0; i = text.indexOf('{', i + 1)) if (++count > max) return true;
  for (let i = text.indexOf('['); i >= 0; i = text.indexOf('[', i + 1)) if (++count > max) return true;
  return false;
}
