// Two versions of a spec compared for what changed in meaning (core/diff/spec-diff.ts computes it, the
// renderers print it, `aispec diff --format json` writes it; docs/results.md and schemas/spec-diff.schema.json
// document the wire form). Types only.

/** How a change moves the launch bar. A removed gate loosens the bar; an added one tightens it. */
export type GateChangeKind = 'loosened' | 'tightened' | 'added' | 'removed';

export interface SpecGateChange {
  /** `pass_rate`, `per_tag.adversarial`, `recall.urgent`, ...; also `decide_on` and `case_threshold`. */
  name: string;
  /** The value in base and in head (a number, or `point` / `lower_bound` for decide_on); null when absent. */
  from: number | string | null;
  to: number | string | null;
  change: GateChangeKind;
  /** Where the gate stands in HEAD (1-based), or the nearest key that does when it was removed. */
  line: number;
  column: number;
}

/** A setting of the target, the judge or the pricing whose value differs. */
export interface SettingChange {
  /** `target.model`, `target.system` (the prompt, inline or file content), `judge.model`, `pricing.input_per_mtok`. */
  field: string;
  from: unknown;
  to: unknown;
  /** For the prompt: a unified diff of its lines (short; long ones are cut with a note). */
  prompt_diff?: string;
}

export interface SpecItem {
  id: string;
  text: string;
}

export interface ItemChanges {
  added: SpecItem[];
  removed: SpecItem[];
  /** Same id (or, for examples, the same place), different text. */
  reworded: Array<{ id: string; from: string; to: string }>;
  /** The same text under another id. */
  renamed: Array<{ from: string; to: string }>;
  /** Another property changed: a criterion's weight, critical, check or applies_to; an anti-pattern's detector; an example's kind. */
  changed: Array<{ id: string; field: string; from: unknown; to: unknown }>;
}

export interface SpecRef {
  /** The file as given (`specs/a.aispec.md`, or `main:specs/a.aispec.md` for a git revision). */
  file: string;
  id: string;
  title: string;
  /** False when the spec does not exist on this side (added or deleted in the change). */
  exists: boolean;
  /** Errors found loading this side (YAML syntax, unreadable case file); the diff then covers what did load. */
  errors: string[];
}

export interface SpecDiff {
  format: 'aispec-spec-diff';
  version: 1;
  base: SpecRef;
  head: SpecRef;
  summary: {
    /** Gates loosened or removed (decide_on lower_bound → point and a lower case_threshold count too). */
    loosened: number;
    /** Gates tightened or added. */
    tightened: number;
    /** Tags whose case count fell (coverage lost: an adversarial set shrinking is the headline). */
    coverage_fell: string[];
    /** Any change at all in meaning. */
    changed: boolean;
  };
  gates: SpecGateChange[];
  target: SettingChange[];
  judge: SettingChange[];
  pricing: SettingChange[];
  /** Other settings that change how a case is graded or run: concurrency, timeout_ms. */
  settings: SettingChange[];
  cases: { added: string[]; removed: string[]; changed: string[] };
  /** Cases per tag, for every tag on either side. */
  tags: Record<string, { from: number; to: number }>;
  criteria: ItemChanges;
  anti_patterns: ItemChanges;
  examples: ItemChanges;
  labels: { added: string[]; removed: string[] };
  /** A label's classify rule (or the json / judge form) added, removed or changed; values as written. */
  classify: Array<{ key: string; from: unknown; to: unknown }>;
}
