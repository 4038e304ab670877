import type { LintFinding, LintRule } from '../types.js';

export const caseWithoutExpectation: LintRule = {
  id: 'case-without-expectation',
  defaultSeverity: 'warning',
  description: 'A case has no `expect`, no `checks`, no `criteria` or `reference`, and the spec has no rubric criterion or detector to grade it.',
  docs:
    'A case that nothing grades always passes: it inflates the pass rate and hides failures. Give it an ' +
    '`expect` (the label it should get), `checks` (deterministic tests of the output), or give the spec rubric ' +
    'criteria or anti-pattern detectors, which apply to every case.',
  check(spec, context) {
    if (spec.rubric.length > 0 || spec.antiPatterns.some((a) => a.detector)) return [];
    const fix = context.labels.length > 0 ? '"expect: LABEL" or "checks:"' : '"checks:" (or rubric criteria to the spec)';
    const findings: LintFinding[] = [];
    for (const c of spec.cases) {
      if (c.expect !== undefined || c.checks.length > 0 || c.criteria !== undefined || c.reference !== undefined) continue;
      findings.push({
        message: `Case "${c.id}" has no expect and no checks, and the spec has no rubric criteria: nothing grades it, so it always passes. Add ${fix}.`,
        range: c.locate(['id']).value,
      });
    }
    return findings;
  },
};
