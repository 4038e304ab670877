import type { LintFinding, LintRule } from '../types.js';

export const criterionWithoutCheckOrJudge: LintRule = {
  id: 'criterion-without-check-or-judge',
  defaultSeverity: 'warning',
  description: 'A criterion has no `check` and the spec names no `judge`, so nothing can grade it.',
  docs:
    'A criterion is graded by its deterministic `check`, or else by the judge model from its text. With neither, ' +
    'a run cannot grade it. Add a `judge:` block to the frontmatter (`provider`, `model`), or give the ' +
    'criterion a `check` such as `{ not-regex: "..." }` or `{ max-words: 80 }`.',
  check(spec, context) {
    if (context.hasJudge) return [];
    const findings: LintFinding[] = [];
    for (const criterion of spec.rubric) {
      if (criterion.check) continue;
      findings.push({
        message: `Criterion "${criterion.id}" has no check and the spec names no judge model: nothing can grade it. Add a "judge:" to the frontmatter, or a deterministic "check".`,
        range: criterion.locate(['id']).value,
      });
    }
    return findings;
  },
};
