// A criterion's `applies_to` names a tag that no case carries: most often a typo, and then the criterion
// silently applies to fewer cases (or none), its rate resting on the wrong sample.
import { didYouMean } from '../../spec/did-you-mean.js';
import { textOfFile } from '../../spec/file-text.js';
import { exactFix } from '../../spec/schema-messages.js';
import type { LintFinding, LintRule } from '../types.js';

export const criterionAppliesToUnknownTag: LintRule = {
  id: 'criterion-applies-to-unknown-tag',
  defaultSeverity: 'warning',
  description: 'A criterion\'s `applies_to` names a tag that no case carries, so it applies to fewer cases than meant.',
  docs:
    'A criterion with `applies_to: { tags: [...] }` is graded only on cases that carry one of those tags; on the ' +
    'others it is "n/a". A tag that no case carries is usually a typo: the criterion then applies to fewer ' +
    'cases than meant, or to none (and a `per_criterion` gate on it cannot be decided). Correct the tag (the ' +
    'quick fix offers the closest one), or tag the cases it is meant for.',
  check(spec, context) {
    if (!context.casesKnown || spec.cases.length === 0) return [];
    const tags = context.caseStats().tagCounts;
    const findings: LintFinding[] = [];
    for (const criterion of spec.rubric) {
      const wanted = criterion.applies_to?.tags ?? [];
      const unknown = wanted.filter((tag) => !tags.has(tag));
      const appliesToNone = unknown.length === wanted.length;
      for (const tag of unknown) {
        const index = wanted.indexOf(tag);
        const at = criterion.locate(['applies_to', 'tags', index]).value;
        const guess = didYouMean(tag, tags.keys());
        const consequence = appliesToNone ? `criterion "${criterion.id}" applies to no case` : `criterion "${criterion.id}" applies only to cases with its other tags`;
        findings.push({
          message: `No case is tagged "${tag}": ${consequence}.${guess ? ` Did you mean "${guess}"?` : ''}`,
          range: at,
          ...(guess ? { fixes: exactFix(textOfFile(spec, at.file), at, tag, guess, `Change to "${guess}"`) } : {}),
        });
      }
    }
    return findings;
  },
};
