// Two versions of a spec compared for what changed in meaning, not in text: did the change lower the bar (a
// gate loosened or removed, adversarial cases dropped, a criterion softened), or swap what is being measured
// (the model, the prompt, the judge)? The renderers in core/report/spec-diff-*.ts print the result.
//
// Gates compare by their effective values: an absent `max_errors` is 0, an absent `decide_on` is `point` and
// an absent `case_threshold` is 1, as the engine reads them, so writing out a default changes nothing and
// deleting `max_errors: 3` tightens the bar (for a spec added or deleted by the change, only what it writes
// is listed). Minimum gates loosen when they fall, maximum gates when they rise;
// `lower_bound` → `point` loosens. A removed gate loosens and an added one tightens.
import { specConfig } from '../spec/config.js';
import { LineIndex } from '../spec/line-index.js';
import type { Case, ParsedSpec } from '../spec/types.js';
import { isRecord } from '../util/is-record.js';
import type { GateChangeKind, ItemChanges, SettingChange, SpecDiff, SpecGateChange, SpecItem, SpecRef } from '../../shared/spec-diff.js';
import { unifiedLineDiff } from './line-diff.js';
import type { SpecSide } from './spec-side.js';

type Direction = 'min' | 'max';

interface GateValue {
  value: number | string;
  direction: Direction | 'mode';
  path: string[];
}

const MIN_SCALARS = ['pass_rate', 'accuracy', 'macro_f1', 'kappa'] as const;
const MIN_MAPS = ['per_tag', 'per_criterion', 'recall', 'precision', 'f1'] as const;
const MAX_SCALARS = ['latency_p95_ms', 'cost_per_case_usd'] as const;

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Every gate of a spec by name. With `defaults`, the settings every spec has whether or not it writes them
 * are filled in as the engine reads them; without (a spec added or deleted), only what is written counts.
 */
function gatesOf(spec: ParsedSpec, defaults: boolean): Map<string, GateValue> {
  const config = specConfig(spec);
  const gates: Record<string, unknown> = isRecord(config.gates) ? config.gates : {};
  const out = new Map<string, GateValue>();
  for (const key of MIN_SCALARS) if (isNumber(gates[key])) out.set(key, { value: gates[key], direction: 'min', path: ['gates', key] });
  for (const key of MIN_MAPS) {
    const map = gates[key];
    if (!isRecord(map)) continue;
    for (const [name, value] of Object.entries(map)) if (isNumber(value)) out.set(`${key}.${name}`, { value, direction: 'min', path: ['gates', key, name] });
  }
  for (const key of MAX_SCALARS) if (isNumber(gates[key])) out.set(key, { value: gates[key], direction: 'max', path: ['gates', key] });
  const maxErrors = isNumber(gates.max_errors) ? gates.max_errors : defaults ? 0 : undefined;
  if (maxErrors !== undefined) out.set('max_errors', { value: maxErrors, direction: 'max', path: ['gates', 'max_errors'] });
  const decideOn = gates.decide_on === 'lower_bound' || gates.decide_on === 'point' ? gates.decide_on : defaults ? 'point' : undefined;
  if (decideOn !== undefined) out.set('decide_on', { value: decideOn, direction: 'mode', path: ['gates', 'decide_on'] });
  const threshold = isNumber(config.case_threshold) ? config.case_threshold : defaults ? 1 : undefined;
  if (threshold !== undefined) out.set('case_threshold', { value: threshold, direction: 'min', path: ['case_threshold'] });
  return out;
}

function gateChange(from: GateValue | undefined, to: GateValue | undefined): GateChangeKind | null {
  if (!from && !to) return null;
  if (!from) return 'added';
  if (!to) return 'removed';
  if (from.value === to.value) return null;
  if (to.direction === 'mode') return to.value === 'lower_bound' ? 'tightened' : 'loosened';
  const rose = (to.value as number) > (from.value as number);
  return rose === (to.direction === 'min') ? 'tightened' : 'loosened';
}

function diffGates(base: SpecSide, head: SpecSide): SpecGateChange[] {
  const bothExist = base.exists && head.exists;
  const from = gatesOf(base.spec, bothExist);
  const to = gatesOf(head.spec, bothExist);
  const lines = new LineIndex(head.spec.text);
  const where = (path: string[]) => keyPosition(head.spec, path, lines);
  const names = [...new Set([...to.keys(), ...from.keys()])];
  const changes: SpecGateChange[] = [];
  for (const name of names) {
    const b = from.get(name);
    const h = to.get(name);
    const change = gateChange(b, h);
    if (!change) continue;
    changes.push({ name, from: b?.value ?? null, to: h?.value ?? null, change, ...where((h ?? b)!.path) });
  }
  return changes;
}

