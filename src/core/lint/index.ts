// Spec lint: a spec's quality, not only its syntax. See rules/ for one file per rule.
export { lintSpec, prepareLint, findLintRule, LINT_CONFIG, type PreparedLint } from './lint.js';
export { lintRules } from './rules/index.js';
export { RULE_SEVERITIES, type LintContext, type LintFinding, type LintOptions, type LintRule, type RuleSeverity, type SeverityOverrides, type CaseStats } from './types.js';
export { lastRunRates, type LastRunRates, type ObservedRate } from './last-run-rates.js';
export { rateGatePowers, type RateGatePower } from './gate-powers.js';
export { gatePowerLensTitle, gatePowerMessage } from './gate-power-text.js';
