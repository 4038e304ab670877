// The console summary of a run, for the person who just ran `aispec eval`: what was run, the verdict and
// each gate first, then the pass rate with its interval, the breakdowns (tags, criteria, anti-patterns),
// the classification report, latency and cost, flaky cases and the failing cases. Every string that came
// from the spec or the model is sanitized for the terminal; colour only when asked for.
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
import { listLimit, terminalLayout, type TerminalLayout, type TerminalOptions } from './render-options.js';
import { verdictView } from './results-verdict.js';
import { displayWidth, sanitizedLine, truncateToWidth } from './results-terminal-text.js';
import { textTable } from './results-text-table.js';
import { consoleCasesOf, DEFAULT_MAX_FAILURES, type ConsoleCases } from './console-cases.js';

export interface ConsoleSummaryOptions extends TerminalOptions {
  /** Failing cases listed before "… and K more". Default 10. */
  maxFailures?: number;
  /** What to show of the cases, gathered as they ran (console-cases.ts), when `results.cases` does not hold them. */
  cases?: ConsoleCases;
}
const INDENT = '  ';

type Ctx = TerminalLayout;

/** The console summary of a run, lines joined with "\n" and ending with one. */
export function consoleSummary(results: RunResults, options: ConsoleSummaryOptions): string {
  const ctx = terminalLayout(options);
  const maxFailures = listLimit(options.maxFailures, DEFAULT_MAX_FAILURES);
  const cases = options.cases ?? consoleCasesOf(Array.isArray(results.cases) ? results.cases : [], maxFailures);
  const sections = [
    header(results, cases, ctx),
    verdict(results, ctx),
    passRateSection(results, ctx),
    rateTable('By tag', 'tag', results.by_tag, gateVerdicts(results, 'per_tag.'), ctx),
    rateTable('Criteria', 'criterion', results.by_criterion, gateVerdicts(results, 'per_criterion.'), ctx),
    rateTable('Case criteria', 'criteria', caseCriteriaRows(results), new Map(), ctx),
    antiPatterns(results, ctx),
    results.classification ? confusionMatrix(results.classification, ctx) : [],
    results.classification ? perClass(results.classification, ctx) : [],
    results.judge_agreement ? judgeVsHuman(results.judge_agreement, ctx) : [],
    latencyAndCost(results, ctx),
    flaky(cases.flaky, ctx),
    failingCases(cases, maxFailures, ctx),
  ].filter((lines) => lines.length > 0);
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

function header(results: RunResults, cases: ConsoleCases, ctx: Ctx): string[] {
  const spec = results.spec ?? { id: '', title: '', file: '' };
  const run = results.run;
  const title = sanitizedLine(spec.title) || sanitizedLine(spec.id) || 'untitled spec';
  const total = isNumber(results.summary?.total) ? results.summary.total : Array.isArray(results.cases) ? results.cases.length : 0;
  const facts = [
    `spec ${sanitizedLine(spec.id) || NA}`,
    `target ${sanitizedLine(formatTarget(run?.target))}`,
    plural(total, 'case'),
    formatDuration(run?.duration_ms),
    `${formatInteger(cases.cached)} cached`,
  ];
  if (isNumber(run?.repeat) && run.repeat > 1) facts.push(`repeat ${run.repeat}`);
  if (run?.shard) facts.push(`shard ${formatInteger(run.shard.index)}/${formatInteger(run.shard.count)}`);
  if (run?.filter?.tags?.length) facts.push(`tags ${run.filter.tags.map(sanitizedLine).join(', ')}`);
  if (run?.filter?.case_ids?.length) facts.push(plural(run.filter.case_ids.length, 'selected case'));
  // Not dimmed: old outputs must not pass for a fresh run at a glance.
  const origin = outputsOriginLine(results);
  return [
    `${ctx.paint('bold', 'aispec')}  ${truncateToWidth(title, ctx.width - 8)}`,
    ...wrap(facts, ' · ', ctx.width).map((line) => ctx.paint('dim', line)),
    ...(origin ? [truncateToWidth(sanitizedLine(origin), ctx.width)] : []),
  ];
}

/** Joins parts with the separator, starting a new line rather than going past the width. */
function wrap(parts: string[], separator: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const part of parts.map((p) => truncateToWidth(p, width))) {
    if (line && displayWidth(line + separator + part) > width) {
      lines.push(line);
      line = part;
    } else line = line ? line + separator + part : part;
  }
  if (line) lines.push(line);
  return lines;
}

