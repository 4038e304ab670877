// The graders' public surface: the runner needs gradeCase; the rest is exported for reuse (the editor can
// run a single check or classify a pasted output) and for tests.
export { appliesTo, gradeCase, gradeCaseNow, weightedScore } from './grade-case.js';
export type { CaseVerdict, GradeCaseInput } from './grade-case.js';
export { runCheck, CHECK_KINDS, countChars, countWords } from './checks.js';
export type { CheckContext, CheckKind, OutputCheckResult } from './checks.js';
export { classifyOutput, classifyUsesJudge } from './classify.js';
export type { Classification, ClassifyOptions, ClassifyRule, ClassifySpec } from './classify.js';
export { judgeCriteria } from './judge.js';
export type { CriterionToJudge, JudgeCriteriaRequest, JudgeCriteriaResult, JudgeVerdict } from './judge.js';
export { detectAntiPatterns } from './anti-patterns.js';
export type { AntiPatternScan } from './anti-patterns.js';
export type { JudgeUsage } from './judge-conversation.js';
export { MAX_REGEX_INPUT_CHARS } from './regex.js';
