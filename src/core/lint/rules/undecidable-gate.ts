import { minCasesForGate } from '../../metrics/index.js';
import type { ValuePath } from '../../spec/types.js';
import { rateGatesOf } from '../rate-gates.js';
import type { LintFinding, LintRule } from '../types.js';

export const undecidableGate: LintRule = {
  id: 'undecidable-gate',
  defaultSeverity: 'warning',
  description: 'A rate gate has fewer cases than it needs to be decidable at 95% confidence (Wilson lower bound).',
  docs:
    'With n cases all passing, the Wilson 95% lower bound on the pass rate is n / (n + 1.96²): 40 perfect cases ' +
    'only show the rate is above 0.91, so a 0.95 gate "passed" on them is noise, and with `decide_on: lower_bound` ' +
    'it can never pass. Cases are counted per gate: all cases for `pass_rate` and `per_criterion` (for a criterion ' +
    'with `applies_to`, the cases it applies to), cases with the tag for `per_tag`, cases expecting the label for `recall`, cases with an `expect` for `accuracy`. Add cases ' +
    'up to the number in the message, or lower the gate. A gate of 1 is a zero-failure rule and is only flagged ' +
    'with `decide_on: lower_bound`, where no number of cases can pass it.',
  check(spec, context) {
    const gates = context.gates;
    if (!gates || !context.casesKnown || spec.cases.length === 0) return []; // no cases at all: missing-cases
    const lowerBound = gates.decide_on === 'lower_bound';
    const findings: LintFinding[] = [];
    const test = (path: ValuePath, gate: unknown, n: number, what: string): void => {
      if (typeof gate !== 'number' || !(gate > 0 && gate <= 1)) return; // out of range: schema validation reports it
      const needed = minCasesForGate(gate);
      const name = path.slice(1).join('.');
      const at = context.locateFrontmatter(path)!;
      const written = context.text.slice(at.value.start, at.value.end).trim();
      const shown = Number(written) === gate ? written : String(gate);
      if (needed === null) {
        if (lowerBound) {
          findings.push({
            message: `${name} gate ${shown} can never pass with decide_on: lower_bound: the Wilson lower bound stays below 1 for any number of cases. Lower the gate (0.99 needs ${minCasesForGate(0.99)} ${what}) or decide on the point estimate.`,
            range: at.value,
          });
        }
        return;
      }
      if (n >= needed) return;
      const consequence = lowerBound ? ' With decide_on: lower_bound it cannot pass until then.' : '';
      findings.push({
        message: `${name} gate ${shown} needs at least ${needed} ${what} to be decidable at 95% confidence; this spec has ${n}.${consequence} Add cases, or lower the gate.`,
        range: at.value,
      });
    };
    for (const gate of rateGatesOf(spec, gates, context.caseStats())) if (gate.n !== undefined) test(gate.path, gate.target, gate.n, gate.what);
    return findings;
  },
};
