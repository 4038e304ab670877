// The case table's model: which cases a filter and a slice keep, in which order, and the text a search
// looks through. Pure functions over the results JSON, so the mocha tests drive them without a DOM.
import type { CaseTableFilter, SliceSelection, SortKey } from '../../shared/messages.js';
import { POOLED_CASE_CRITERIA, type CaseResult, type CriterionVerdict, type RunResults } from '../../shared/results.js';
import type { RunDiff } from '../../shared/run-diff.js';

export const UNPARSED = 'unparsed';

/** The results' cases with what filtering and sorting need, computed once. */
export interface CaseIndex {
  cases: CaseResult[];
  labels: string[];
  labelSet: ReadonlySet<string>;
  /** Lower-cased searchable text per case, built on the first search. */
  haystack: string[] | null;
  /** Case ids that changed against the baseline, by kind. */
  flips: { newlyFailing: Set<string>; newlyPassing: Set<string>; changed: Set<string> };
}

export function buildIndex(results: RunResults, diff: RunDiff | null): CaseIndex {
  const cases = Array.isArray(results.cases) ? results.cases : [];
  const labels = results.classification?.labels ?? results.spec?.labels ?? [];
  const newlyFailing = new Set((diff?.newlyFailing ?? []).map((c) => c.id));
  const newlyPassing = new Set((diff?.newlyPassing ?? []).map((c) => c.id));
  const changed = new Set([...newlyFailing, ...newlyPassing, ...(diff?.otherChanges ?? []).map((c) => c.id)]);
  return { cases, labels, labelSet: new Set(labels), haystack: null, flips: { newlyFailing, newlyPassing, changed } };
}

/** The case's input as one text: the user message, or the chat as `role: content` lines. */
export function inputText(input: CaseResult['input']): string {
  if (typeof input === 'string') return input;
  if (Array.isArray(input)) return input.map((m) => `${String(m?.role ?? '')}: ${String(m?.content ?? '')}`).join('\n');
  return '';
}

function haystackOf(c: CaseResult): string {
  return [c.id, inputText(c.input), c.output ?? '', c.reason ?? '', (c.tags ?? []).join(' '), c.expected ?? '', c.predicted ?? '', c.file ?? '']
    .join('\n')
    .toLowerCase();
}

/** True when the case is in the classification report's sample (as summarize counts it). */
export function isGradedForClassification(c: CaseResult, labelSet: ReadonlySet<string>): boolean {
  return c.status !== 'error' && typeof c.expected === 'string' && labelSet.has(c.expected);
}

// ── Slices ───────────────────────────────────────────────────────────────────────────────────────────────

/** The values a case has for a slice field (a case has several tags; most fields have one value or none). */
export function fieldValues(c: CaseResult, field: string): string[] {
  switch (field) {
    case 'tag':
      return Array.isArray(c.tags) ? c.tags.map(String) : [];
    case 'status':
      return [c.status];
    case 'expected':
      return typeof c.expected === 'string' ? [c.expected] : [];
    case 'predicted':
      return [typeof c.predicted === 'string' ? c.predicted : UNPARSED];
    case 'file':
      return typeof c.file === 'string' ? [c.file] : [];
    case 'flaky':
      return [c.flaky ? 'yes' : 'no'];
    case 'cached':
      return [c.cached ? 'yes' : 'no'];
    default: {
      if (!field.startsWith('meta.')) return [];
      const meta = c.meta;
      if (!meta || typeof meta !== 'object') return [];
      const key = field.slice(5);
      if (!Object.prototype.hasOwnProperty.call(meta, key)) return [];
      const value = (meta as Record<string, unknown>)[key];
      return scalarText(value);
    }
  }
}

function scalarText(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (value === null) return ['null'];
  if (Array.isArray(value)) return value.flatMap((v) => (typeof v === 'object' && v !== null ? [] : scalarText(v)));
  return [];
}

