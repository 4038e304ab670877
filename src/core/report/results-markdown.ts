// A run as Markdown that reads well as a PR comment or a CI job summary: the verdict line, the gates table,
// the pass rate with its interval, the breakdowns, the classification tables, latency and cost, and the
// failing cases folded in a <details> block. All text from the spec or the model goes through mdText /
// mdCode, so a model output cannot break a table, inject HTML or ping anyone.
import type { CaseResult, ClassificationResults, GateResult, JudgeAgreement, RateStat, RunResults } from '../../shared/results.js';
import { agreementHeadline, agreementMatrixRows, agreementSources } from './judge-agreement-text.js';
import {
  NA,
  expectedVsPredicted,
  caseCriteriaRows,
  formatApplicability,
  formatCostSummary,
  formatDuration,
  formatGateActual,
  formatGateInterval,
  formatGateTarget,
  formatInteger,
  formatInterval,
  formatLatencySummary,
  formatLocation,
  formatRate,
  formatRateWithCi,
  formatTarget,
  gateNote,
  isNumber,
  isUndecided,
  plural,
} from './results-format.js';
import { outputsOriginLine } from './outputs-origin.js';
import { toolCallsLine } from './tool-calls-text.js';
import { listLimit, markdownHeading, maxOutputChars, type Heading, type MarkdownOptions } from './render-options.js';
import { mdCode, mdTable, mdText } from './results-markdown-text.js';
import { verdictView } from './results-verdict.js';
import { MARKDOWN_MARK } from './verdict-style.js';

export interface MarkdownReportOptions extends MarkdownOptions {
  /** Failing cases listed in the <details> block before "… and K more". Default 50. */
  maxFailures?: number;
}

const { pass: PASS, fail: FAIL, warn: WARN } = MARKDOWN_MARK;
/** A gate the sample does not decide: a warning, not a failure. */
const UNDECIDED = '❔';

/** The Markdown report of a run, ending with a newline. */
export function markdownReport(results: RunResults, options: MarkdownReportOptions = {}): string {
  const h = markdownHeading(options);
  const cases = Array.isArray(results.cases) ? results.cases : [];
  const blocks = [
    ...titleBlock(results, cases, h),
    ...gatesBlock(results),
    passRateBlock(results),
    ...rateBlock(h(1, 'By tag'), 'Tag', results.by_tag),
    ...rateBlock(h(1, 'Criteria'), 'Criterion', results.by_criterion),
    ...rateBlock(h(1, 'Case criteria'), 'Criteria', caseCriteriaRows(results)),
    ...antiPatternBlock(results, h),
    ...(results.classification ? classificationBlock(results.classification, h) : []),
    ...(results.judge_agreement ? judgeVsHumanBlock(results.judge_agreement, h) : []),
    ...latencyCostBlock(results, h),
    ...flakyBlock(cases, h),
    ...failingBlock(cases, listLimit(options.maxFailures, 50), maxOutputChars(options)),
  ];
  return `${blocks.join('\n\n')}\n`;
}

function titleBlock(results: RunResults, cases: CaseResult[], h: Heading): string[] {
  const view = verdictView(results);
  const icon = view.style.markdownMark;
  const word = view.word;
  const title = mdText(results.spec?.title) || mdText(results.spec?.id) || 'untitled spec';
  const total = isNumber(results.summary?.total) ? results.summary.total : cases.length;
  const facts = [
    results.spec?.id ? mdCode(results.spec.id, { inTable: false }) : '',
    mdText(formatTarget(results.run?.target)),
    plural(total, 'case'),
    formatDuration(results.run?.duration_ms),
    `${formatInteger(cases.filter((c) => c.cached).length)} cached`,
  ].filter(Boolean);
  if (isNumber(results.run?.repeat) && results.run.repeat > 1) facts.push(`repeat ${results.run.repeat}`);
  if (results.run?.shard) facts.push(`shard ${formatInteger(results.run.shard.index)}/${formatInteger(results.run.shard.count)}`);
  if (results.run?.filter?.tags?.length) facts.push(`tags ${results.run.filter.tags.map((t) => mdText(t)).join(', ')}`);
  const origin = outputsOriginLine(results);
  return [h(0, `${icon} ${word}: ${title}`), facts.join(' · '), ...(origin ? [`**${mdText(origin)}**`] : [])];
}

