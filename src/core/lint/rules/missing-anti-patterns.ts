import { findSection, insertBlock, sectionInsertionPoint } from '../edits.js';
import type { LintRule } from '../types.js';

export const missingAntiPatterns: LintRule = {
  id: 'missing-anti-patterns',
  defaultSeverity: 'warning',
  description: 'The spec names no anti-pattern: no `> [!CAUTION]` callout starting "**Anti-pattern: NAME.**".',
  docs:
    'Anti-patterns are the plausible wrong outputs a team has seen or fears ("hedge, then advise"): naming them ' +
    'tells reviewers what to look for, gives the judge concrete failures, and with a `Detect:` regex fails a case ' +
    'automatically. Add at least one `> [!CAUTION]` callout whose text starts with `**Anti-pattern: NAME.**`; it ' +
    'renders as a red callout on GitHub.',
  check(spec, context) {
    if (spec.antiPatterns.length > 0) return [];
    const callout = ['> [!CAUTION]', '> **Anti-pattern: name it.** What a plausible wrong output does, and why it hurts.'];
    const lastRubric = spec.rubricBlocks[spec.rubricBlocks.length - 1];
    const section = findSection(spec, /^anti-?patterns?\b/i);
    const edit = section
      ? insertBlock(spec, section.range.end, callout)
      : lastRubric
        ? insertBlock(spec, lastRubric.end, callout)
        : insertBlock(spec, sectionInsertionPoint(spec, /^(examples?|cases?)\b/i), ['## Anti-patterns', '', ...callout]);
    return [
      {
        message: 'No anti-patterns: add a "> [!CAUTION]" callout starting "**Anti-pattern: NAME.**" for each plausible wrong output you fear.',
        range: context.top,
        fixes: [{ title: 'Add an anti-pattern callout', edits: [edit] }],
      },
    ];
  },
};

