// Texts the running features show (CodeLens titles, hover Markdown, notifications, log lines), as pure
// functions of the results JSON: no vscode here, so plain mocha tests them. Numbers come from the same
// formatters as the CLI's reports, so the editor and the terminal print the same 0.922 (0.869–0.955).
import { formatApplicability, formatDuration, formatInteger, formatInterval, formatMs, formatRate, isSubsetRun, NA, oneLine, plural, verdictView } from '../../core/index.js';
import type { ComparisonResults } from '../../shared/comparison.js';
import type { CaseResult, CaseStatus, CriterionVerdict, RateStat, RunResults } from '../../shared/results.js';

export const STATUS_ICON: Record<CaseStatus, string> = { pass: '$(pass)', fail: '$(error)', error: '$(warning)' };
export const STATUS_WORD: Record<CaseStatus, string> = { pass: 'passed', fail: 'failed', error: 'error' };

/** "PASS 7/7 gates", "FAIL 5/7 gates", "INCOMPLETE", or "no gates" with the verdict. */
export function gateVerdict(results: RunResults): string {
  const gates = results.summary.gates ?? [];
  const passed = gates.filter((g) => g.passed).length;
  if (!results.run.complete) {
    return `INCOMPLETE ${formatInteger(results.summary.total)}/${formatInteger(results.summary.total + (results.run.unfinished?.length ?? 0))} cases`;
  }
  const view = verdictView(results);
  if (view.verdict === 'incomplete') return `INCOMPLETE ${formatInteger(results.summary.errors)} ${results.summary.errors === 1 ? 'error' : 'errors'}`;
  if (view.verdict === 'partial') return `PARTIAL ${passed}/${gates.length} gates`;
  if (view.verdict === 'ungated' || gates.length === 0) return 'no gates';
  return `${results.summary.verdict === 'pass' ? 'PASS' : 'FAIL'} ${passed}/${gates.length} gates`;
}

/** "pass rate 0.922 (0.869–0.955)", or "pass rate n/a" when nothing was graded. */
export function passRateText(results: RunResults): string {
  const { pass_rate: rate, pass_rate_ci95: ci } = results.summary;
  const interval = formatInterval(ci);
  return interval === NA ? `pass rate ${formatRate(rate)}` : `pass rate ${formatRate(rate)} (${interval})`;
}

/** The spec's headline: "pass rate 0.922 (0.869–0.955) · PASS 7/7 gates". */
export function summaryTitle(results: RunResults): string {
  return `${passRateText(results)} · ${gateVerdict(results)}`;
}

/** A run of some cases only: "last run: 3 cases · 2 passed · 1 failed". */
export function partialRunTitle(results: RunResults): string {
  const s = results.summary;
  const parts = [`last run: ${plural(s.total, 'case')}`, `${formatInteger(s.passed)} passed`];
  if (s.failed) parts.push(`${formatInteger(s.failed)} failed`);
  if (s.errors) parts.push(`${formatInteger(s.errors)} ${s.errors === 1 ? 'error' : 'errors'}`);
  if (!results.run.complete) parts.push('incomplete');
  return parts.join(' · ');
}

/** The last status of one case, after "▶ Run case": "$(pass) passed", "$(error) failed: predicted answer". */
export function caseStatusTitle(result: CaseResult): string {
  const head = `${STATUS_ICON[result.status]} ${STATUS_WORD[result.status]}`;
  if (result.status === 'pass') return result.cached ? `${head} (cached)` : head;
  return `${head}: ${truncate(oneLine(result.reason ?? ''), 80)}`;
}

/**
 * A criterion's pass rate: "$(pass) passed 154/154 (1.000)" or "$(error) 1 failed · passed 153/154 (0.994)";
 * for one that applies to some cases, "$(pass) passed 7/7 (1.000) · applies to 7 of 154 cases".
 */
export function criterionTitle(stat: RateStat): string {
  const errors = stat.errors ? ` · ${plural(stat.errors, 'error')}` : '';
  const applicability = formatApplicability(stat);
  const rate = `passed ${formatInteger(stat.passed)}/${formatInteger(stat.n)} (${formatRate(stat.rate)})${errors}${applicability ? ` · ${applicability}` : ''}`;
  if (stat.n === 0) return `$(circle-outline) ${rate}`;
  return stat.failed === 0 ? `$(pass) ${rate}` : `$(error) ${formatInteger(stat.failed)} failed · ${rate}`;
}

