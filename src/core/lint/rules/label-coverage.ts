import { didYouMean } from '../../spec/did-you-mean.js';
import type { LintContext, LintFinding, LintRule } from '../types.js';

/** Cases per label, and the number of cases whose `expect` is one of the labels. */
function labelCounts(context: LintContext): { counts: Map<string, number>; total: number } {
  const { expectCounts } = context.caseStats();
  const counts = new Map<string, number>();
  let total = 0;
  for (const { name } of context.labels) {
    if (counts.has(name)) continue;
    const count = expectCounts.get(name) ?? 0;
    counts.set(name, count);
    total += count;
  }
  return { counts, total };
}

const RARE_SHARE = 0.1;

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

export const rareLabel: LintRule = {
  id: 'rare-label',
  defaultSeverity: 'warning',
  description: 'A label has under 10% of the labelled cases (or under half an even share, with more than 5 labels).',
  docs:
    'Per-label recall and precision on a handful of cases swing by tens of points from one case to the next, and ' +
    'the rare classes are often the ones that matter (the urgent ticket, the refusal). Add cases for the label ' +
    'until it has at least 10% of the labelled cases. With more than 5 labels the bar is half an even share ' +
    '(1 / 2k), so that a balanced set of many labels is not flagged. Labels with no case at all are ' +
    '`label-without-cases`.',
  check(spec, context) {
    if (context.labels.length === 0 || !context.casesKnown) return [];
    const { counts, total } = labelCounts(context);
    if (total === 0) return [];
    const threshold = Math.min(RARE_SHARE, 0.5 / context.labels.length);
    const findings: LintFinding[] = [];
    for (const { name, index } of context.labels) {
      const count = counts.get(name) ?? 0;
      if (count === 0 || count / total >= threshold) continue;
      findings.push({
        message: `Label "${name}" has ${count} of ${total} labelled cases (${percent(count / total)}), under ${percent(threshold)}: its recall and precision rest on too few cases to mean much. Add cases expecting ${name}.`,
        range: context.locateFrontmatter(['labels', index])!.value,
      });
    }
    return findings;
  },
};

export const labelWithoutCases: LintRule = {
  id: 'label-without-cases',
  defaultSeverity: 'warning',
  description: 'A label in `labels` is expected by no case.',
  docs:
    'A label no case expects has no recall at all, and the report cannot show whether the model ever gets it ' +
    'right; often it is a typo or a class that was renamed. Add cases with `expect: LABEL`, or remove the label.',
  check(spec, context) {
    if (context.labels.length === 0 || !context.casesKnown || spec.cases.length === 0) return [];
    const { counts } = labelCounts(context);
    const names = context.labels.map((l) => l.name);
    // An expect that misspells a label ("refused") is schema validation's, with a fix; that label is not empty.
    const misspelt = new Set<string>();
    for (const expect of context.caseStats().expectCounts.keys()) {
      if (counts.has(expect)) continue;
      const label = didYouMean(expect, names);
      if (label) misspelt.add(label);
    }
    const findings: LintFinding[] = [];
    for (const { name, index } of context.labels) {
      if ((counts.get(name) ?? 0) > 0 || misspelt.has(name)) continue;
      findings.push({
        message: `Label "${name}" has no cases: its recall and precision cannot be measured. Add cases with "expect: ${name}", or remove the label.`,
        range: context.locateFrontmatter(['labels', index])!.value,
      });
    }
    return findings;
  },
};
