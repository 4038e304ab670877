// A criterion that applies to some cases only: every report shows its rate with "applies to K of N cases", and
// a case it does not apply to says "n/a" for it, never a pass or a fail.
import assert from 'node:assert/strict';
import { consoleSummary } from '../../../src/core/report/results-console.js';
import { markdownReport } from '../../../src/core/report/results-markdown.js';
import { caseHoverMarkdown, caseMessageText, criterionTitle } from '../../../src/extension/running/format.js';
import type { CriterionVerdict, RunResults } from '../../../src/shared/results.js';
import { loadResults } from './fixtures.js';

const notApplicable: CriterionVerdict = {
  id: 'escalates',
  passed: null,
  applies: false,
  reason: 'applies only to cases tagged "emergency"',
  weight: 1,
  critical: true,
  graded_by: 'judge',
};

/** The binary fixture with an `escalates` criterion that applied to 7 of its 24 cases (6 passed, 1 failed). */
function withPartialCriterion(): RunResults {
  const run = loadResults('binary');
  run.by_criterion.escalates = { passed: 6, failed: 1, errors: 0, n: 7, rate: 6 / 7, ci95: [0.487, 0.974], not_applicable: 17 };
  run.by_criterion['no-dosing']!.not_applicable = 0;
  run.cases[0]!.criteria.push(notApplicable);
  return run;
}

describe('a criterion that applies to some cases, in the reports', () => {
  it('console: "(applies to 7 of 24 cases)" beside its rate, nothing beside one that applies everywhere', () => {
    const lines = consoleSummary(withPartialCriterion(), { color: false }).split('\n');
    const row = lines.find((l) => l.startsWith('  escalates'));
    assert.match(row ?? '', /^ {2}escalates +0\.857 +0\.487–0\.974 +7 +\(applies to 7 of 24 cases\)$/);
    assert.match(lines.find((l) => l.startsWith('  no-dosing')) ?? '', /^ {2}no-dosing +0\.909 +0\.722–0\.975 +22$/);
  });

  it('console: no extra column for runs where every criterion applied (or written before n/a existed)', () => {
    const text = consoleSummary(loadResults('binary'), { color: false });
    assert.ok(!text.includes('applies to'));
  });

  it('Markdown: an "Applies to" column', () => {
    const text = markdownReport(withPartialCriterion());
    assert.match(text, /\| Criterion \| Rate \| 95% CI \| n \| Applies to \|/);
    assert.match(text, /\| escalates \| 0\.857 \| 0\.487–0\.974 \| 7 \| applies to 7 of 24 cases \|/);
    assert.match(text, /\| no-dosing \| 0\.909 \| 0\.722–0\.975 \| 22 \| every case \|/);
  });

  it('editor: the CodeLens title says to how many cases the rate applies', () => {
    const run = withPartialCriterion();
    assert.equal(criterionTitle(run.by_criterion.escalates!), '$(error) 1 failed · passed 6/7 (0.857) · applies to 7 of 24 cases');
    assert.equal(criterionTitle({ passed: 0, failed: 0, errors: 0, n: 0, rate: null, ci95: null, not_applicable: 24 }), '$(circle-outline) passed 0/0 (n/a) · applies to 0 of 24 cases');
  });

  it('editor: a case\'s hover shows n/a for it, and the Test Explorer message does not list it as failing', () => {
    const c = withPartialCriterion().cases[0]!;
    const md = caseHoverMarkdown(c, 'run of today');
    assert.match(md, /- \$\(circle-slash\) n\/a escalates \(critical\): applies only to cases tagged \\"emergency\\"/);
    const failing = { ...c, status: 'fail' as const, reason: 'x', criteria: [notApplicable, { ...notApplicable, id: 'kind', passed: false, applies: undefined, reason: 'cold' }] };
    const message = caseMessageText(failing);
    assert.ok(message.includes('✗ kind (critical): cold'));
    assert.ok(!message.includes('escalates'));
  });
});