function verdict(results: RunResults, ctx: Ctx): string[] {
  const { paint } = ctx;
  const gates: GateResult[] = Array.isArray(results.summary?.gates) ? results.summary.gates : [];
  const view = verdictView(results);
  const decidesNothing = view.verdict === 'incomplete' || view.verdict === 'partial';
  const head = `${paint(view.style.tone, paint('bold', view.word))}  ${sanitizedLine(view.reason)}${gates.length && decidesNothing ? `; the gates below ${view.verdict === 'partial' ? 'are on this subset' : 'are on the finished cases'} and decide nothing` : ''}`;
  if (gates.length === 0) return [head];
  const rows = gates.map((g) => [
    !g.passed ? paint('red', '✗') : isUndecided(g) ? paint('yellow', '?') : paint('green', '✓'),
    sanitizedLine(g.name),
    formatGateTarget(g),
    formatGateActual(g),
    formatGateInterval(g),
    isNumber(g.n) ? `n=${formatInteger(g.n)}` : '',
  ]);
  const lines = textTable(['', 'gate', 'target', 'actual', '95% CI', ''], rows, { indent: INDENT, align: ['left', 'left', 'left', 'left', 'left', 'left'], header: (c) => paint('dim', c) });
  const out = [head, lines[0]!];
  gates.forEach((g, i) => {
    out.push(lines[i + 1]!);
    if (!g.passed) {
      const reason = sanitizedLine(g.reason) || `${formatGateActual(g)} does not meet ${formatGateTarget(g)}`;
      out.push(paint('red', `${INDENT}    ${truncateToWidth(reason, ctx.width - 6)}`));
    }
    const note = gateNote(g);
    if (note) out.push(paint('yellow', `${INDENT}    ${truncateToWidth(`? ${sanitizedLine(note)}`, ctx.width - 6)}`));
  });
  // The verdict line stays the verdict; the gates the sample leaves open are counted after the table. An
  // incomplete run's gates decide nothing anyway.
  const undecided = gates.filter(isUndecided).length;
  if (undecided > 0 && !decidesNothing) {
    out.push(paint('yellow', `${INDENT}? ${plural(undecided, 'gate')} not decided by this sample: the 95% interval straddles the target (a warning; the verdict stands)`));
  }
  return out;
}

function passRateSection(results: RunResults, ctx: Ctx): string[] {
  const { paint } = ctx;
  const s = results.summary;
  const passed = s?.passed ?? 0;
  const failed = s?.failed ?? 0;
  const errors = s?.errors ?? 0;
  const counts = [
    paint('green', `${formatInteger(passed)} passed`),
    failed > 0 ? paint('red', `${formatInteger(failed)} failed`) : `${formatInteger(failed)} failed`,
    errors > 0 ? paint('yellow', `${plural(errors, 'error')} (not in the rate)`) : '0 errors',
  ];
  if (isNumber(s?.flaky) && s.flaky > 0) counts.push(paint('yellow', `${formatInteger(s.flaky)} flaky`));
  return [`${paint('bold', 'Pass rate')}  ${formatRateWithCi(s?.pass_rate, s?.pass_rate_ci95, passed + failed)}`, `${INDENT}${counts.join(' · ')}`];
}

/** Gate verdicts by the key after `prefix` (`per_tag.adversarial` → adversarial). */
function gateVerdicts(results: RunResults, prefix: string): Map<string, boolean> {
  const gates = Array.isArray(results.summary?.gates) ? results.summary.gates : [];
  return new Map(gates.filter((g) => typeof g.name === 'string' && g.name.startsWith(prefix)).map((g) => [g.name.slice(prefix.length), g.passed]));
}

/** A table of rates; a rate is green or red only when a gate judges it. */
function rateTable(title: string, what: string, stats: Record<string, RateStat> | undefined, gated: Map<string, boolean>, ctx: Ctx): string[] {
  const entries = Object.entries(stats ?? {});
  if (entries.length === 0) return [];
  const anyErrors = entries.some(([, s]) => (s?.errors ?? 0) > 0);
  // A criterion that applies to some cases says so beside its rate: its n counts those cases only.
  const anyPartial = entries.some(([, s]) => formatApplicability(s) !== null);
  const header = [what, 'rate', '95% CI', 'n', ...(anyErrors ? ['errors'] : []), ...(anyPartial ? [''] : [])];
  const rows = entries.map(([name, s]) => {
    const gate = gated.get(name);
    const rate = gate === undefined ? formatRate(s?.rate) : ctx.paint(gate ? 'green' : 'red', formatRate(s?.rate));
    const row = [truncateToWidth(sanitizedLine(name), 40), rate, formatInterval(s?.ci95), formatInteger(s?.n)];
    if (anyErrors) row.push(s?.errors ? ctx.paint('yellow', formatInteger(s.errors)) : '0');
    if (anyPartial) {
      const applicability = formatApplicability(s);
      row.push(applicability ? ctx.paint('dim', `(${applicability})`) : '');
    }
    return row;
  });
  return [ctx.paint('bold', title), ...textTable(header, rows, { indent: INDENT, header: (c) => ctx.paint('dim', c) })];
}