/**
 * One line for a notification, the status bar or the log: "health-assistant: pass rate 0.922 (0.869–0.955) ·
 * PASS 7/7 gates · 142 passed · 12 failed · 0 errors · 154 cases in 17 ms", or for a partial run
 * "health-assistant: last run: 1 case · 0 passed · 1 failed · in 5 ms".
 */
export function runSummaryLine(results: RunResults): string {
  return `${results.spec.id}: ${runSummaryText(results)}`;
}

/** runSummaryLine without the spec's id in front. */
function runSummaryText(results: RunResults): string {
  const s = results.summary;
  const took = formatDuration(results.run.duration_ms);
  if (isSubsetRun(results)) return `${partialRunTitle(results)} · in ${took}`;
  const detail = `${formatInteger(s.passed)} passed · ${formatInteger(s.failed)} failed · ${formatInteger(s.errors)} ${s.errors === 1 ? 'error' : 'errors'}`;
  return `${summaryTitle(results)} · ${detail} · ${plural(s.total, 'case')} in ${took}`;
}

/**
 * One target's line of a compared run: "gpt-4o: pass rate 0.874 (0.826–0.911) · FAIL 3/4 gates · 209 passed ·
 * 30 failed · 0 errors · 239 cases in 1.2 s".
 */
export function targetSummaryLine(target: string, results: RunResults): string {
  return `${target}: ${runSummaryText(results)}`;
}

/** The line of a run of several targets: "support-triage-model-choice: 3 targets · recommended gpt-4o-mini-fewshot". */
export function comparisonSummaryLine(comparison: ComparisonResults): string {
  const names = Object.keys(comparison.targets);
  const id = Object.values(comparison.targets)[0]?.spec.id ?? 'spec';
  const recommended = comparison.comparison.recommended;
  return `${id}: ${plural(names.length, 'target')} · ${recommended === null ? 'no target recommended' : `recommended ${recommended}`}`;
}

/** The lens on a spec's `targets:` key: "▶ Run eval on 3 targets". */
export function runTargetsTitle(count: number): string {
  return `$(play) Run eval on ${plural(count, 'target')}`;
}

/** A case's results on several targets, for the hover: "$(pass) gpt-4o passed · $(error) gpt-4o-mini failed". */
export function caseTargetsLine(results: ReadonlyArray<{ target: string; result: CaseResult }>): string {
  return results.map(({ target, result }) => `${STATUS_ICON[result.status]} ${escapeMarkdown(target)} ${STATUS_WORD[result.status]}`).join(' · ');
}

/** A case's last status on each target, after "▶ Run case": "$(pass) gpt-4o · $(error) gpt-4o-mini". */
export function caseTargetsTitle(results: ReadonlyArray<{ target: string; result: CaseResult }>): string {
  return results.map(({ target, result }) => `${STATUS_ICON[result.status]} ${target}`).join(' · ');
}

// ---- hover ----------------------------------------------------------------------------------------------

