// A case read from a valid line of a JSONL case file, kept small: a case file may hold a million of them, and
// the check and the runner hold every one for the whole run. Where the case is (its range) and how to locate a
// key in it (its locator) are worked out from the line's two offsets when asked, instead of being a range
// object and a closure in every case: about 150 bytes a case (150 MB at a million) for what only the cases
// with a problem, or the one under the editor's cursor, ever need. Both read the same as a plain case's
// (`c.range.start`, `c.locate(path)`, `const { locate } = c`).
import { parseTree } from 'jsonc-parser';
import { caseFields } from './case-value.js';
import { jsonLocator } from './json-locator.js';
import type { Case, CaseCriterion, ChatMessage, Check, Locator, SourceRange, ValuePath } from './types.js';

const JSONL_OPTIONS = { allowTrailingComma: false, disallowComments: true } as const;

/**
 * Locates within the valid JSON lines of one JSONL file. The line is read back from the file's text and its
 * jsonc-parser tree built when a location is first asked for.
 */
export class JsonlLineLocating {
  /** The last line asked about: lint and schema messages ask about the same case several times in a row. */
  private lastStart = -1;
  private lastLocate: Locator | undefined;

  constructor(
    private readonly text: string,
    readonly file: string,
  ) {}

  locate(range: SourceRange, path: ValuePath): ReturnType<Locator> {
    if (this.lastStart !== range.start || !this.lastLocate) {
      const line = this.text.slice(range.start, range.end);
      this.lastLocate = jsonLocator(parseTree(line, [], JSONL_OPTIONS), this.file, range.start, range);
      this.lastStart = range.start;
    }
    return this.lastLocate(path);
  }
}

export class JsonlCase implements Case {
  id: string;
  tags: string[];
  checks: Check[];
  vars: Record<string, unknown>;
  meta: Record<string, unknown>;
  raw: unknown;
  line: number;
  // Set only when the case has them, as on a plain case (`'expect' in c` and Object.keys agree).
  declare input?: string;
  declare expect?: string;
  declare messages?: ChatMessage[];
  declare criteria?: CaseCriterion[];
  declare reference?: string;
  readonly #start: number;
  readonly #end: number;
  readonly #lines: JsonlLineLocating;

  /** The case of `raw`, the value of the line at [start, end) of the file `lines` locates in (line: 1-based). */
  constructor(raw: unknown, index: number, line: number, start: number, end: number, lines: JsonlLineLocating) {
    const fields = caseFields(raw, index);
    this.id = fields.id;
    this.tags = fields.tags;
    this.checks = fields.checks;
    this.vars = fields.vars;
    this.meta = fields.meta;
    this.raw = raw;
    this.line = line;
    this.#start = start;
    this.#end = end;
    this.#lines = lines;
    if (fields.input !== undefined) this.input = fields.input;
    if (fields.messages) this.messages = fields.messages;
    if (fields.criteria) this.criteria = fields.criteria;
    if (fields.reference !== undefined) this.reference = fields.reference;
    if (fields.expect !== undefined) this.expect = fields.expect;
  }

  /** The whole line (a new object each time: nothing keeps it, and callers may not change a case's range). */
  get range(): SourceRange {
    return { file: this.#lines.file, start: this.#start, end: this.#end };
  }

  /** A locator of this case (bound: it may be passed around detached, as a plain case's is). */
  get locate(): Locator {
    const range = this.range;
    return (path) => this.#lines.locate(range, path);
  }
}
