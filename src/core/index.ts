// The core's public surface: everything the hosts (src/node, src/cli, src/extension) and the results
// panel (src/webview) use of the engine, in one place. Modules inside the core import each other directly;
// nothing outside the core reaches past this file (lint enforces it). Generated from what the hosts import,
// then kept by hand: add an export here when a host needs more of the core.

export { completionsAt, type CompletionCandidate, type CompletionKind } from './authoring/completion.js';
export { extraFixes } from './authoring/fixes.js';
export { foldingRanges } from './authoring/folding.js';
export { hoverAt } from './authoring/hover.js';
export { outlineOf, type OutlineKind, type OutlineNode } from './authoring/outline.js';
export { regionAt, scanLayout } from './authoring/regions.js';
export { ruleDocsMarkdown } from './authoring/rule-docs.js';
export { readSnippets, type SpecSnippet } from './authoring/snippets.js';
export { checkSpec, type SpecCheckResult } from './check.js';
export { diffRuns } from './diff/diff-runs.js';
export { specUsesJudge, type ClassifySpec } from './eval/graders/classify.js';
export { MergeError, mergeRuns } from './eval/merge.js';
export { ReplayTarget } from './eval/replay-target.js';
export { runEval, type ProgressEvent } from './eval/runner.js';
export { isSubsetRun, parseShard, selectionProblems, type CaseSelection } from './eval/select-cases.js';
export { classificationFor } from './eval/summarize.js';
export { createChatModel, createTarget, TargetConfigError } from './eval/targets/index.js';
export { firstSecretSource } from './eval/targets/secrets.js';
export { CaseError, type Target, type TargetOutput } from './eval/types.js';
export { type HttpClient, type HttpRequest, type HttpResponse, type OutputCache, type ProcessResult, type ProcessRunner, type SecretSource, type Sha256Base64, type SpecHost } from './host.js';
export { findLintRule, gatePowerLensTitle, gatePowerMessage, lastRunRates, LINT_CONFIG, lintRules, rateGatePowers, RULE_SEVERITIES, type LastRunRates, type RateGatePower, type SeverityOverrides } from './lint/index.js';
export { passRate, percentiles, precisionRecallAt, precisionRecallCurve, rocAuc, wilsonInterval } from './metrics/index.js';
export { formatGithub, formatText, locateDiagnostics, type LocatedDiagnostic } from './report/diagnostic-formats.js';
export { jsonForLog, terminalLine, terminalText, withoutWorkflowCommands } from './report/results-terminal-text.js';
export { escapeHtml, htmlPageStart } from './report/html-page.js';
export { outputsOriginLine } from './report/outputs-origin.js';
export { consoleSummary } from './report/results-console.js';
export { formatApplicability, formatDuration, formatGateActual, formatGateInterval, formatGateTarget, formatGateValue, formatInteger, formatInterval, formatLocation, formatMs, formatMsDelta, formatPoints, formatPValue, formatRate, formatRateDelta, formatRateWithCi, formatTarget, formatUsd, formatUsdDelta, gateNote, isNumber, isUndecided, NA, plural } from './report/results-format.js';
export { githubAnnotations } from './report/results-github.js';
export { historyOf, resultsHtml } from './report/results-html.js';
export { junitReport } from './report/results-junit.js';
export { markdownReport } from './report/results-markdown.js';
export { verdictView } from './report/results-verdict.js';
export { diffMarkdown } from './report/run-diff-markdown.js';
export { diffText } from './report/run-diff-text.js';
export { verdictStyle } from './report/verdict-style.js';
export { specConfig } from './spec/config.js';
export { didYouMean } from './spec/did-you-mean.js';
export { textOfFile } from './spec/file-text.js';
export { LineIndex } from './spec/line-index.js';
export { loadSpec } from './spec/load.js';
export { jsonDepthExceeded, megabytes } from './spec/parse-limits.js';
export { type Diagnostic, type QuickFix, type Severity, type SourceRange } from './spec/types.js';
export { oneLine } from './util/one-line.js';
