// Runs the lint rules over a parsed spec. A rule's severity comes from, in increasing precedence, its
// default, the workspace map passed in, and the spec's own frontmatter `lint:` map; `off` skips the rule.
// Unknown rule ids in either map are reported (code `lint-config`) with the closest rule id.
import type { Diagnostic, ParsedSpec, SourceRange } from '../spec/types.js';
import { isRecord } from '../util/is-record.js';
import { buildContext } from './context.js';
import { lintRules } from './rules/index.js';
import { didYouMean } from '../spec/did-you-mean.js';
import { RULE_SEVERITIES, type LintContext, type LintOptions, type LintRule, type RuleSeverity } from './types.js';

/** The code of diagnostics about lint configuration itself (unknown rule ids, bad severities). */
export const LINT_CONFIG = 'lint-config';

const RULES_BY_ID = new Map<string, LintRule>(lintRules.map((r) => [r.id, r]));

export function findLintRule(id: string): LintRule | undefined {
  return RULES_BY_ID.get(id);
}

const isRuleSeverity = (value: unknown): value is RuleSeverity => typeof value === 'string' && (RULE_SEVERITIES as readonly string[]).includes(value);

export function lintSpec(spec: ParsedSpec, options: LintOptions = {}): Diagnostic[] {
  const lint = prepareLint(spec, options);
  if (options.lastRun) lint.context.lastRun = options.lastRun;
  return lint.run();
}

/** Lint with its severities resolved, before any rule runs: whether a rule that uses the last run will run. */
export interface PreparedLint {
  context: LintContext;
  /** Some rule that will run sizes its findings by the latest saved run: worth reading it into `context.lastRun`. */
  needsLastRun: boolean;
  run(): Diagnostic[];
}

export function prepareLint(spec: ParsedSpec, options: Omit<LintOptions, 'lastRun'> = {}): PreparedLint {
  const context = buildContext(spec);
  const diagnostics: Diagnostic[] = [];
  const severities = new Map<string, RuleSeverity>(lintRules.map((r) => [r.id, r.defaultSeverity]));

  for (const [id, value] of Object.entries(options.severities ?? {})) {
    if (!RULES_BY_ID.has(id)) {
      diagnostics.push(unknownRule(id, 'in the workspace lint settings', context.top));
    } else if (!isRuleSeverity(value)) {
      const suggestion = typeof value === 'string' ? didYouMean(value, RULE_SEVERITIES) : undefined;
      diagnostics.push({
        code: LINT_CONFIG,
        severity: 'warning',
        message: `The workspace lint setting for "${id}" is ${JSON.stringify(value)}: use one of ${RULE_SEVERITIES.join(', ')}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}.`,
        range: context.top,
      });
    } else {
      severities.set(id, value);
    }
  }

  const own = context.data.lint;
  if (isRecord(own)) {
    for (const [id, value] of Object.entries(own)) {
      if (!RULES_BY_ID.has(id)) {
        const at = context.locateFrontmatter(['lint', id]);
        diagnostics.push(unknownRule(id, 'in this spec\'s "lint:" map', at?.key ?? at?.value ?? context.top, Boolean(at?.key)));
      } else if (isRuleSeverity(value)) {
        severities.set(id, value); // a bad value is reported by schema validation
      }
    }
  }

  const running = lintRules.filter((rule) => {
    const severity = severities.get(rule.id)!;
    return severity !== 'off' && (!options.errorsOnly || severity === 'error');
  });
  return {
    context,
    needsLastRun: running.some((rule) => rule.usesLastRun),
    run() {
      for (const rule of running) {
        const severity = severities.get(rule.id)! as Diagnostic['severity'];
        for (const finding of runRule(rule, spec, context)) diagnostics.push({ code: rule.id, severity, ...finding });
      }
      // Files are compared only when they differ: localeCompare loads ICU's collator (~5 ms of a small
      // spec's `aispec check`) even for equal strings, and nearly every diagnostic is in the spec's own file.
      return diagnostics.sort((a, b) => fileOrder(a, spec) - fileOrder(b, spec) || compareFiles(a.range.file, b.range.file) || a.range.start - b.range.start);
    },
  };
}

const compareFiles = (a: string, b: string): number => (a === b ? 0 : a.localeCompare(b));

function fileOrder(d: Diagnostic, spec: ParsedSpec): number {
  return d.range.file === spec.file ? 0 : 1;
}

/** A rule that throws must not take the others down: the spec still gets every other diagnostic. */
function runRule(rule: LintRule, spec: ParsedSpec, context: LintContext): ReturnType<LintRule['check']> {
  try {
    return rule.check(spec, context);
  } catch (error) {
    return [{ message: `Lint rule "${rule.id}" failed on this spec (${(error as Error).message}); please report this as a bug.`, range: context.top }];
  }
}

function unknownRule(id: string, where: string, range: SourceRange, fixable = false): Diagnostic {
  const suggestion = didYouMean(id, RULES_BY_ID.keys());
  const diagnostic: Diagnostic = {
    code: LINT_CONFIG,
    severity: 'warning',
    message: `Unknown lint rule "${id}" ${where}${suggestion ? `: did you mean "${suggestion}"?` : '.'} The rules are listed by "aispec check --list-rules".`,
    range,
  };
  if (suggestion && fixable) diagnostic.fixes = [{ title: `Change to "${suggestion}"`, edits: [{ ...range, newText: suggestion }] }];
  return diagnostic;
}