function gatesBlock(results: RunResults): string[] {
  const gates: GateResult[] = Array.isArray(results.summary?.gates) ? results.summary.gates : [];
  const view = verdictView(results);
  const decidesNothing = view.verdict === 'incomplete' || view.verdict === 'partial';
  const reason = mdText(view.reason.charAt(0).toUpperCase() + view.reason.slice(1));
  const line = `**${decidesNothing ? `${WARN} ` : ''}${reason}.**${gates.length && decidesNothing ? ` The gates below ${view.verdict === 'partial' ? 'are on this subset' : 'are on the finished cases'} and decide nothing.` : ''}`;
  if (gates.length === 0) return [line];
  const rows = gates.map((g) => {
    const note = gateNote(g);
    const why = [g.passed ? '' : mdText(g.reason || `${formatGateActual(g)} does not meet ${formatGateTarget(g)}`), note ? `${UNDECIDED} ${mdText(note)}` : ''].filter(Boolean);
    return [
      !g.passed ? FAIL : note ? UNDECIDED : PASS,
      mdCode(g.name, { inTable: true }),
      mdText(formatGateTarget(g)),
      mdText(formatGateActual(g)),
      formatGateInterval(g),
      isNumber(g.n) ? formatInteger(g.n) : '',
      why.join('; '),
    ];
  });
  const table = mdTable(['', 'Gate', 'Target', 'Actual', '95% CI', 'n', 'Why it failed / not decided'], rows, ['center', 'left', 'right', 'right', 'right', 'right', 'left']);
  // The verdict line stays the verdict; the gates the sample leaves open are counted after the table.
  const undecided = gates.filter(isUndecided).length;
  if (undecided === 0 || decidesNothing) return [line, table];
  return [line, table, `${UNDECIDED} ${plural(undecided, 'gate')} not decided by this sample: the 95% interval straddles the target (a warning; the verdict stands).`];
}

function passRateBlock(results: RunResults): string {
  const s = results.summary;
  const passed = s?.passed ?? 0;
  const failed = s?.failed ?? 0;
  const errors = s?.errors ?? 0;
  const [rate, rest] = splitRate(formatRateWithCi(s?.pass_rate, s?.pass_rate_ci95, passed + failed));
  const counts = [`${formatInteger(passed)} passed`, `${formatInteger(failed)} failed`, errors > 0 ? `${WARN} ${plural(errors, 'error')} (not in the rate)` : '0 errors'];
  if (isNumber(s?.flaky) && s.flaky > 0) counts.push(`${WARN} ${formatInteger(s.flaky)} flaky`);
  return `**Pass rate ${rate}** ${rest} · ${counts.join(' · ')}`;
}

/** `0.917 (95% CI …)` → [`0.917`, `(95% CI …)`], so the rate alone is bold. */
function splitRate(text: string): [string, string] {
  const space = text.indexOf(' ');
  return space < 0 ? [text, ''] : [text.slice(0, space), text.slice(space + 1)];
}

