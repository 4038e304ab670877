// Small pure helpers shared by the targets: stable JSON for fingerprints, a content hash, dotted paths into
// JSON, and short excerpts of response bodies for error messages.
import { isRecord } from '../../util/is-record.js';

/** JSON with object keys sorted at every level and undefined members dropped: equal configs, equal strings. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) out[key] = sortKeys(item);
    }
    return out;
  }
  return value;
}

/** A 64-bit FNV-1a hash of a string's UTF-16 code units, as 16 hex digits (change detection, not security). */
export function hashText(text: string): string {
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * prime) & mask;
  }
  return h.toString(16).padStart(16, '0');
}

/** The first `max` characters of a body with whitespace collapsed, for error messages. */
export function excerpt(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return '(empty body)';
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

export type PathResult = { found: true; value: unknown } | { found: false; problem: string };

/**
 * Follows a dotted path (`choices.0.message.content`) into a JSON value. Numeric parts index arrays. When the
 * path is missing, `problem` says where it stopped and what was there instead.
 */
export function getPath(root: unknown, path: string): PathResult {
  const parts = path.split('.').filter((p) => p !== '');
  let value: unknown = root;
  const walked: string[] = [];
  for (const part of parts) {
    const here = walked.length ? `"${walked.join('.')}"` : 'the response';
    if (Array.isArray(value)) {
      const index = /^\d+$/.test(part) ? Number(part) : NaN;
      if (Number.isNaN(index)) return { found: false, problem: `${here} is a list, so "${part}" should be an index` };
      if (index >= value.length) return { found: false, problem: `${here} is a list of ${value.length}, no index ${index}` };
      value = value[index];
    } else if (typeof value === 'object' && value !== null) {
      if (!Object.prototype.hasOwnProperty.call(value, part)) {
        const keys = Object.keys(value);
        return { found: false, problem: `${here} has no key "${part}" (its keys: ${keys.length ? keys.slice(0, 20).join(', ') : 'none'})` };
      }
      value = (value as Record<string, unknown>)[part];
    } else {
      return { found: false, problem: `${here} is ${describe(value)}, not an object` };
    }
    walked.push(part);
  }
  return { found: true, value };
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `a ${typeof value}`;
}

export function topLevelKeys(value: unknown): string {
  if (isRecord(value)) {
    const keys = Object.keys(value);
    return keys.length ? keys.slice(0, 20).join(', ') : '(none: an empty object)';
  }
  return `(none: the response is ${describe(value)})`;
}

/** Joins a base URL and a path, keeping any query string of the base (Azure's `?api-version=`) at the end. */
export function joinUrl(base: string, path: string): string {
  const q = base.indexOf('?');
  const head = (q < 0 ? base : base.slice(0, q)).replace(/\/+$/, '');
  const query = q < 0 ? '' : base.slice(q);
  return `${head}/${path.replace(/^\/+/, '')}${query}`;
}