export function matchesSlice(c: CaseResult, slice: SliceSelection | null): boolean {
  return slice === null || fieldValues(c, slice.field).includes(slice.value);
}

export interface SliceField {
  field: string;
  /** Distinct values, most cases first. */
  values: Array<{ value: string; count: number }>;
}

/** Fields worth slicing by: tags, status, labels, file, and every meta key with few enough distinct values. */
export function sliceFields(cases: readonly CaseResult[], maxValues = 60): SliceField[] {
  // One counting map per field, looked up once per case (this runs over every case on the first view).
  const tag = new Map<string, number>();
  const status = new Map<string, number>();
  const expected = new Map<string, number>();
  const predicted = new Map<string, number>();
  const file = new Map<string, number>();
  const meta = new Map<string, Map<string, number>>();
  const bump = (m: Map<string, number>, v: string) => m.set(v, (m.get(v) ?? 0) + 1);
  for (const c of cases) {
    if (Array.isArray(c.tags)) for (const t of c.tags) bump(tag, String(t));
    bump(status, c.status);
    const hasExpected = typeof c.expected === 'string';
    if (hasExpected) bump(expected, c.expected!);
    if (hasExpected || c.predicted !== undefined) bump(predicted, typeof c.predicted === 'string' ? c.predicted : UNPARSED);
    if (typeof c.file === 'string') bump(file, c.file);
    const m = c.meta;
    if (m && typeof m === 'object') {
      for (const key in m) {
        if (!Object.prototype.hasOwnProperty.call(m, key)) continue;
        let counts = meta.get(key);
        if (!counts) meta.set(key, (counts = new Map()));
        // Past maxValues the field is dropped anyway: stop counting new values.
        if (counts.size > maxValues) continue;
        for (const v of scalarText((m as Record<string, unknown>)[key])) bump(counts, v);
      }
    }
  }
  const all: Array<[string, Map<string, number>]> = [
    ['tag', tag],
    ['status', status],
    ['expected', expected],
    ['predicted', predicted],
    ['file', file],
    ...[...meta.keys()].sort().map((k): [string, Map<string, number>] => [`meta.${k}`, meta.get(k)!]),
  ];
  const fields: SliceField[] = [];
  for (const [field, m] of all) {
    // One value slices nothing; hundreds are ids, not groups.
    if (m.size < 2 || m.size > maxValues) continue;
    fields.push({ field, values: [...m].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)) });
  }
  return fields;
}

// ── Filter ───────────────────────────────────────────────────────────────────────────────────────────────

export function hasCellFilter(f: CaseTableFilter): boolean {
  return f.expected !== null || f.predicted !== null || f.unparsed;
}

function matchesStatus(c: CaseResult, status: CaseTableFilter['status']): boolean {
  switch (status) {
    case 'all':
      return true;
    case 'not-pass':
      return c.status !== 'pass';
    default:
      return c.status === status;
  }
}

/** A verdict is the filter's criterion by its id; `case:*` stands for any of the case's own criteria. */
function criterionMatches(verdict: CriterionVerdict, criterion: string): boolean {
  return criterion === POOLED_CASE_CRITERIA ? verdict.source === 'case' : verdict.id === criterion;
}

