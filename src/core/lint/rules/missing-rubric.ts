import { findSection, insertBlock, sectionInsertionPoint } from '../edits.js';
import type { LintRule } from '../types.js';
import { GOAL_HEADING } from './missing-goal.js';

const RUBRIC_SKELETON = ['```yaml rubric', '- id: first-criterion', '  criterion: One observable thing every output must do or never do.', '```'];

export const missingRubric: LintRule = {
  id: 'missing-rubric',
  defaultSeverity: 'warning',
  description: 'The spec has no rubric criteria (and no labels), so outputs are graded only by per-case checks.',
  docs:
    'The rubric is the spec\'s definition of a good output: each criterion one observable requirement, graded on ' +
    'every case by a deterministic `check` or by the judge. Without it only per-case `checks` grade, and the spec ' +
    'says nothing about the behaviour in general. Add a ```` ```yaml rubric ```` block with a list of `- id:` / ' +
    '`criterion:` items. Classification specs (with `labels`) grade by label and are exempt.',
  check(spec, context) {
    if (spec.rubric.length > 0 || context.labels.length > 0) return [];
    const block = spec.rubricBlocks[0];
    if (block) {
      // A block that failed to parse is already reported where the YAML breaks.
      if (spec.diagnostics.some((d) => d.range.file === block.file && d.range.start >= block.start && d.range.start < block.end)) return [];
      return [{ message: 'This rubric block has no criteria: list them as "- id: ..." with a "criterion:" each.', range: block }];
    }
    const rubricSection = findSection(spec, /^rubric\b/i);
    const goal = findSection(spec, GOAL_HEADING);
    const edit = rubricSection
      ? insertBlock(spec, rubricSection.range.end, RUBRIC_SKELETON)
      : insertBlock(spec, goal ? goal.range.end : sectionInsertionPoint(spec, /^(anti-?patterns?|examples?|cases?)\b/i), ['## Rubric', '', ...RUBRIC_SKELETON]);
    return [
      {
        message: 'No rubric: add a ```yaml rubric block listing what every output must do, one observable criterion each.',
        range: context.top,
        fixes: [{ title: 'Add a rubric block', edits: [edit] }],
      },
    ];
  },
};
