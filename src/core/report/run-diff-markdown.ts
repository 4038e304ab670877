// A run diff as a PR comment: the verdict sentence, a base-vs-head table of the headline numbers, the
// paired-case counts behind the McNemar test, gate changes, per-class and per-tag changes, and the
// flipped cases folded in <details> blocks. Case text is escaped with mdText / mdCode.
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
import { listLimit, markdownHeading, maxOutputChars, type Heading, type MarkdownOptions } from './render-options.js';
import { mdCode, mdTable, mdText } from './results-markdown-text.js';
import { MARKDOWN_MARK, verdictStyle } from './verdict-style.js';
import type { CaseChange, GateChange, MetricChange, RunDiff, RunRef } from '../../shared/run-diff.js';
import { NOISE_ALPHA, pStatement } from '../diff/diff-verdict.js';
import { qualitySentences, qualityWord } from './quality-verdict-text.js';

export interface DiffMarkdownOptions extends MarkdownOptions {
  /** Cases listed per <details> block before "… and K more". Default 50. */
  maxCases?: number;
}

const { pass: PASS, fail: FAIL, warn: WARN } = MARKDOWN_MARK;

/** Transitions in the order a reviewer wants them: what broke first. */
const GATE_ORDER: GateChange['transition'][] = ['newly failing', 'newly passing', 'still failing', 'added', 'removed', 'still passing'];

export function diffMarkdown(diff: RunDiff, options: DiffMarkdownOptions = {}): string {
  const h = markdownHeading(options);
  const maxCases = listLimit(options.maxCases, 50);
  const maxOutput = maxOutputChars(options);
  const title = mdText(diff.head.specTitle) || mdText(diff.head.specId) || 'aispec';
  const blocks = [
    h(0, `aispec diff: ${title}`),
    `**${mdText(diff.verdict)}**`,
    `Base ${runLine(diff.base)} → head ${runLine(diff.head)}`,
    ...(diff.sameSpec ? [] : [`> ${WARN} The runs are of different specs (${mdCode(diff.base.specId, { inTable: false })} and ${mdCode(diff.head.specId, { inTable: false })}); cases are paired by id all the same.`]),
    headlineTable(diff),
    pairedLine(diff),
    ...gatesBlock(diff, h),
    ...classBlock(diff, h),
    ...tagBlock(diff, h),
    ...flippedCaseBlocks(diff, maxCases, maxOutput),
    ...addedRemovedBlock(diff, maxCases),
    qualityBlock(diff),
  ];
  return `${blocks.join('\n\n')}\n`;
}

/** The cases whose status changed, each group folded in a <details> block. */
export function flippedCaseBlocks(diff: RunDiff, maxCases: number, maxOutput: number): string[] {
  return [
    ...caseBlock(`Newly failing (${formatInteger(diff.newlyFailing.length)})`, 'Why it fails now', diff.newlyFailing, maxCases, maxOutput),
    ...caseBlock(`Newly passing (${formatInteger(diff.newlyPassing.length)})`, 'Why it failed before', diff.newlyPassing, maxCases, maxOutput),
    ...caseBlock(`Failed ↔ errored (${formatInteger(diff.otherChanges.length)})`, 'Head reason', diff.otherChanges, maxCases, maxOutput),
  ];
}

/** A run in a line: `id` (target, date). */
export function runLine(r: RunRef): string {
  const date = /^\d{4}-\d{2}-\d{2}/.exec(r.startedAt)?.[0];
  const parts = [mdText(formatTarget(r.target)), ...(date ? [date] : [])];
  return `${r.runId ? `${mdCode(r.runId, { inTable: false })} ` : ''}(${parts.join(', ')})`;
}

const verdictCell = (v: RunRef['verdict']) => {
  const style = verdictStyle(v);
  return style ? `${style.markdownMark} ${style.word}` : NA;
};
const usd = (text: string) => text.replace(/\$/g, '\\$');

