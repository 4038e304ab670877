// A run diff for the console (`aispec diff BASE.json HEAD.json`): the verdict sentence first, then the
// headline numbers side by side, the paired-case counts behind the test, gate and per-class changes, and
// the flipped cases. Case text is sanitized for the terminal; colour only when asked for.
import {
  NA,
  formatCountDelta,
  formatGateActual,
  formatGateTarget,
  formatInteger,
  formatLocation,
  formatMs,
  formatMsDelta,
  formatPoints,
  formatRate,
  formatRateDelta,
  formatRateWithCi,
  formatTarget,
  formatUsd,
  formatUsdDelta,
  plural,
} from './results-format.js';
import { listLimit, terminalLayout, type TerminalOptions } from './render-options.js';
import { type Painter, sanitizedLine, truncateToWidth } from './results-terminal-text.js';
import { textTable } from './results-text-table.js';
import { verdictStyle } from './verdict-style.js';
import { qualitySentences, qualityWord } from './quality-verdict-text.js';
import type { CaseChange, RunDiff } from '../../shared/run-diff.js';
import { NOISE_ALPHA, pStatement } from '../diff/diff-verdict.js';

export interface DiffTextOptions extends TerminalOptions {
  /** Cases listed per group (newly failing, newly passing) before "… and K more". Default 10. */
  maxCases?: number;
}

const INDENT = '  ';