function antiPatterns(results: RunResults, ctx: Ctx): string[] {
  const entries = Object.entries(results.anti_patterns ?? {});
  if (entries.length === 0) return [];
  const rows = entries.map(([id, ap]) => {
    const hits = isNumber(ap?.hits) ? ap.hits : 0;
    const cases = Array.isArray(ap?.cases) ? ap.cases.map(sanitizedLine) : [];
    return [
      hits > 0 ? ctx.paint('yellow', '⚠') : ctx.paint('green', '✓'),
      truncateToWidth(sanitizedLine(id), 30),
      truncateToWidth(sanitizedLine(ap?.name), 40),
      plural(hits, 'hit'),
      cases.length ? truncateToWidth(cases.join(', '), Math.max(20, ctx.width - 90)) : '',
    ];
  });
  return [ctx.paint('bold', 'Anti-patterns'), ...textTable(['', 'id', 'name', 'hits', 'cases'], rows, { indent: INDENT, align: ['left', 'left', 'left', 'right', 'left'], header: (c) => ctx.paint('dim', c) })];
}

function confusionMatrix(cls: ClassificationResults, ctx: Ctx): string[] {
  const labels = (cls.labels ?? []).map(sanitizedLine);
  if (labels.length === 0) return [];
  const matrix = cls.matrix ?? [];
  const unparsed = cls.unparsed ?? [];
  const showUnparsed = unparsed.some((v) => isNumber(v) && v > 0);
  const corner = 'expected \\ predicted';
  const cell = (value: unknown, diagonal: boolean) => {
    const text = isNumber(value) ? formatInteger(value) : NA;
    if (!isNumber(value) || value === 0) return text;
    return diagonal ? ctx.paint('green', text) : ctx.paint('red', text);
  };
  const build = (columnNames: string[], rowNames: string[]) => {
    const header = [corner, ...columnNames, ...(showUnparsed ? ['unparsed'] : [])];
    const rows = labels.map((_, r) => [
      rowNames[r]!,
      ...labels.map((_, c) => cell(matrix[r]?.[c], r === c)),
      ...(showUnparsed ? [isNumber(unparsed[r]) && unparsed[r]! > 0 ? ctx.paint('yellow', formatInteger(unparsed[r])) : formatInteger(unparsed[r] ?? 0)] : []),
    ]);
    return textTable(header, rows, { indent: INDENT, header: (c) => ctx.paint('dim', c) });
  };
  const title = ctx.paint('bold', `Confusion matrix`) + ctx.paint('dim', ` (rows expected, columns predicted; n=${formatInteger(cls.n)})`);
  let table = build(labels, labels);
  // Too wide for the terminal with the labels as column headers: number the labels and give a legend.
  if (Math.max(...table.map(displayWidth)) > ctx.width) {
    const short = labels.map((label) => truncateToWidth(label, 24));
    table = build(
      labels.map((_, i) => `[${i + 1}]`),
      short.map((label, i) => `[${i + 1}] ${label}`),
    );
  }
  return [title, ...table];
}

function perClass(cls: ClassificationResults, ctx: Ctx): string[] {
  const labels = cls.labels ?? [];
  if (labels.length === 0) return [];
  const rows = labels.map((label) => {
    const m = cls.per_class?.[label];
    return [
      truncateToWidth(sanitizedLine(label), 30),
      formatRate(m?.precision),
      formatInterval(m?.precision_ci95),
      formatRate(m?.recall),
      formatInterval(m?.recall_ci95),
      formatRate(m?.f1),
      formatInteger(m?.support ?? 0),
    ];
  });
  const scores = [`accuracy ${formatRate(cls.accuracy)}`, `macro F1 ${formatRate(cls.macro_f1)}`, `weighted F1 ${formatRate(cls.weighted_f1)}`, `kappa ${formatRate(cls.kappa)}`];
  if (cls.scores) scores.push(`ROC AUC ${formatRate(cls.scores.roc_auc)} (positive: ${sanitizedLine(cls.scores.positive_label)})`);
  return [
    ctx.paint('bold', 'Per class'),
    ...textTable(['label', 'precision', '95% CI', 'recall', '95% CI', 'F1', 'support'], rows, { indent: INDENT, header: (c) => ctx.paint('dim', c) }),
    `${INDENT}${scores.join(' · ')}`,
  ];
}