/** Base and head side by side: pass rate, counts, latency, cost, verdict. */
export function headlineTable(diff: RunDiff): string {
  const { base, head, delta } = diff.passRate;
  const rows = [
    ['Pass rate', formatRateWithCi(base.rate, base.ci95, base.n), formatRateWithCi(head.rate, head.ci95, head.n), `**${formatPoints(delta)}**`],
    ['Passed · failed · errors', `${formatInteger(base.passed)} · ${formatInteger(base.failed)} · ${formatInteger(base.errors)}`, `${formatInteger(head.passed)} · ${formatInteger(head.failed)} · ${formatInteger(head.errors)}`, `errors ${formatCountDelta(head.errors - base.errors)}`],
    ['Latency p95', formatMs(diff.latencyP95.base), formatMs(diff.latencyP95.head), formatMsDelta(diff.latencyP95.delta)],
    ['Cost per case', usd(formatUsd(diff.costPerCase.base)), usd(formatUsd(diff.costPerCase.head)), usd(formatUsdDelta(diff.costPerCase.delta))],
    ['Verdict', verdictCell(diff.base.verdict), verdictCell(diff.head.verdict), ''],
  ];
  return mdTable(['', 'Base', 'Head', 'Change'], rows, ['left', 'right', 'right', 'right']);
}

function pairedLine(diff: RunDiff): string {
  const m = diff.mcnemar;
  const e = diff.errors;
  const parts = [
    `**${plural(diff.cases.paired, 'case')} in both runs**`,
    `${formatInteger(diff.newlyFailing.length)} newly failing`,
    `${formatInteger(diff.newlyPassing.length)} newly passing`,
  ];
  if (diff.cases.added.length) parts.push(`${formatInteger(diff.cases.added.length)} added`);
  if (diff.cases.removed.length) parts.push(`${formatInteger(diff.cases.removed.length)} removed`);
  const test =
    `McNemar's exact test pairs the ${plural(m.n, 'case')} with a verdict in both runs: ${formatInteger(m.b)} went pass → fail, ${formatInteger(m.c)} fail → pass ` +
    `(paired pass rate ${formatRate(m.baseRate)} → ${formatRate(m.headRate)}); two-sided ${mdText(pStatement(m.pValue))}` +
    `${m.pValue < NOISE_ALPHA ? `, below ${NOISE_ALPHA}` : ''}.`;
  const errors = e.excluded
    ? ` ${plural(e.excluded, 'paired case')} with an error in either run ${e.excluded === 1 ? 'is' : 'are'} left out (${formatInteger(e.newInHead)} new in head, ${formatInteger(e.fixedInHead)} fixed, ${formatInteger(e.inBoth)} in both).`
    : '';
  const caseSets =
    diff.cases.added.length || diff.cases.removed.length ? ' The case sets differ, so the overall pass rates above cover different cases; the test covers only the paired ones.' : '';
  return `${parts.join(' · ')}\n\n${test}${errors}${caseSets}`;
}

function gateValue(g: GateChange['base']): string {
  return g ? mdText(formatGateActual(g)) : '—';
}

function gatesBlock(diff: RunDiff, h: Heading): string[] {
  if (diff.gates.length === 0) return [];
  const sorted = [...diff.gates].sort((a, b) => GATE_ORDER.indexOf(a.transition) - GATE_ORDER.indexOf(b.transition));
  const rows = sorted.map((g) => {
    const now = g.head ?? g.base!;
    const icon = g.head ? (g.head.passed ? PASS : FAIL) : '—';
    const transition = g.transition === 'newly failing' || g.transition === 'newly passing' ? `**${g.transition}**` : g.transition;
    return [icon, mdCode(g.name, { inTable: true }), mdText(formatGateTarget(now)), gateValue(g.base), gateValue(g.head), transition];
  });
  return [h(1, 'Gates'), mdTable(['', 'Gate', 'Target', 'Base', 'Head', 'Change'], rows, ['center', 'left', 'right', 'right', 'right', 'left'])];
}

const arrow = (m: MetricChange, delta: (v: number | null) => string) => `${formatRate(m.base)} → ${formatRate(m.head)} (${delta(m.delta)})`;

