// The parsed form of an aispec file. Pure data: no vscode, no node. Every element carries offsets into the
// text of the file it came from; line/column are computed only at the edges (CLI output, vscode ranges).

/** A half-open span [start, end) of UTF-16 offsets into the text of `file`. */
export interface SourceRange {
  file: string;
  start: number;
  end: number;
}

/** A path into a YAML/JSON value, as ajv's instancePath splits it: keys and array indices. */
export type ValuePath = readonly (string | number)[];

/**
 * Finds where a value (or its key) stands in the source. `key` is the range of the property name when the
 * path ends in an object key that exists; `value` is the range of the value, or of the nearest existing
 * ancestor when the path does not exist. Never undefined: at worst the whole element's range.
 */
export interface Locator {
  (path: ValuePath): { key?: SourceRange; value: SourceRange };
}

export type Severity = 'error' | 'warning' | 'info';

export interface TextEdit {
  file: string;
  start: number;
  end: number;
  newText: string;
}

export interface QuickFix {
  title: string;
  edits: TextEdit[];
}

export interface Diagnostic {
  /** Rule id: `parse`, `schema`, or a lint rule id such as `missing-goal`. */
  code: string;
  severity: Severity;
  message: string;
  range: SourceRange;
  fixes?: QuickFix[];
}

/** A Markdown heading section: from the heading to the next heading of the same or higher level. */
export interface Section {
  title: string;
  depth: number;
  range: SourceRange;
  headingRange: SourceRange;
}

export type Check = Record<string, unknown>;

export interface Criterion {
  id: string;
  criterion: string;
  weight: number;
  critical: boolean;
  /** Which cases it applies to (any of these tags); absent: every case. Elsewhere it is graded "n/a". */
  applies_to?: { tags: string[] };
  /** Deterministic check; when absent the judge grades the criterion from its text. */
  check?: Check;
  /** The raw value as written (validated against the schema's criterion definition). */
  raw?: unknown;
  range: SourceRange;
  locate: Locator;
}

export interface AntiPattern {
  /** Name from the bold lead, e.g. "hedge, then advise". */
  name: string;
  /** Stable id: the name slugified ("hedge-then-advise"). */
  id: string;
  text: string;
  /** Detector regex from `Detect: /.../flags`, if the callout has one. `on: 'tool'` (`Detect: tool:/.../`):
   * it searches the names of the tool calls, not the output. */
  detector?: { pattern: string; flags: string; range: SourceRange; on?: 'tool' };
  range: SourceRange;
}

export interface Example {
  kind: 'pass' | 'fail';
  /** From an `Id:` line, else `example-N` (N from 1, in document order): what human labels call it. */
  id: string;
  text: string;
  /** The input and output the example shows (`Input:` / `Output:` lines); the judge grades an example only
   * when it has both. */
  input?: string;
  output?: string;
  range: SourceRange;
}

/** One human verdict of a `human_labels:` file (see human-labels.ts). */
export interface HumanLabel {
  /** A case id or an example id */
  id: string;
  /** A rubric criterion id; absent: the verdict is on the whole case or example */
  criterion?: string;
  pass: boolean;
  rater?: string;
  range: SourceRange;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** One of a case's own `criteria:`, graded by the judge for that case alone. */
export interface CaseCriterion {
  /** `case:N` (N its 1-based position in the list) or `case:ID` when written with an `id`. */
  id: string;
  criterion: string;
  critical: boolean;
  /** Its index in the case's `criteria` list (for locating it). */
  index: number;
}

export interface Case {
  id: string;
  input?: string;
  messages?: ChatMessage[];
  expect?: string;
  tags: string[];
  checks: Check[];
  /** The case's own criteria, for the judge (absent or empty: none). */
  criteria?: CaseCriterion[];
  /** An ideal answer: the judge checks the output is consistent with it and contains its key facts. */
  reference?: string;
  vars: Record<string, unknown>;
  meta: Record<string, unknown>;
  /** The raw value as written (validated against the schema's case definition). */
  raw: unknown;
  /** Range of the whole case in its own file (the spec, or the external case file). */
  range: SourceRange;
  /** 1-based line of the case's start in its own file. */
  line: number;
  locate: Locator;
}

/** Where cases were written: an inline ```yaml cases block or an external file. */
export interface CaseSource {
  kind: 'inline' | 'jsonl' | 'yaml' | 'csv';
  file: string;
  range: SourceRange;
  count: number;
}

export interface Frontmatter {
  /** The parsed YAML as plain JS (null when the YAML could not be parsed). */
  data: unknown;
  /** Range of the YAML text between the --- lines. */
  range: SourceRange;
  locate: Locator;
}

export interface ParsedSpec {
  file: string;
  text: string;
  frontmatter?: Frontmatter;
  sections: Section[];
  rubric: Criterion[];
  /** Range of each ```yaml rubric block (for "no rubric" and CodeLens). */
  rubricBlocks: SourceRange[];
  antiPatterns: AntiPattern[];
  examples: Example[];
  cases: Case[];
  caseSources: CaseSource[];
  /** The human verdicts of frontmatter `human_labels:` (absent when the spec names no such file). */
  humanLabels?: HumanLabel[];
  /** Texts of files the spec depends on (external case files), keyed by path as given to the host. */
  files: Map<string, string>;
  /** Problems found while parsing (YAML syntax, unreadable case files, ...). */
  diagnostics: Diagnostic[];
}
