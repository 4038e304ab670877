// What the editor's views of an open spec show, as plain data: the Test Explorer's items, the CodeLens (run
// lenses, rate gates' power), the gutter marks' places. Computed where the spec is checked (the check worker,
// check-worker.ts), from the same parse as its diagnostics, so the extension host's main thread never parses a
// large spec to draw them. Plain data only (no locator functions): it crosses to the main thread by structured
// clone. Positions are line/character, converted here by the same LineIndex the main thread's RangeConverter
// uses, so a view placed from this model is where it was when placed from the parsed spec.
import { comparesTargets, gatePowerLensTitle, gatePowerMessage, LineIndex, rateGatePowers, specConfig, specTargets, textOfFile, type LastRunRates, type SpecCheckResult } from '../core/index.js';

export interface PlainPosition {
  line: number;
  character: number;
}

export interface PlainRange {
  start: PlainPosition;
  end: PlainPosition;
}

export interface ModelCase {
  id: string;
  /** The file it is written in: the spec's own, or a case file (as the check named it). */
  file: string;
  /** The whole case, in its own file. */
  range: PlainRange;
  tags: string[];
  /** The Test Explorer's line beside its id: the expected label, then what the target is sent (80 characters). */
  description: string;
}

export interface ModelTarget {
  name: string;
  /** Its provider and model ("openai · gpt-4o"). */
  description: string;
  /** Its key under `targets:`. */
  keyRange?: PlainRange;
}

export interface ModelCaseSource {
  kind: 'inline' | 'jsonl' | 'yaml' | 'csv';
  file: string;
  count: number;
  /** Of a cases block in the spec itself: its first line, and which cases (indexes into the cases) are written in it. */
  inline?: { line: number; cases: Int32Array };
}

/**
 * Every case, in order, as columns rather than an object per case: structured clone copies typed arrays and
 * arrays of strings many times faster than 10,000 small objects (90 ms for the worker to send, as much for the
 * main thread to receive); modelCases makes the objects on the side that reads them.
 */
export interface CaseTable {
  ids: string[];
  /** The files cases are written in, and per case the index of its own. */
  files: string[];
  fileOf: Int32Array;
  /** Per case, four numbers: start line, start character, end line, end character (the whole case). */
  ranges: Int32Array;
  /** Every case's tags one after another, and per case how many are its own. */
  tags: string[];
  tagCounts: Int32Array;
  descriptions: string[];
}

export interface EditorModel {
  specFile: string;
  /** `id:` of the frontmatter, when it is a string. */
  id?: string;
  /** `title:`, when it is a string. */
  title?: string;
  /** Of a spec that compares several targets (`targets:`): each target, in order, and the line of `targets:`. */
  targets?: ModelTarget[];
  targetsKeyLine?: number;
  /** Every case, in order, wherever it is written (see modelCases). */
  cases: CaseTable;
  caseSources: ModelCaseSource[];
  /** The rubric's criteria written in the spec itself, with their first line. */
  criteria: Array<{ id: string; line: number }>;
  /** The rate gates written in the spec, with their power (gate-power-lens.ts shows them). */
  gates: Array<{ line: number; title: string; tooltip: string }>;
  /** How many errors the check found in the spec (a spec with errors cannot run). */
  errors: number;
}

/**
 * The model of a checked spec.
 * @param lastRun the latest saved run's rates that size the rate gates (none for a spec that is not on disk)
 */
export function editorModelOf(check: SpecCheckResult, lastRun?: LastRunRates): EditorModel {
  const { spec } = check;
  const config = specConfig(spec);
  const indexes = new Map<string, LineIndex>();
  const index = (file: string): LineIndex => {
    let found = indexes.get(file);
    if (!found) indexes.set(file, (found = new LineIndex(textOfFile(spec, file) ?? '')));
    return found;
  };
  const range = (r: { file: string; start: number; end: number }): PlainRange => {
    const lines = index(r.file);
    return { start: lines.positionAt(r.start), end: lines.positionAt(r.end) };
  };
  const lineOf = (r: { file: string; start: number }): number => index(r.file).positionAt(r.start).line;

  const model: EditorModel = {
    specFile: spec.file,
    cases: caseTable(spec.cases, index),
    caseSources: spec.caseSources.map((source) => {
      const entry: ModelCaseSource = { kind: source.kind, file: source.file, count: source.count };
      if (source.kind === 'inline' && source.file === spec.file) {
        const written: number[] = [];
        spec.cases.forEach((c, i) => c.range.file === spec.file && c.range.start >= source.range.start && c.range.end <= source.range.end && written.push(i));
        entry.inline = { line: lineOf(source.range), cases: Int32Array.from(written) };
      }
      return entry;
    }),
    criteria: spec.rubric.filter((c) => c.range.file === spec.file).map((c) => ({ id: c.id, line: lineOf(c.range) })),
    gates: rateGatePowers(spec, lastRun)
      .filter((gate) => gate.range.file === spec.file)
      .map((gate) => ({ line: lineOf(gate.range), title: gatePowerLensTitle(gate), tooltip: gatePowerMessage(gate) })),
    errors: check.diagnostics.filter((d) => d.severity === 'error').length,
  };
  if (typeof config.id === 'string') model.id = config.id;
  if (typeof config.title === 'string') model.title = config.title;
  if (comparesTargets(config)) {
    const frontmatter = spec.frontmatter;
    const keyOf = (path: string[]) => frontmatter?.locate(path).key;
    const targetsKey = keyOf(['targets']);
    if (targetsKey) model.targetsKeyLine = lineOf(targetsKey);
    model.targets = specTargets(config).map((target) => {
      const { provider, model: name } = target.config as { provider?: unknown; model?: unknown };
      const entry: ModelTarget = { name: target.name, description: [provider, name].filter((v): v is string => typeof v === 'string' && v !== '').join(' · ') };
      const key = keyOf(['targets', target.name]);
      if (key) entry.keyRange = range(key);
      return entry;
    });
  }
  return model;
}