/**
 * Escapes text from a model, a spec or a results file for Markdown: every ASCII punctuation character that
 * Markdown or VS Code's `$(icon)` syntax could read is backslash-escaped, so model text can never become a
 * link, an image, HTML, a heading or an icon. Newlines become hard breaks.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()#+\-.!|<>~"'$&:=]/g, '\\$&')
    .replace(/\r\n?/g, '\n')
    .replace(/\n/g, '  \n');
}

/** A fenced block that no backtick run inside `text` can close early. */
export function fenced(text: string, language = 'text'): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${text.replace(/\r\n?/g, '\n')}\n${fence}`;
}

const HOVER_OUTPUT_LIMIT = 1500;
const HOVER_LIST_LIMIT = 12;

/**
 * The hover over a case after a run, as Markdown for a MarkdownString with isTrusted false. Only the fixed
 * words and icons here are Markdown; every value from the model, the spec or the results is escaped (or in
 * a fence), so nothing the model wrote can render as a link, an image, HTML or a command.
 */
export function caseHoverMarkdown(result: CaseResult, runLabel: string): string {
  const out: string[] = [];
  const facts = [formatMs(result.latency_ms)];
  if (result.cached) facts.push('cached');
  if (typeof result.score === 'number') facts.push(`score ${formatRate(result.score)}`);
  if (typeof result.cost_usd === 'number') facts.push(`$${result.cost_usd.toFixed(6)}`);
  if (result.flaky) facts.push('flaky');
  out.push(`${STATUS_ICON[result.status]} **${escapeMarkdown(result.id)} ${STATUS_WORD[result.status]}** · ${facts.map(escapeMarkdown).join(' · ')}`);
  if (result.expected !== undefined || result.predicted !== undefined) {
    const same = result.expected !== undefined && result.predicted === result.expected;
    out.push(
      `**Expected** ${labelText(result.expected)} · **Predicted** ${labelText(result.predicted)} ${same ? '$(check)' : result.expected === undefined ? '' : '$(close)'}`.trim(),
    );
  }
  if (result.reason) out.push(`**Why:** ${escapeMarkdown(oneLine(result.reason))}`);
  if (result.output !== null && result.output !== undefined) {
    const text = result.output.length > HOVER_OUTPUT_LIMIT ? `${result.output.slice(0, HOVER_OUTPUT_LIMIT)}…` : result.output;
    out.push(`**Output**\n\n${fenced(text)}`);
  } else {
    out.push('**Output:** none');
  }
  const verdicts: string[] = [];
  for (const c of result.checks ?? []) verdicts.push(`${c.passed ? '$(check)' : '$(close)'} check ${escapeMarkdown(c.kind)}: ${escapeMarkdown(oneLine(c.reason))}`);
  for (const c of result.criteria ?? []) {
    const tag = c.critical ? ' (critical)' : '';
    const mark = c.error ? '$(warning)' : c.applies === false ? '$(circle-slash) n/a' : c.passed ? '$(check)' : '$(close)';
    const own = ownCriterionText(c);
    const text = own !== undefined ? ` ${escapeMarkdown(`"${truncate(oneLine(own), 120)}"`)}` : '';
    verdicts.push(`${mark} ${escapeMarkdown(c.id)}${text}${tag}: ${escapeMarkdown(oneLine(c.reason))}`);
  }
  for (const a of result.anti_patterns ?? []) verdicts.push(`$(close) anti-pattern ${escapeMarkdown(a.name)}: matched ${escapeMarkdown(`"${truncate(oneLine(a.matched), 120)}"`)}`);
  if (result.classify_reason) verdicts.push(`$(symbol-enum) classified: ${escapeMarkdown(oneLine(result.classify_reason))}`);
  if (verdicts.length) {
    const shown = verdicts.slice(0, HOVER_LIST_LIMIT);
    if (verdicts.length > shown.length) shown.push(`… and ${verdicts.length - shown.length} more`);
    out.push(`**Graders**\n\n${shown.map((v) => `- ${v}`).join('\n')}`);
  }
  out.push(`*${escapeMarkdown(runLabel)}*`);
  return out.join('\n\n');
}

/** The text of a case's own criterion (no rubric holds it, so the verdict carries it); undefined for the rubric's. */
function ownCriterionText(verdict: CriterionVerdict): string | undefined {
  return verdict.source === 'case' ? verdict.criterion : undefined;
}

function labelText(label: string | null | undefined): string {
  if (label === undefined) return '—';
  if (label === null) return '*no label*';
  return `\`${label.replace(/`/g, "'")}\``;
}

// ---- test explorer ------------------------------------------------------------------------------------------

/** The plain-text message of a failed or errored case in the Test Explorer. */
export function caseMessageText(result: CaseResult): string {
  const lines = [result.reason || STATUS_WORD[result.status]];
  if (result.output !== null && result.output !== undefined) lines.push('', 'Output:', result.output);
  const failing = [
    ...(result.checks ?? []).filter((c) => !c.passed).map((c) => `✗ check ${c.kind}: ${c.reason}`),
    ...(result.criteria ?? []).filter((c) => c.passed === false).map((c) => `✗ ${c.id}${ownCriterionText(c) !== undefined ? ` "${ownCriterionText(c)}"` : ''}${c.critical ? ' (critical)' : ''}: ${c.reason}`),
    ...(result.anti_patterns ?? []).map((a) => `✗ anti-pattern ${a.name}: matched "${a.matched}"`),
  ];
  if (failing.length) lines.push('', ...failing);
  return lines.join('\n');
}

/** Whether a case failed on its label, so the Test Explorer can show expected vs predicted as a diff. */
export function labelMismatch(result: CaseResult): { expected: string; actual: string } | undefined {
  if (result.expected === undefined || result.predicted === result.expected) return undefined;
  return { expected: result.expected, actual: result.predicted ?? '(no label matched)' };
}

// ---- small helpers --------------------------------------------------------------------------------------------

/** The reports' own plural ("1 case", "3 cases"), offered here with the other texts of the running features. */
export { plural };

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
