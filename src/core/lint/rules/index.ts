// Every lint rule, in the order `--list-rules` and the docs show them: document structure first, then the
// rubric, gates, cases and labels, then target settings.
import type { LintRule } from '../types.js';
import { antiPatternWithoutDetector } from './anti-pattern-without-detector.js';
import { caseCriteriaWithoutJudge } from './case-criteria-without-judge.js';
import { caseWithoutExpectation } from './case-without-expectation.js';
import { compoundCriterion } from './compound-criterion.js';
import { criterionAppliesToUnknownTag } from './criterion-applies-to-unknown-tag.js';
import { criterionWithoutCheckOrJudge } from './criterion-without-check-or-judge.js';
import { gatePower } from './gate-power.js';
import { duplicateCaseId, duplicateCaseInput } from './duplicate-cases.js';
import { labelWithoutCases, rareLabel } from './label-coverage.js';
import { missingAntiPatterns } from './missing-anti-patterns.js';
import { missingCases } from './missing-cases.js';
import { missingCoverage } from './missing-coverage.js';
import { missingExamples } from './missing-examples.js';
import { missingGates } from './missing-gates.js';
import { missingGoal } from './missing-goal.js';
import { missingRubric } from './missing-rubric.js';
import { systemLooksLikePath } from './system-looks-like-path.js';
import { targetWithoutPricing } from './target-without-pricing.js';
import { undecidableGate } from './undecidable-gate.js';
import { vagueCriterion } from './vague-criterion.js';

export const lintRules: readonly LintRule[] = [
  missingGoal,
  missingRubric,
  vagueCriterion,
  compoundCriterion,
  criterionWithoutCheckOrJudge,
  criterionAppliesToUnknownTag,
  missingAntiPatterns,
  antiPatternWithoutDetector,
  missingExamples,
  missingGates,
  undecidableGate,
  gatePower,
  missingCases,
  missingCoverage,
  caseWithoutExpectation,
  caseCriteriaWithoutJudge,
  duplicateCaseId,
  duplicateCaseInput,
  rareLabel,
  labelWithoutCases,
  systemLooksLikePath,
  targetWithoutPricing,
];