/** Where a frontmatter key stands (1-based), or the nearest key that does; line 1 without frontmatter. */
function keyPosition(spec: ParsedSpec, path: string[], lines = new LineIndex(spec.text)): { line: number; column: number } {
  const range = spec.frontmatter?.locate(path);
  const position = lines.positionAt((range?.key ?? range?.value)?.start ?? 0);
  return { line: position.line + 1, column: position.character + 1 };
}

/** Where a gate of a spec diff (`pass_rate`, `recall.urgent`) stands in one version of the spec; null when it has no such gate. */
export function gatePosition(spec: ParsedSpec, name: string): { line: number; column: number } | null {
  const gate = gatesOf(spec, true).get(name);
  return gate ? keyPosition(spec, gate.path) : null;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Each key whose value differs, named `prefix.key` (or `key` without a prefix). */
function diffSettings(prefix: string, base: unknown, head: unknown, skip: readonly string[] = []): SettingChange[] {
  const b = isRecord(base) ? base : {};
  const h = isRecord(head) ? head : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(h)])].filter((k) => !skip.includes(k));
  return keys.filter((k) => !same(b[k], h[k])).map((k) => ({ field: prefix ? `${prefix}.${k}` : k, from: b[k] ?? null, to: h[k] ?? null }));
}

function diffTarget(base: SpecSide, head: SpecSide): SettingChange[] {
  const changes = diffSettings('target', specConfig(base.spec).target, specConfig(head.spec).target, ['system', 'system_file']);
  // The prompt is compared by what is sent, so moving it to a file (or back) with the same text is no change.
  if (base.systemPrompt !== head.systemPrompt) {
    changes.push({ field: 'target.system', from: base.systemPrompt, to: head.systemPrompt, prompt_diff: unifiedLineDiff(base.systemPrompt ?? '', head.systemPrompt ?? '').join('\n') });
  }
  return changes;
}

function firstById(cases: Case[]): Map<string, Case> {
  const map = new Map<string, Case>();
  for (const c of cases) if (!map.has(c.id)) map.set(c.id, c);
  return map;
}

/** What a case asks and expects; its place in the file and its formatting do not count. */
const caseMeaning = (c: Case) =>
  JSON.stringify([c.input ?? null, c.messages ?? null, c.vars, c.expect ?? null, [...c.tags].sort(), c.checks, (c.criteria ?? []).map((x) => [x.id, x.criterion, x.critical]), c.reference ?? null]);

function diffCases(base: ParsedSpec, head: ParsedSpec): Pick<SpecDiff, 'cases' | 'tags'> & { coverageFell: string[] } {
  const b = firstById(base.cases);
  const h = firstById(head.cases);
  const added = [...h.keys()].filter((id) => !b.has(id));
  const removed = [...b.keys()].filter((id) => !h.has(id));
  const changed = [...h.keys()].filter((id) => b.has(id) && caseMeaning(b.get(id)!) !== caseMeaning(h.get(id)!));
  const counts = (cases: Map<string, Case>) => {
    const count = new Map<string, number>();
    for (const c of cases.values()) for (const tag of new Set(c.tags)) count.set(tag, (count.get(tag) ?? 0) + 1);
    return count;
  };
  const bc = counts(b);
  const hc = counts(h);
  const tags: SpecDiff['tags'] = {};
  for (const tag of [...new Set([...bc.keys(), ...hc.keys()])].sort((x, y) => x.localeCompare(y))) tags[tag] = { from: bc.get(tag) ?? 0, to: hc.get(tag) ?? 0 };
  const coverageFell = Object.entries(tags)
    .filter(([, t]) => t.to < t.from)
    .map(([tag]) => tag);
  return { cases: { added, removed, changed }, tags, coverageFell };
}

interface Comparable extends SpecItem {
  /** Other properties compared by value; a difference is listed under `changed`. */
  extra: Record<string, unknown>;
}

/** Matches items by id, then what is left by text; the rest are added or removed. */
function diffItems(base: Comparable[], head: Comparable[], matchById = true): ItemChanges {
  const result: ItemChanges = { added: [], removed: [], reworded: [], renamed: [], changed: [] };
  const unmatchedBase = [...base];
  const unmatchedHead: Comparable[] = [];
  const compareExtra = (b: Comparable, h: Comparable) => {
    for (const field of new Set([...Object.keys(b.extra), ...Object.keys(h.extra)])) {
      if (!same(b.extra[field], h.extra[field])) result.changed.push({ id: h.id, field, from: b.extra[field] ?? null, to: h.extra[field] ?? null });
    }
  };
  for (const h of head) {
    const index = matchById ? unmatchedBase.findIndex((b) => b.id === h.id) : -1;
    if (index < 0) {
      unmatchedHead.push(h);
      continue;
    }
    const [b] = unmatchedBase.splice(index, 1);
    if (b!.text !== h.text) result.reworded.push({ id: h.id, from: b!.text, to: h.text });
    compareExtra(b!, h);
  }
  for (const h of unmatchedHead) {
    const index = unmatchedBase.findIndex((b) => b.text === h.text);
    if (index < 0) {
      result.added.push({ id: h.id, text: h.text });
      continue;
    }
    const [b] = unmatchedBase.splice(index, 1);
    if (b!.id !== h.id) {
      if (matchById) result.renamed.push({ from: b!.id, to: h.id });
      else compareExtra(b!, h);
    }
  }
  result.removed = unmatchedBase.map((b) => ({ id: b.id, text: b.text }));
  return result;
}