export function diffText(diff: RunDiff, options: DiffTextOptions): string {
  const { paint, width } = terminalLayout(options);
  const maxCases = listLimit(options.maxCases, 10);
  const sections = [
    header(diff, paint, width),
    headline(diff, paint),
    paired(diff, paint, width),
    gates(diff, paint),
    perClass(diff, paint),
    cases('Newly failing', diff.newlyFailing, maxCases, paint, width),
    cases('Newly passing', diff.newlyPassing, maxCases, paint, width),
    cases('Failed ↔ errored', diff.otherChanges, maxCases, paint, width),
    quality(diff, paint),
  ].filter((lines) => lines.length > 0);
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

function header(diff: RunDiff, paint: Painter, width: number): string[] {
  const title = sanitizedLine(diff.head.specTitle) || sanitizedLine(diff.head.specId) || 'aispec';
  const { delta } = diff.passRate;
  const tone = delta === null || Math.abs(delta) < 0.0005 ? undefined : delta < 0 ? 'red' : 'green';
  const significant = diff.mcnemar.discordant > 0 && diff.mcnemar.pValue < NOISE_ALPHA;
  let verdict = sanitizedLine(diff.verdict);
  verdict = tone ? paint(tone, verdict) : verdict;
  if (significant) verdict = paint('bold', verdict);
  const run = (r: RunDiff['base']) => sanitizedLine(`${r.runId || 'run'} (${formatTarget(r.target)}${r.startedAt ? `, ${r.startedAt.slice(0, 10)}` : ''})`);
  const lines = [`${paint('bold', 'aispec diff')}  ${truncateToWidth(title, width - 13)}`, paint('dim', truncateToWidth(`base ${run(diff.base)} → head ${run(diff.head)}`, width))];
  if (!diff.sameSpec) lines.push(paint('yellow', truncateToWidth(`⚠ different specs: ${sanitizedLine(diff.base.specId)} and ${sanitizedLine(diff.head.specId)}; cases are paired by id all the same`, width)));
  lines.push('', verdict);
  return lines;
}

function headline(diff: RunDiff, paint: Painter): string[] {
  const { base, head, delta } = diff.passRate;
  const signed = (text: string, value: number | null, goodWhenUp: boolean) => {
    // Only a change that shows as non-zero gets a colour.
    if (value === null || !/[1-9]/.test(text)) return text;
    return paint(value > 0 === goodWhenUp ? 'green' : 'red', text);
  };
  const verdict = (v: RunDiff['base']['verdict']) => {
    const style = verdictStyle(v);
    return style ? paint(style.tone, style.word) : NA;
  };
  const rows = [
    ['pass rate', formatRateWithCi(base.rate, base.ci95, base.n), formatRateWithCi(head.rate, head.ci95, head.n), signed(formatPoints(delta), delta, true)],
    ['errors', formatInteger(base.errors), formatInteger(head.errors), signed(formatCountDelta(head.errors - base.errors), head.errors - base.errors, false)],
    ['latency p95', formatMs(diff.latencyP95.base), formatMs(diff.latencyP95.head), signed(formatMsDelta(diff.latencyP95.delta), diff.latencyP95.delta, false)],
    ['cost per case', formatUsd(diff.costPerCase.base), formatUsd(diff.costPerCase.head), signed(formatUsdDelta(diff.costPerCase.delta), diff.costPerCase.delta, false)],
    ['verdict', verdict(diff.base.verdict), verdict(diff.head.verdict), ''],
  ];
  return textTable(['', 'base', 'head', 'change'], rows, { indent: INDENT, header: (c) => paint('dim', c) });
}

function paired(diff: RunDiff, paint: Painter, width: number): string[] {
  const m = diff.mcnemar;
  const e = diff.errors;
  const counts = [`${plural(diff.cases.paired, 'case')} in both runs`, paint(diff.newlyFailing.length ? 'red' : 'dim', `${formatInteger(diff.newlyFailing.length)} newly failing`), paint(diff.newlyPassing.length ? 'green' : 'dim', `${formatInteger(diff.newlyPassing.length)} newly passing`)];
  if (diff.cases.added.length) counts.push(`${formatInteger(diff.cases.added.length)} added`);
  if (diff.cases.removed.length) counts.push(`${formatInteger(diff.cases.removed.length)} removed`);
  const lines = [
    paint('bold', 'Paired cases'),
    `${INDENT}${counts.join(' · ')}`,
    `${INDENT}McNemar on ${plural(m.n, 'case')} with a verdict in both runs: ${formatInteger(m.b)} pass → fail, ${formatInteger(m.c)} fail → pass; two-sided ${pStatement(m.pValue)}`,
  ];
  if (e.excluded) lines.push(paint('yellow', `${INDENT}${plural(e.excluded, 'paired case')} with an error left out: ${formatInteger(e.newInHead)} new in head, ${formatInteger(e.fixedInHead)} fixed, ${formatInteger(e.inBoth)} in both`));
  if (diff.cases.added.length || diff.cases.removed.length) {
    const list = (ids: string[]) => truncateToWidth(ids.map(sanitizedLine).join(', '), width - 14);
    if (diff.cases.added.length) lines.push(`${INDENT}added:   ${list(diff.cases.added)}`);
    if (diff.cases.removed.length) lines.push(`${INDENT}removed: ${list(diff.cases.removed)}`);
  }
  return lines;
}

function gates(diff: RunDiff, paint: Painter): string[] {
  const changed = diff.gates.filter((g) => g.transition !== 'still passing');
  if (diff.gates.length === 0) return [];
  if (changed.length === 0) return [`${paint('bold', 'Gates')}  ${paint('green', `all ${formatInteger(diff.gates.length)} still passing`)}`];
  const rows = changed.map((g) => {
    const now = g.head ?? g.base!;
    const transition = g.transition === 'newly failing' || g.transition === 'still failing' ? paint('red', g.transition) : g.transition === 'newly passing' ? paint('green', g.transition) : g.transition;
    return [sanitizedLine(g.name), formatGateTarget(now), g.base ? formatGateActual(g.base) : '—', g.head ? formatGateActual(g.head) : '—', transition];
  });
  const still = diff.gates.length - changed.length;
  return [
    paint('bold', 'Gates') + (still ? paint('dim', ` (${formatInteger(still)} more still passing)`) : ''),
    ...textTable(['gate', 'target', 'base', 'head', ''], rows, { indent: INDENT, align: ['left', 'left', 'right', 'right', 'left'], header: (c) => paint('dim', c) }),
  ];
}

function perClass(diff: RunDiff, paint: Painter): string[] {
  const cls = diff.classification;
  if (!cls || cls.perClass.length === 0) return [];
  const delta = (d: number | null) => {
    const text = formatRateDelta(d);
    return d === null || text === '0.000' ? text : paint(d < 0 ? 'red' : 'green', text);
  };
  const rows = cls.perClass.map((c) => [
    truncateToWidth(sanitizedLine(c.label), 30),
    `${formatRate(c.recall.base)} → ${formatRate(c.recall.head)}`,
    delta(c.recall.delta),
    `${formatRate(c.precision.base)} → ${formatRate(c.precision.head)}`,
    delta(c.precision.delta),
    `${formatRate(c.f1.base)} → ${formatRate(c.f1.head)}`,
    delta(c.f1.delta),
  ]);
  return [
    paint('bold', 'Per class'),
    ...textTable(['label', 'recall', '', 'precision', '', 'F1', ''], rows, { indent: INDENT, header: (c) => paint('dim', c) }),
    `${INDENT}accuracy ${formatRate(cls.accuracy.base)} → ${formatRate(cls.accuracy.head)} · macro F1 ${formatRate(cls.macroF1.base)} → ${formatRate(cls.macroF1.head)} · kappa ${formatRate(cls.kappa.base)} → ${formatRate(cls.kappa.head)}`,
  ];
}

/** A prediction: the label, "no label" when none matched, "—" when the run had none (an error). */
const predictedText = (p: string | null | undefined) => (typeof p === 'string' ? sanitizedLine(p) : p === null ? 'no label' : '—');

function cases(title: string, list: CaseChange[], maxCases: number, paint: Painter, width: number): string[] {
  if (list.length === 0) return [];
  const shown = list.slice(0, maxCases);
  const out = [paint('bold', `${title} (${formatInteger(list.length)})`)];
  for (const c of shown) {
    const status = `${c.base} → ${c.head}`;
    const label =
      c.expected !== undefined
        ? `expected ${sanitizedLine(c.expected)}, predicted ${predictedText(c.basePredicted)} → ${predictedText(c.headPredicted)}`
        : '';
    const tone = c.head === 'pass' ? 'green' : c.head === 'error' ? 'yellow' : 'red';
    out.push(`${INDENT}${paint(tone, status)}  ${truncateToWidth([sanitizedLine(c.id), sanitizedLine(formatLocation(c.file, c.line)), label].filter(Boolean).join('  '), width - 4 - status.length)}`);
    const reason = sanitizedLine(c.reason);
    if (reason) out.push(`${INDENT}    ${truncateToWidth(reason, width - 6)}`);
  }
  if (list.length > shown.length) out.push(`${INDENT}… and ${formatInteger(list.length - shown.length)} more`);
  return out;
}

/** The comparison ends with its one verdict, and the numbers it rests on. */
function quality(diff: RunDiff, paint: Painter): string[] {
  const q = diff.quality;
  const tone = q.verdict === 'regression' ? 'red' : q.verdict === 'improvement' ? 'green' : 'yellow';
  return [
    `${paint('bold', 'Verdict')}  ${paint(tone, qualityWord(q))}`,
    ...qualitySentences(q, diff.mcnemar.discordant).map((s) => `${INDENT}${s}`),
  ];
}
