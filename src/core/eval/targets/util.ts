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

/**
 * A 64-bit FNV-1a hash of a string's UTF-16 code units, as 16 hex digits (change detection, not security).
 * Computed on four 16-bit limbs with plain numbers: the same value as BigInt arithmetic would give, without
 * allocating a BigInt per character (a recorded-outputs file of a million lines is 130 million of them).
 */
export function hashText(text: string): string {
  // 0xcbf29ce484222325, the FNV-1a 64-bit offset basis, least significant limb first.
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  for (let i = 0; i < text.length; i++) {
    h0 ^= text.charCodeAt(i);
    // h * 0x100000001b3 mod 2^64: the prime's limbs are 0x01b3 (limb 0) and 0x0100 (limb 2). Every partial
    // sum stays below 2^27, so carries are exact in 32-bit integer arithmetic.
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3 + (t0 >>> 16);
    const t2 = h2 * 0x1b3 + h0 * 0x100 + (t1 >>> 16);
    const t3 = h3 * 0x1b3 + h1 * 0x100 + (t2 >>> 16);
    h0 = t0 & 0xffff;
    h1 = t1 & 0xffff;
    h2 = t2 & 0xffff;
    h3 = t3 & 0xffff;
  }
  const hex = (limb: number) => limb.toString(16).padStart(4, '0');
  return hex(h3) + hex(h2) + hex(h1) + hex(h0);
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
