// A spec diff as a PR comment: a headline about the bar, the gate changes (loosening first), what is measured
// (target, judge, pricing, with the prompt's changed lines in a diff block), then cases per tag, the rubric and
// the labels. Spec text is escaped with mdText / mdCode, so a case id or criterion cannot inject Markdown.
import { listLimit, markdownHeading, type Heading, type MarkdownOptions } from './render-options.js';
import { formatCountDelta, formatInteger } from './results-format.js';
import { mdCode, mdTable, mdText } from './results-markdown-text.js';
import { terminalLine } from './results-terminal-text.js';
import { barHeadline, isLoosening, otherHeadlines, settingValue, sortedGateChanges } from './spec-diff-words.js';
import { MARKDOWN_MARK } from './verdict-style.js';
import type { ItemChanges, SettingChange, SpecDiff } from '../../shared/spec-diff.js';

export interface SpecDiffMarkdownOptions extends MarkdownOptions {
  /** Ids and items listed per group before "… and K more". Default 50. */
  maxItems?: number;
  /** The title line; default `aispec diff: TITLE`. */
  title?: string;
}

const { fail: FAIL, warn: WARN, info: INFO, pass: PASS } = MARKDOWN_MARK;

export function specDiffMarkdown(diff: SpecDiff, options: SpecDiffMarkdownOptions = {}): string {
  const h = markdownHeading(options);
  const maxItems = listLimit(options.maxItems, 50);
  const name = mdText(diff.head.title || diff.base.title || diff.head.id || diff.base.id) || 'aispec';
  const blocks = [h(0, options.title ?? `aispec diff: ${name}`), ...specDiffSections(diff, h, maxItems)];
  return `${blocks.join('\n\n')}\n`;
}

/** The body without a title, for the review comment, which puts it under its own heading. */
export function specDiffSections(diff: SpecDiff, h: Heading, maxItems = 50): string[] {
  const bar = barHeadline(diff);
  const others = otherHeadlines(diff).map((o) => `- ${mdText(o)}`);
  const errors = [diff.base, diff.head].flatMap((side) => side.errors.slice(0, 3).map((e) => `> ${WARN} ${mdCode(side.file, { inTable: false })}: ${mdText(e, 300)}`));
  return [
    `**${bar.lowered ? FAIL : diff.summary.tightened ? PASS : INFO} ${mdText(bar.text)}**`,
    `Base ${mdCode(diff.base.file, { inTable: false })} → head ${mdCode(diff.head.file, { inTable: false })}`,
    ...(others.length ? [others.join('\n')] : []),
    ...errors,
    ...gatesBlock(diff, h),
    ...settingsBlock(diff, h),
    ...casesBlock(diff, h, maxItems),
    ...itemsBlock('Criteria', diff.criteria, h, maxItems),
    ...itemsBlock('Anti-patterns', diff.anti_patterns, h, maxItems),
    ...itemsBlock('Examples', diff.examples, h, maxItems),
    ...labelsBlock(diff, h),
  ];
}

const value = (v: unknown) => mdText(settingValue(v));

function gatesBlock(diff: SpecDiff, h: Heading): string[] {
  if (diff.gates.length === 0) return [];
  const rows = sortedGateChanges(diff).map((g) => [
    isLoosening(g) ? FAIL : PASS,
    mdCode(g.name, { inTable: true }),
    value(g.from),
    value(g.to),
    isLoosening(g) ? `**${g.change}**` : g.change,
  ]);
  return [h(1, 'Gates'), mdTable(['', 'Gate', 'Base', 'Head', 'Change'], rows, ['center', 'left', 'right', 'right', 'left'])];
}