/** Does the case pass every part of the filter (and lie in the slice)? */
export function matchesFilter(index: CaseIndex, i: number, f: CaseTableFilter, slice: SliceSelection | null, needle: string): boolean {
  const c = index.cases[i]!;
  if (!matchesStatus(c, f.status)) return false;
  if (hasCellFilter(f)) {
    // The matrix counts graded classification cases only; a cell's filter keeps exactly the cases it counts.
    if (!isGradedForClassification(c, index.labelSet)) return false;
    if (f.expected !== null && c.expected !== f.expected) return false;
    const predicted = typeof c.predicted === 'string' && index.labelSet.has(c.predicted) ? c.predicted : null;
    if (f.unparsed ? predicted !== null : f.predicted !== null && predicted !== f.predicted) return false;
  }
  if (f.tag !== null && !(Array.isArray(c.tags) && c.tags.includes(f.tag))) return false;
  if (f.criterion !== null && !(Array.isArray(c.criteria) && c.criteria.some((x) => criterionMatches(x, f.criterion!) && (x.passed === false || x.error)))) return false;
  if (f.antiPattern !== null && !(Array.isArray(c.anti_patterns) && c.anti_patterns.some((x) => x.id === f.antiPattern))) return false;
  if (f.flip !== null) {
    const set = f.flip === 'newly-failing' ? index.flips.newlyFailing : f.flip === 'newly-passing' ? index.flips.newlyPassing : index.flips.changed;
    if (!set.has(c.id)) return false;
  }
  if (slice !== null && !matchesSlice(c, slice)) return false;
  if (needle !== '') {
    index.haystack ??= index.cases.map(haystackOf);
    if (!index.haystack[i]!.includes(needle)) return false;
  }
  return true;
}

/** Indices of the cases that pass the filter and lie in the slice, in results order. O(n). */
export function filterCases(index: CaseIndex, f: CaseTableFilter, slice: SliceSelection | null): number[] {
  const needle = f.search.trim().toLowerCase();
  const out: number[] = [];
  for (let i = 0; i < index.cases.length; i++) if (matchesFilter(index, i, f, slice, needle)) out.push(i);
  return out;
}

/** Indices of the cases in a slice (the classification section's sample). */
export function sliceCases(cases: readonly CaseResult[], slice: SliceSelection | null): CaseResult[] {
  return slice === null ? [...cases] : cases.filter((c) => matchesSlice(c, slice));
}

// ── Sort ─────────────────────────────────────────────────────────────────────────────────────────────────

const STATUS_RANK: Record<string, number> = { fail: 0, error: 1, pass: 2 };

type Key = (c: CaseResult) => number | string | null;
const numberOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

const KEYS: Record<Exclude<SortKey, 'order'>, Key> = {
  status: (c) => STATUS_RANK[c.status] ?? 3,
  id: (c) => c.id,
  expected: (c) => c.expected ?? null,
  predicted: (c) => (typeof c.predicted === 'string' ? c.predicted : c.predicted === null ? '' : null),
  score: (c) => numberOrNull(c.score),
  confidence: (c) => numberOrNull(c.confidence),
  latency: (c) => numberOrNull(c.latency_ms),
  cost: (c) => numberOrNull(c.cost_usd),
  tokens: (c) => (c.usage ? c.usage.input_tokens + c.usage.output_tokens : null),
};

/**
 * Sorts indices by a key; ties keep results order (stable), and missing values go last in either direction.
 * Keys are extracted once (O(n)) before the O(n log n) sort.
 */
export function sortCases(index: CaseIndex, indices: readonly number[], key: SortKey, dir: 'asc' | 'desc'): number[] {
  if (key === 'order') return dir === 'asc' ? [...indices] : [...indices].reverse();
  const get = KEYS[key];
  const values = new Map<number, number | string | null>();
  for (const i of indices) values.set(i, get(index.cases[i]!));
  const sign = dir === 'asc' ? 1 : -1;
  return [...indices].sort((a, b) => {
    const va = values.get(a) ?? null;
    const vb = values.get(b) ?? null;
    if (va === null || vb === null) return va === vb ? a - b : va === null ? 1 : -1;
    const cmp = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb), 'en');
    return cmp !== 0 ? sign * cmp : a - b;
  });
}

/** The table's rows: filter, then sort. */
export function tableRows(index: CaseIndex, f: CaseTableFilter, slice: SliceSelection | null, sort: { key: SortKey; dir: 'asc' | 'desc' }): number[] {
  return sortCases(index, filterCases(index, f, slice), sort.key, sort.dir);
}