function caseTable(cases: SpecCheckResult['spec']['cases'], index: (file: string) => LineIndex): CaseTable {
  const files: string[] = [];
  const fileIndexes = new Map<string, number>();
  const table: CaseTable = { ids: [], files, fileOf: new Int32Array(cases.length), ranges: new Int32Array(cases.length * 4), tags: [], tagCounts: new Int32Array(cases.length), descriptions: [] };
  cases.forEach((c, i) => {
    let f = fileIndexes.get(c.range.file);
    if (f === undefined) fileIndexes.set(c.range.file, (f = files.push(c.range.file) - 1));
    const lines = index(c.range.file);
    const start = lines.positionAt(c.range.start);
    const end = lines.positionAt(c.range.end);
    table.ids.push(c.id);
    table.fileOf[i] = f;
    table.ranges[i * 4] = start.line;
    table.ranges[i * 4 + 1] = start.character;
    table.ranges[i * 4 + 2] = end.line;
    table.ranges[i * 4 + 3] = end.character;
    for (const tag of c.tags) table.tags.push(tag);
    table.tagCounts[i] = c.tags.length;
    const input = c.input ?? c.messages?.map((m) => m.content).join(' / ') ?? '';
    table.descriptions.push(`${c.expect !== undefined ? `→ ${c.expect}  ` : ''}${input.replace(/\s+/g, ' ').slice(0, 80)}`);
  });
  return table;
}

/** The file case `i` is written in. */
export function caseFileAt(table: CaseTable, i: number): string {
  return table.files[table.fileOf[i]!]!;
}

/** The line case `i` starts on (0-based). */
export function caseStartLineAt(table: CaseTable, i: number): number {
  return table.ranges[i * 4]!;
}

/** The whole of case `i`, in its own file. */
export function caseRangeAt(table: CaseTable, i: number): PlainRange {
  const r = table.ranges;
  const at = i * 4;
  return { start: { line: r[at]!, character: r[at + 1]! }, end: { line: r[at + 2]!, character: r[at + 3]! } };
}

/** Case `i` as an object; `tagStart`: where its tags begin in `table.tags` (the sum of the tag counts before it). */
export function modelCaseAt(table: CaseTable, i: number, tagStart: number): ModelCase {
  return {
    id: table.ids[i]!,
    file: caseFileAt(table, i),
    range: caseRangeAt(table, i),
    tags: table.tags.slice(tagStart, tagStart + table.tagCounts[i]!),
    description: table.descriptions[i]!,
  };
}

/** Whether two tables list the same cases, by id and file, in the same order. */
export function sameCaseList(a: CaseTable, b: CaseTable): boolean {
  if (a.ids.length !== b.ids.length) return false;
  for (let i = 0; i < a.ids.length; i++) {
    if (a.ids[i] !== b.ids[i] || caseFileAt(a, i) !== caseFileAt(b, i)) return false;
  }
  return true;
}

/**
 * The cases of `b` whose range, tags or description differ from the same case of `a` (tables with the same
 * case list, sameCaseList), each with where its tags begin in `b.tags`. Compares columns, making no object
 * per case: typing in one case of 10,000 finds that one without a pass over 10,000 objects.
 */
export function changedCases(a: CaseTable, b: CaseTable): Array<{ index: number; tagStart: number }> {
  const changed: Array<{ index: number; tagStart: number }> = [];
  let tagA = 0;
  let tagB = 0;
  for (let i = 0; i < b.ids.length; i++) {
    const countA = a.tagCounts[i]!;
    const countB = b.tagCounts[i]!;
    let differs = a.descriptions[i] !== b.descriptions[i] || countA !== countB;
    for (let k = i * 4; !differs && k < i * 4 + 4; k++) differs = a.ranges[k] !== b.ranges[k];
    for (let t = 0; !differs && t < countB; t++) differs = a.tags[tagA + t] !== b.tags[tagB + t];
    if (differs) changed.push({ index: i, tagStart: tagB });
    tagA += countA;
    tagB += countB;
  }
  return changed;
}

const casesOfModel = new WeakMap<EditorModel, readonly ModelCase[]>();

/** The model's cases as objects, made once per model (by whoever reads it first). */
export function modelCases(model: EditorModel): readonly ModelCase[] {
  let cases = casesOfModel.get(model);
  if (cases) return cases;
  const table = model.cases;
  let tag = 0;
  cases = table.ids.map((_, i) => {
    const c = modelCaseAt(table, i, tag);
    tag += table.tagCounts[i]!;
    return c;
  });
  casesOfModel.set(model, cases);
  return cases;
}