const criteriaOf = (spec: ParsedSpec): Comparable[] =>
  spec.rubric.map((c) => ({ id: c.id, text: c.criterion, extra: { weight: c.weight, critical: c.critical, check: c.check ?? null, applies_to: c.applies_to ?? null } }));
const antiPatternsOf = (spec: ParsedSpec): Comparable[] =>
  spec.antiPatterns.map((a) => ({ id: a.id, text: a.text, extra: { detector: a.detector ? `${a.detector.on === 'tool' ? 'tool:' : ''}/${a.detector.pattern}/${a.detector.flags}` : null } }));
/**
 * Examples have no id: they match by their text without the "Passes." / "Fails." lead, so one whose verdict
 * flipped (pass ↔ fail) is `changed`, not removed and added.
 */
const examplesOf = (spec: ParsedSpec): Comparable[] =>
  spec.examples.map((e) => ({ id: e.kind, text: e.text.replace(/^\s*(Passes|Fails)\.\s*/, ''), extra: { kind: e.kind } }));

function diffLabels(base: ParsedSpec, head: ParsedSpec): SpecDiff['labels'] {
  const list = (spec: ParsedSpec) => (Array.isArray(specConfig(spec).labels) ? specConfig(spec).labels!.filter((l): l is string => typeof l === 'string') : []);
  const b = list(base);
  const h = list(head);
  return { added: h.filter((l) => !b.includes(l)), removed: b.filter((l) => !h.includes(l)) };
}

function diffClassify(base: ParsedSpec, head: ParsedSpec): SpecDiff['classify'] {
  return diffSettings('', specConfig(base).classify, specConfig(head).classify).map((c) => ({ key: c.field, from: c.from, to: c.to }));
}

function ref(side: SpecSide): SpecRef {
  const config = specConfig(side.spec);
  return {
    file: side.label,
    id: typeof config.id === 'string' ? config.id : '',
    title: typeof config.title === 'string' ? config.title : '',
    exists: side.exists,
    errors: [...side.problems, ...side.spec.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)],
  };
}

export function diffSpecs(base: SpecSide, head: SpecSide): SpecDiff {
  const b = base.spec;
  const h = head.spec;
  const gates = diffGates(base, head);
  const { cases, tags, coverageFell } = diffCases(b, h);
  const criteria = diffItems(criteriaOf(b), criteriaOf(h));
  const antiPatterns = diffItems(antiPatternsOf(b), antiPatternsOf(h));
  const examples = diffItems(examplesOf(b), examplesOf(h), false);
  const diff: SpecDiff = {
    format: 'aispec-spec-diff',
    version: 1,
    base: ref(base),
    head: ref(head),
    summary: {
      loosened: gates.filter((g) => g.change === 'loosened' || g.change === 'removed').length,
      tightened: gates.filter((g) => g.change === 'tightened' || g.change === 'added').length,
      coverage_fell: coverageFell,
      changed: false,
    },
    gates,
    target: diffTarget(base, head),
    judge: diffSettings('judge', specConfig(b).judge, specConfig(h).judge),
    pricing: diffSettings('pricing', specConfig(b).pricing, specConfig(h).pricing),
    settings: diffSettings('', pick(specConfig(b), RUN_SETTINGS), pick(specConfig(h), RUN_SETTINGS)),
    cases,
    tags,
    criteria,
    anti_patterns: antiPatterns,
    examples,
    labels: diffLabels(b, h),
    classify: diffClassify(b, h),
  };
  diff.summary.changed = hasChanges(diff);
  return diff;
}

/** Top-level settings that change how a run goes, beside the target, judge and pricing. */
const RUN_SETTINGS = ['concurrency', 'timeout_ms'];

function pick(record: object, keys: readonly string[]): Record<string, unknown> {
  const source = record as Record<string, unknown>;
  return Object.fromEntries(keys.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]));
}

const itemsChanged = (c: ItemChanges) => c.added.length + c.removed.length + c.reworded.length + c.renamed.length + c.changed.length > 0;

function hasChanges(d: SpecDiff): boolean {
  return (
    d.gates.length > 0 ||
    d.target.length + d.judge.length + d.pricing.length + d.settings.length > 0 ||
    d.cases.added.length + d.cases.removed.length + d.cases.changed.length > 0 ||
    itemsChanged(d.criteria) ||
    itemsChanged(d.anti_patterns) ||
    itemsChanged(d.examples) ||
    d.labels.added.length + d.labels.removed.length > 0 ||
    d.classify.length > 0 ||
    d.base.exists !== d.head.exists
  );
}
