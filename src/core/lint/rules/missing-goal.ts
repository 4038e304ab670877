import { insertBlock } from '../edits.js';
import type { LintRule } from '../types.js';

/** Headings accepted as the Goal section: Goal, Goals, Purpose, Objective(s), optionally followed by more words. */
export const GOAL_HEADING = /^(goals?|purpose|objectives?)\b/i;

export const missingGoal: LintRule = {
  id: 'missing-goal',
  defaultSeverity: 'warning',
  description: 'The spec has no "## Goal" section saying why the behaviour matters.',
  docs:
    'The Goal is what a reviewer, and the judge model, read to settle cases the criteria did not foresee: who uses ' +
    'this, what they need, and what a failure costs them and the business. Without it criteria drift and nobody can ' +
    'tell a strict rubric from a wrong one. Add a `## Goal` section (a heading "Goal", "Goals", "Purpose" or ' +
    '"Objective" at level 2 or deeper) under the title, in two or three sentences.',
  check(spec, context) {
    if (spec.sections.some((s) => s.depth >= 2 && GOAL_HEADING.test(s.title))) return [];
    const offset = context.title ? context.title.headingRange.end : context.bodyStart;
    return [
      {
        message: 'No "## Goal" section: say who uses this, what they need, and what a failure costs, so reviewers and the judge can settle unforeseen cases.',
        range: context.top,
        fixes: [
          {
            title: 'Add a Goal section',
            edits: [
              insertBlock(spec, offset, [
                '## Goal',
                '',
                'Who uses this, what they need from it, and what a failure costs them and the business.',
              ]),
            ],
          },
        ],
      },
    ];
  },
};
