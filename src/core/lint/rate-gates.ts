// Which gates are over a proportion with a Wilson interval, and how many of the spec's cases stand behind each:
// what undecidable-gate and gate-power count. `f1`, `macro_f1` and `kappa` are rates too but take other
// intervals (bootstrap, asymptotic), so no Wilson count applies to them.
import type { ParsedSpec, ValuePath } from '../spec/types.js';
import { isRecord } from '../util/is-record.js';
import type { CaseStats } from './types.js';

export interface RateGate {
  /** Where the gate's value is in the frontmatter, e.g. ['gates', 'per_tag', 'adversarial']. */
  path: ValuePath;
  /** Its name in the results, e.g. `per_tag.adversarial`. */
  name: string;
  /** The minimum as written (rules check that it is a number in range; schema validation reports the rest). */
  target: unknown;
  /**
   * The spec's cases behind it, or undefined when only a run can tell: a precision counts the outputs
   * predicted as its label.
   */
  n: number | undefined;
  /** What those cases are, for messages: "cases", "cases tagged edge". */
  what: string;
}

export function rateGatesOf(spec: ParsedSpec, gates: Record<string, unknown>, stats: CaseStats): RateGate[] {
  const found: RateGate[] = [];
  const add = (path: string[], target: unknown, n: number | undefined, what: string) => found.push({ path, name: path.slice(1).join('.'), target, n, what });
  const each = (key: string, visit: (name: string, target: unknown) => void) => {
    const map = gates[key];
    if (isRecord(map)) for (const [name, target] of Object.entries(map)) visit(name, target);
  };
  if ('pass_rate' in gates) add(['gates', 'pass_rate'], gates.pass_rate, spec.cases.length, 'cases');
  each('per_tag', (tag, target) => add(['gates', 'per_tag', tag], target, stats.tagCounts.get(tag) ?? 0, `cases tagged ${tag}`));
  each('recall', (label, target) => add(['gates', 'recall', label], target, stats.expectCounts.get(label) ?? 0, `cases expecting ${label}`));
  each('per_criterion', (id, target) => {
    // A criterion's rate counts only the cases it applies to, so its gate is decided on those.
    const scope = spec.rubric.find((c) => c.id === id)?.applies_to?.tags;
    if (!scope) add(['gates', 'per_criterion', id], target, spec.cases.length, 'cases');
    else add(['gates', 'per_criterion', id], target, spec.cases.filter((c) => c.tags.some((tag) => scope.includes(tag))).length, `cases it applies to (tagged ${scope.join(' or ')})`);
  });
  if ('accuracy' in gates) add(['gates', 'accuracy'], gates.accuracy, stats.withExpect, 'cases with an expect');
  each('precision', (label, target) => add(['gates', 'precision', label], target, undefined, `outputs predicted as ${label}`));
  return found;
}