function rateBlock(heading: string, what: string, stats: Record<string, RateStat> | undefined): string[] {
  const entries = Object.entries(stats ?? {});
  if (entries.length === 0) return [];
  const anyErrors = entries.some(([, s]) => (s?.errors ?? 0) > 0);
  // A criterion that applies to some cases says so beside its rate: its n counts those cases only.
  const anyPartial = entries.some(([, s]) => formatApplicability(s) !== null);
  const rows = entries.map(([name, s]) => [
    mdText(name),
    formatRate(s?.rate),
    formatInterval(s?.ci95),
    formatInteger(s?.n),
    ...(anyErrors ? [formatInteger(s?.errors ?? 0)] : []),
    ...(anyPartial ? [formatApplicability(s) ?? 'every case'] : []),
  ]);
  const header = [what, 'Rate', '95% CI', 'n', ...(anyErrors ? ['Errors'] : []), ...(anyPartial ? ['Applies to'] : [])];
  return [heading, mdTable(header, rows, ['left', 'right', 'right', 'right', ...(anyErrors ? ['right' as const] : []), 'left'])];
}

function antiPatternBlock(results: RunResults, h: Heading): string[] {
  const entries = Object.entries(results.anti_patterns ?? {});
  if (entries.length === 0) return [];
  const rows = entries.map(([id, ap]) => {
    const cases = Array.isArray(ap?.cases) ? ap.cases : [];
    const shown = cases.slice(0, 10).map((c) => mdText(c));
    if (cases.length > shown.length) shown.push(`… and ${formatInteger(cases.length - shown.length)} more`);
    return [(ap?.hits ?? 0) > 0 ? WARN : PASS, mdCode(id, { inTable: true }), mdText(ap?.name), formatInteger(ap?.hits ?? 0), shown.join(', ')];
  });
  return [h(1, 'Anti-patterns'), mdTable(['', 'Anti-pattern', 'Name', 'Hits', 'Cases'], rows, ['center', 'left', 'left', 'right', 'left'])];
}

function classificationBlock(cls: ClassificationResults, h: Heading): string[] {
  const labels = Array.isArray(cls.labels) ? cls.labels : [];
  if (labels.length === 0) return [];
  const unparsed = cls.unparsed ?? [];
  const showUnparsed = unparsed.some((v) => isNumber(v) && v > 0);
  const matrixRows = labels.map((label, r) => [
    `**${mdText(label)}**`,
    ...labels.map((_, c) => {
      const v = cls.matrix?.[r]?.[c];
      const text = isNumber(v) ? formatInteger(v) : NA;
      return r === c ? `**${text}**` : text;
    }),
    ...(showUnparsed ? [formatInteger(unparsed[r] ?? 0)] : []),
  ]);
  const matrixHeader = ['expected ↓ · predicted →', ...labels.map((l) => mdText(l)), ...(showUnparsed ? ['*unparsed*'] : [])];
  const classRows = labels.map((label) => {
    const m = cls.per_class?.[label];
    return [mdText(label), formatRate(m?.precision), formatInterval(m?.precision_ci95), formatRate(m?.recall), formatInterval(m?.recall_ci95), formatRate(m?.f1), formatInteger(m?.support ?? 0)];
  });
  const scores = [`Accuracy **${formatRate(cls.accuracy)}**`, `macro F1 **${formatRate(cls.macro_f1)}**`, `weighted F1 **${formatRate(cls.weighted_f1)}**`, `Cohen's kappa **${formatRate(cls.kappa)}**`];
  if (cls.scores) scores.push(`ROC AUC **${formatRate(cls.scores.roc_auc)}** (positive: ${mdText(cls.scores.positive_label)})`);
  return [
    h(1, 'Classification'),
    `Confusion matrix: rows are the expected label, columns the predicted one (n=${formatInteger(cls.n)}).`,
    mdTable(matrixHeader, matrixRows, ['left', ...labels.map(() => 'right' as const), 'right']),
    mdTable(['Label', 'Precision', '95% CI', 'Recall', '95% CI', 'F1', 'Support'], classRows, ['left', 'right', 'right', 'right', 'right', 'right', 'right']),
    scores.join(' · '),
  ];
}

