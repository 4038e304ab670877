// The shapes of spec lint: a rule is data (id, default severity, docs) plus a pure check over the parsed spec.
// Severity is not a rule's business: lintSpec applies it from the defaults, the workspace and the spec.
import type { LineIndex } from '../spec/line-index.js';
import type { Diagnostic, ParsedSpec, Section, Severity, SourceRange, ValuePath } from '../spec/types.js';
import type { LastRunRates } from './last-run-rates.js';

/** A severity as configured: `off` turns the rule off. */
export type RuleSeverity = 'off' | Severity;

export const RULE_SEVERITIES: readonly RuleSeverity[] = ['off', 'info', 'warning', 'error'];

/** What a rule reports: lintSpec adds the rule id as `code` and the configured severity. */
export type LintFinding = Omit<Diagnostic, 'code' | 'severity'>;

/** Facts about a spec that several rules need, computed once per lint run. */
export interface LintContext {
  file: string;
  text: string;
  lines: LineIndex;
  /** The frontmatter as a plain object ({} when missing or not an object). */
  data: Record<string, unknown>;
  /** Key and value ranges of a frontmatter path; undefined when the spec has no frontmatter. */
  locateFrontmatter(path: ValuePath): { key?: SourceRange; value: SourceRange } | undefined;
  /** The `labels` that are strings, with their index in the list (for locating them). */
  labels: { name: string; index: number }[];
  /** The `gates` map, when it is one. */
  gates?: Record<string, unknown>;
  /** The spec names a judge model, so criteria without a `check` can be graded. */
  hasJudge: boolean;
  /**
   * All cases are present: false when the frontmatter names a case file that was not loaded (parseSpec
   * alone, or an unreadable file, which is reported elsewhere). Rules that count cases stay quiet then.
   */
  casesKnown: boolean;
  /** Counts over the cases, computed on first use in one pass and shared by the rules that need them. */
  caseStats(): CaseStats;
  /** The `# Title` heading, if the spec has one. */
  title?: Section;
  /** Where "missing" things are reported: the title heading, or the first line of the document. */
  top: SourceRange;
  /** Offset of the first line after the frontmatter (0 without frontmatter). */
  bodyStart: number;
  /** The rates the spec's latest saved run observed, when the host found one. */
  lastRun?: LastRunRates;
}

export interface CaseStats {
  /** Cases carrying each tag (a tag repeated on one case counts once), by the tag as written. */
  tagCounts: Map<string, number>;
  /** Every tag present, lower-cased. */
  tagsLower: Set<string>;
  /** Cases expecting each value of `expect`. */
  expectCounts: Map<string, number>;
  /** Cases with an `expect`. */
  withExpect: number;
}

export interface LintRule {
  /** Kebab-case id, used in `lint:` maps, `--list-rules` and as the diagnostic code. */
  readonly id: string;
  readonly defaultSeverity: Severity;
  /** One line, for `--list-rules` and hovers. */
  readonly description: string;
  /** A short paragraph: why it matters and how to fix it. */
  readonly docs: string;
  /** Sizes its findings by the spec's latest saved run (`LintContext.lastRun`), which the host reads only for such a rule. */
  readonly usesLastRun?: boolean;
  check(spec: ParsedSpec, context: LintContext): LintFinding[];
}

/**
 * Severities by rule id, as a workspace configures them. Values are checked at run time too (they often come
 * from JSON): an unknown id or a value outside RULE_SEVERITIES is reported as `lint-config`.
 */
export type SeverityOverrides = Readonly<Record<string, RuleSeverity>>;

export interface LintOptions {
  /** Workspace severities by rule id; the spec's own frontmatter `lint:` map overrides them. */
  severities?: SeverityOverrides | undefined;
  /** The rates of the spec's latest saved run (see lastRunRates), for the rules that size gates by them. */
  lastRun?: LastRunRates | undefined;
  /**
   * Run only the rules whose severity (after the workspace's and the spec's own maps) is `error`: for a host
   * that acts on errors alone (`aispec eval` refuses a spec with one), so it skips the others' work.
   */
  errorsOnly?: boolean;
}