/** Judge calibration: the headline, where the pairs came from, the 2×2 matrix, and each criterion's numbers. */
function judgeVsHuman(agreement: JudgeAgreement, ctx: Ctx): string[] {
  const lines = [
    `${ctx.paint('bold', 'Judge vs human')}  ${agreementHeadline(agreement.overall)}`,
    `${INDENT}${ctx.paint('dim', agreementSources(agreement))}`,
  ];
  if ((agreement.overall?.n ?? 0) === 0) return lines;
  lines.push(...textTable(['', 'judge pass', 'judge fail'], agreementMatrixRows(agreement.overall), { indent: INDENT, header: (c) => ctx.paint('dim', c) }));
  const perCriterion = Object.entries(agreement.per_criterion ?? {});
  if (perCriterion.length > 0) {
    const rows = perCriterion.map(([id, stat]) => [truncateToWidth(sanitizedLine(id), 40), formatRate(stat?.agreement), formatInterval(stat?.agreement_ci95), formatRate(stat?.kappa), formatInteger(stat?.n)]);
    lines.push(...textTable(['criterion', 'agreement', '95% CI', 'kappa', 'n'], rows, { indent: INDENT, header: (c) => ctx.paint('dim', c) }));
  }
  const disagreements = Array.isArray(agreement.disagreements) ? agreement.disagreements.length : 0;
  if (disagreements > 0) lines.push(`${INDENT}${ctx.paint('yellow', `${plural(disagreements, 'disagreement')}`)} ${ctx.paint('dim', '(listed in the results panel and the results JSON)')}`);
  return lines;
}

function latencyAndCost(results: RunResults, ctx: Ctx): string[] {
  const l = results.latency;
  const c = results.cost;
  const latency = formatLatencySummary(l);
  let cost = formatCostSummary(c);
  if (c && (c.input_tokens > 0 || c.output_tokens > 0)) cost += ctx.paint('dim', ` · tokens ${formatInteger(c.input_tokens)} in, ${formatInteger(c.output_tokens)} out`);
  // The judge's tokens apart: grading is a cost of evaluating, not of the product.
  if (c?.judge_tokens) cost += ctx.paint('dim', ` · judge ${formatInteger(c.judge_tokens.calls)} calls, ${formatInteger(c.judge_tokens.input_tokens)} in, ${formatInteger(c.judge_tokens.output_tokens)} out`);
  return [`${ctx.paint('bold', 'Latency')}  ${latency}`, `${ctx.paint('bold', 'Cost')}     ${cost}`];
}

function flaky(flakyCases: CaseResult[], ctx: Ctx): string[] {
  if (flakyCases.length === 0) return [];
  const lines = flakyCases.map((c) => {
    const attempts = Array.isArray(c.attempts) ? c.attempts.map((a) => a.status).join(', ') : '';
    return `${INDENT}${ctx.paint('yellow', '~')} ${truncateToWidth(`${sanitizedLine(c.id)}${attempts ? `  (${attempts})` : ''}`, ctx.width - 4)}`;
  });
  return [ctx.paint('yellow', ctx.paint('bold', `Flaky cases (${formatInteger(flakyCases.length)})`)) + ctx.paint('dim', ' passed on some attempts and failed on others'), ...lines];
}

function failingCases(cases: ConsoleCases, maxFailures: number, ctx: Ctx): string[] {
  const failing = cases.failing;
  if (failing === 0) return [];
  const { paint } = ctx;
  const shown = cases.firstFailing.slice(0, maxFailures);
  const title = shown.length < failing ? `Failing cases (${formatInteger(shown.length)} of ${formatInteger(failing)})` : `Failing cases (${formatInteger(failing)})`;
  const out = [paint('bold', title)];
  const detailWidth = ctx.width - 6;
  for (const c of shown) {
    const isError = c.status === 'error';
    const mark = isError ? paint('yellow', '!') : paint('red', '✗');
    const facts = [sanitizedLine(c.id), sanitizedLine(formatLocation(c.file, c.line)), isError ? 'error' : '', sanitizedLine(expectedVsPredicted(c) ?? '')].filter(Boolean);
    out.push(`${INDENT}${mark} ${truncateToWidth(facts.join('  '), ctx.width - 4)}`);
    const reason = sanitizedLine(c.reason);
    if (reason) out.push(`${INDENT}    ${isError ? paint('yellow', truncateToWidth(reason, detailWidth)) : truncateToWidth(reason, detailWidth)}`);
    if (typeof c.output === 'string') {
      const output = sanitizedLine(c.output);
      out.push(paint('dim', `${INDENT}    output: ${output ? truncateToWidth(output, detailWidth - 8) : '(empty)'}`));
    }
    if (c.tool_calls && c.tool_calls.length > 0) {
      out.push(paint('dim', `${INDENT}    tools:  ${truncateToWidth(sanitizedLine(toolCallsLine(c.tool_calls)), detailWidth - 8)}`));
    }
  }
  if (failing > shown.length) out.push(`${INDENT}… and ${formatInteger(failing - shown.length)} more`);
  return out;
}