/** A code fence longer than any backtick run in the text, so the prompt cannot close it. */
function fenced(lines: string[], info: string): string {
  const body = lines.map((l) => terminalLine(l)).join('\n');
  const longest = Math.max(2, ...Array.from(body.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${info}\n${body}\n${fence}`;
}

function settingsBlock(diff: SpecDiff, h: Heading): string[] {
  const all: SettingChange[] = [...diff.target, ...diff.judge, ...diff.pricing, ...diff.settings];
  if (all.length === 0) return [];
  const plain = all.filter((s) => s.prompt_diff === undefined);
  const prompts = all.filter((s) => s.prompt_diff !== undefined);
  const blocks = [h(1, 'Target, judge and pricing')];
  if (plain.length) blocks.push(mdTable(['Setting', 'Base', 'Head'], plain.map((s) => [mdCode(s.field, { inTable: true }), value(s.from), value(s.to)]), ['left', 'left', 'left']));
  for (const p of prompts) blocks.push(`${WARN} **Prompt changed** (${mdCode(p.field, { inTable: false })}):`, fenced(p.prompt_diff!.split('\n'), 'diff'));
  return blocks;
}

function idList(ids: string[], maxItems: number): string {
  const shown = ids.slice(0, maxItems).map((id) => mdCode(id, { inTable: false }));
  if (ids.length > shown.length) shown.push(`… and ${formatInteger(ids.length - shown.length)} more`);
  return shown.join(', ');
}

function casesBlock(diff: SpecDiff, h: Heading, maxItems: number): string[] {
  const { added, removed, changed } = diff.cases;
  const tagRows = Object.entries(diff.tags)
    .filter(([, t]) => t.from !== t.to)
    .map(([tag, t]) => [t.to < t.from ? FAIL : PASS, mdText(tag), formatInteger(t.from), formatInteger(t.to), t.to < t.from ? `**${formatCountDelta(t.to - t.from)}**` : formatCountDelta(t.to - t.from)]);
  if (added.length + removed.length + changed.length === 0 && tagRows.length === 0) return [];
  const lines = [
    ...(added.length ? [`- **Added** (${formatInteger(added.length)}): ${idList(added, maxItems)}`] : []),
    ...(removed.length ? [`- **Removed** (${formatInteger(removed.length)}): ${idList(removed, maxItems)}`] : []),
    ...(changed.length ? [`- **Changed** (${formatInteger(changed.length)}): ${idList(changed, maxItems)}`] : []),
  ];
  const blocks = [h(1, 'Cases')];
  if (lines.length) blocks.push(lines.join('\n'));
  if (tagRows.length) blocks.push(mdTable(['', 'Tag', 'Base', 'Head', 'Change'], tagRows, ['center', 'left', 'right', 'right', 'right']));
  return blocks;
}

function itemsBlock(title: string, c: ItemChanges, h: Heading, maxItems: number): string[] {
  const lines: string[] = [];
  for (const a of c.added.slice(0, maxItems)) lines.push(`- **added** ${mdCode(a.id, { inTable: false })}: ${mdText(a.text, 300)}`);
  for (const r of c.removed.slice(0, maxItems)) lines.push(`- **removed** ${mdCode(r.id, { inTable: false })}: ${mdText(r.text, 300)}`);
  for (const r of c.reworded.slice(0, maxItems)) lines.push(`- **reworded** ${mdCode(r.id, { inTable: false })}: ~~${mdText(r.from, 300)}~~ → ${mdText(r.to, 300)}`);
  for (const r of c.renamed.slice(0, maxItems)) lines.push(`- **renamed** ${mdCode(r.from, { inTable: false })} → ${mdCode(r.to, { inTable: false })}`);
  for (const ch of c.changed.slice(0, maxItems)) lines.push(`- **${mdText(ch.field)}** of ${mdCode(ch.id, { inTable: false })}: ${value(ch.from)} → ${value(ch.to)}`);
  return lines.length ? [h(1, title), lines.join('\n')] : [];
}

function labelsBlock(diff: SpecDiff, h: Heading): string[] {
  const lines: string[] = [];
  if (diff.labels.added.length) lines.push(`- **Labels added**: ${idList(diff.labels.added, 50)}`);
  if (diff.labels.removed.length) lines.push(`- **Labels removed**: ${idList(diff.labels.removed, 50)}`);
  for (const c of diff.classify) lines.push(`- **classify** ${mdCode(c.key, { inTable: false })}: ${mdCode(settingValue(c.from), { inTable: false })} → ${mdCode(settingValue(c.to), { inTable: false })}`);
  return lines.length ? [h(1, 'Labels and classification'), lines.join('\n')] : [];
}