/** Judge calibration: the headline, where the pairs came from, the 2×2 matrix, and each criterion's numbers. */
function judgeVsHumanBlock(agreement: JudgeAgreement, h: Heading): string[] {
  const blocks = [h(1, 'Judge vs human'), `${agreementHeadline(agreement.overall)}. ${mdText(agreementSources(agreement))}.`];
  if ((agreement.overall?.n ?? 0) === 0) return blocks;
  blocks.push(mdTable(['', 'Judge pass', 'Judge fail'], agreementMatrixRows(agreement.overall), ['left', 'right', 'right']));
  const perCriterion = Object.entries(agreement.per_criterion ?? {});
  if (perCriterion.length > 0) {
    const rows = perCriterion.map(([id, stat]) => [mdCode(id, { inTable: true }), formatRate(stat?.agreement), formatInterval(stat?.agreement_ci95), formatRate(stat?.kappa), formatInteger(stat?.n)]);
    blocks.push(mdTable(['Criterion', 'Agreement', '95% CI', 'Kappa', 'n'], rows, ['left', 'right', 'right', 'right', 'right']));
  }
  const disagreements = Array.isArray(agreement.disagreements) ? agreement.disagreements.length : 0;
  if (disagreements > 0) blocks.push(`${plural(disagreements, 'disagreement')} between the judge and a human: see the results panel or \`judge_agreement.disagreements\` in the results JSON.`);
  return blocks;
}

function latencyCostBlock(results: RunResults, h: Heading): string[] {
  const l = results.latency;
  const c = results.cost;
  const latency = formatLatencySummary(l);
  let cost = formatCostSummary(c);
  if (c && (c.input_tokens > 0 || c.output_tokens > 0)) cost += ` · ${formatInteger(c.input_tokens)} input / ${formatInteger(c.output_tokens)} output tokens`;
  // Dollar signs are escaped: GitHub renders text between two of them as math.
  return [h(1, 'Latency and cost'), `**Latency** ${latency}  \n**Cost** ${cost.replace(/\$/g, '\\$')}`];
}

function flakyBlock(cases: CaseResult[], h: Heading): string[] {
  const flaky = cases.filter((c) => c.flaky);
  if (flaky.length === 0) return [];
  const items = flaky.map((c) => {
    const attempts = Array.isArray(c.attempts) ? ` (${c.attempts.map((a) => a.status).join(', ')})` : '';
    return `- ${mdText(c.id)}${attempts}`;
  });
  return [h(1, `${WARN} Flaky cases (${formatInteger(flaky.length)})`), 'Passed on some attempts and failed on others:', items.join('\n')];
}

function failingBlock(cases: CaseResult[], maxFailures: number, maxOutputChars: number): string[] {
  const failing = cases.filter((c) => c.status === 'fail' || c.status === 'error');
  if (failing.length === 0) return [];
  const shown = failing.slice(0, maxFailures);
  const errors = failing.filter((c) => c.status === 'error').length;
  const rows = shown.map((c) => [
    c.status === 'error' ? WARN : FAIL,
    mdText(c.id),
    mdText(formatLocation(c.file, c.line)),
    mdText(expectedVsPredicted(c) ?? ''),
    mdText(c.reason, 300),
    [
      typeof c.output === 'string' ? mdCode(c.output, { inTable: true, maxChars: maxOutputChars }) : '',
      // The tool calls under the output, in the same cell: what the target did beside what it said.
      c.tool_calls && c.tool_calls.length > 0 ? mdCode(toolCallsLine(c.tool_calls), { inTable: true, maxChars: maxOutputChars }) : '',
    ]
      .filter(Boolean)
      .join('<br>'),
  ]);
  const summary = `Failing cases (${formatInteger(failing.length - errors)} failed, ${plural(errors, 'error')})`;
  const more = failing.length > shown.length ? [`… and ${formatInteger(failing.length - shown.length)} more`] : [];
  return [
    `<details><summary>${summary}</summary>`,
    mdTable(['', 'Case', 'Where', 'Expected / predicted', 'Reason', 'Output'], rows, ['center', 'left', 'left', 'left', 'left', 'left']),
    ...more,
    '</details>',
  ];
}
