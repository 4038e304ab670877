// Reading JSON out of model text. Models often wrap JSON in a ```json fence or a sentence; where we only
// need to *read* a value (a label, a judge verdict) we accept that. Checks that *require* JSON (is-json,
// json-schema) use JSON.parse on the output itself instead.

export type JsonRead = { ok: true; value: unknown } | { ok: false; error: string };

const FENCE = /```[a-zA-Z0-9_-]*[ \t]*\r?\n([\s\S]*?)\r?\n?```/;

/** Parses `text` as JSON; failing that, the first fenced code block; failing that, the outermost `{…}`. */
export function parseJsonLenient(text: string): JsonRead {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'empty answer' };
  const whole = tryParse(trimmed);
  if (whole.ok) return whole;
  const fenced = FENCE.exec(trimmed);
  if (fenced?.[1] !== undefined) {
    const inFence = tryParse(fenced[1].trim());
    if (inFence.ok) return inFence;
  }
  const open = trimmed.indexOf('{');
  const close = trimmed.lastIndexOf('}');
  if (open >= 0 && close > open) {
    const braces = tryParse(trimmed.slice(open, close + 1));
    if (braces.ok) return braces;
  }
  return { ok: false, error: `not JSON (${whole.error})` };
}

export function tryParse(text: string): JsonRead {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/** Reads a dotted path (`a.b.0.c`; digits index arrays) from a parsed JSON value; `undefined` when absent. */
export function readPath(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const part of path.split('.')) {
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(part)) return undefined;
      current = current[Number(part)];
    } else if (current !== null && typeof current === 'object') {
      if (!Object.prototype.hasOwnProperty.call(current, part)) return undefined;
      current = (current as Record<string, unknown>)[part];
    } else {
      return undefined;
    }
  }
  return current;
}