function classBlock(diff: RunDiff, h: Heading): string[] {
  const cls = diff.classification;
  if (!cls || cls.perClass.length === 0) return [];
  const rows = cls.perClass.map((c) => {
    const recall = arrow(c.recall, formatRateDelta);
    return [
      mdText(c.label),
      c.recall.delta !== null && c.recall.delta < 0 ? `**${recall}**` : recall,
      arrow(c.precision, formatRateDelta),
      arrow(c.f1, formatRateDelta),
      `${formatInteger(c.support.base ?? 0)} → ${formatInteger(c.support.head ?? 0)}`,
    ];
  });
  const overall = [
    `Accuracy ${arrow(cls.accuracy, formatRateDelta)}`,
    `macro F1 ${arrow(cls.macroF1, formatRateDelta)}`,
    `weighted F1 ${arrow(cls.weightedF1, formatRateDelta)}`,
    `kappa ${arrow(cls.kappa, formatRateDelta)}`,
  ].join(' · ');
  return [h(1, 'Per class'), mdTable(['Label', 'Recall', 'Precision', 'F1', 'Support'], rows, ['left', 'right', 'right', 'right', 'right']), overall];
}

function tagBlock(diff: RunDiff, h: Heading): string[] {
  if (diff.tags.length === 0) return [];
  const cell = (s: RunDiff['tags'][number]['base']) => (s ? `${formatRate(s.rate)} (n=${formatInteger(s.n)})` : '—');
  const rows = diff.tags.map((t) => [mdText(t.tag), cell(t.base), cell(t.head), formatPoints(t.delta)]);
  return [h(1, 'By tag'), mdTable(['Tag', 'Base', 'Head', 'Change'], rows, ['left', 'right', 'right', 'right'])];
}

function predicted(c: CaseChange): string {
  if (c.expected === undefined) return '';
  const p = (v: string | null | undefined) => (typeof v === 'string' ? v : v === null ? 'no label' : '—');
  return `${mdText(c.expected)}: ${mdText(p(c.basePredicted))} → ${mdText(p(c.headPredicted))}`;
}

function caseBlock(summary: string, reasonHeader: string, cases: CaseChange[], maxCases: number, maxOutput: number): string[] {
  if (cases.length === 0) return [];
  const shown = cases.slice(0, maxCases);
  const rows = shown.map((c) => [
    mdText(c.id),
    mdText(formatLocation(c.file, c.line)),
    `${c.base} → ${c.head === 'pass' ? c.head : `**${c.head}**`}`,
    predicted(c),
    mdText(c.reason, 300),
    c.output === null ? '' : mdCode(c.output, { inTable: true, maxChars: maxOutput }),
  ]);
  const more = cases.length > shown.length ? [`… and ${formatInteger(cases.length - shown.length)} more`] : [];
  return [
    `<details><summary>${summary}</summary>`,
    mdTable(['Case', 'Where', 'Status', 'Expected: predicted base → head', reasonHeader, 'Head output'], rows),
    ...more,
    '</details>',
  ];
}

function addedRemovedBlock(diff: RunDiff, maxCases: number): string[] {
  const { added, removed } = diff.cases;
  if (added.length === 0 && removed.length === 0) return [];
  const list = (ids: string[]) => {
    const shown = ids.slice(0, maxCases).map((id) => mdText(id));
    if (ids.length > shown.length) shown.push(`… and ${formatInteger(ids.length - shown.length)} more`);
    return shown.join(', ') || '—';
  };
  return [
    `<details><summary>Cases in one run only (${formatInteger(added.length)} added, ${formatInteger(removed.length)} removed)</summary>`,
    `**Added** (head only): ${list(added)}  \n**Removed** (base only): ${list(removed)}`,
    '</details>',
  ];
}

/** The comparison's one verdict, last, with the numbers it rests on. */
export function qualityBlock(diff: Pick<RunDiff, 'quality' | 'mcnemar'>): string {
  const q = diff.quality;
  const mark = q.verdict === 'regression' ? FAIL : q.verdict === 'improvement' ? PASS : WARN;
  return `${mark} **Verdict: ${qualityWord(q)}**. ${qualitySentences(q, diff.mcnemar.discordant).map((s) => mdText(s)).join(' ')}`;
}
