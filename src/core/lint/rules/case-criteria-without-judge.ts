import type { LintFinding, LintRule } from '../types.js';

export const caseCriteriaWithoutJudge: LintRule = {
  id: 'case-criteria-without-judge',
  defaultSeverity: 'error',
  description: 'A case has `criteria` or a `reference`, and the spec names no `judge`, so nothing can grade them.',
  docs:
    "A case's own `criteria:` and its `reference:` answer are graded by the judge model; without a `judge:` block " +
    'every run would end that case in an error. Add a `judge:` to the frontmatter (`provider`, `model`), or turn ' +
    'what the criterion asks into deterministic `checks` (`contains`, `regex`, `not-regex`).',
  check(spec, context) {
    if (context.hasJudge) return [];
    const findings: LintFinding[] = [];
    for (const c of spec.cases) {
      for (const key of ['criteria', 'reference'] as const) {
        if ((key === 'criteria' ? c.criteria?.length : c.reference) === undefined) continue;
        const at = c.locate([key]);
        findings.push({
          message: `Case "${c.id}" has ${key === 'criteria' ? 'criteria' : 'a reference answer'} for the judge, and the spec names no judge model: nothing can grade ${key === 'criteria' ? 'them' : 'it'}. Add a "judge:" to the frontmatter, or use deterministic "checks".`,
          range: at.key ?? at.value,
        });
      }
    }
    return findings;
  },
};
