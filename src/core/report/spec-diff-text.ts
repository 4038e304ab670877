// A spec diff for the console (`aispec diff BASE HEAD` on two specs): the bar first (a headline, then the gate
// changes, loosening first), then what is measured (target, judge, pricing, prompt), then the cases and the
// rubric. Spec text is sanitized for the terminal; colour only when asked for.
import { listLimit, terminalLayout, type TerminalOptions } from './render-options.js';
import { formatInteger } from './results-format.js';
import { type Painter, sanitizedLine, terminalLine, truncateToWidth } from './results-terminal-text.js';
import { textTable } from './results-text-table.js';
import { barHeadline, isLoosening, otherHeadlines, settingValue, sortedGateChanges } from './spec-diff-words.js';
import type { ItemChanges, SettingChange, SpecDiff } from '../../shared/spec-diff.js';

export interface SpecDiffTextOptions extends TerminalOptions {
  /** Ids listed per group before "… and K more". Default 20. */
  maxItems?: number;
}

const INDENT = '  ';

export function specDiffText(diff: SpecDiff, options: SpecDiffTextOptions): string {
  const { paint, width } = terminalLayout(options);
  const maxItems = listLimit(options.maxItems, 20);
  const sections = [
    header(diff, paint, width),
    gates(diff, paint),
    settings('Target', diff.target, paint, width),
    settings('Judge', diff.judge, paint, width),
    settings('Pricing', diff.pricing, paint, width),
    settings('Settings', diff.settings, paint, width),
    cases(diff, paint, width, maxItems),
    items('Criteria', diff.criteria, paint, width, maxItems),
    items('Anti-patterns', diff.anti_patterns, paint, width, maxItems),
    items('Examples', diff.examples, paint, width, maxItems),
    labels(diff, paint, width),
  ].filter((lines) => lines.length > 0);
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

function header(diff: SpecDiff, paint: Painter, width: number): string[] {
  const title = sanitizedLine(diff.head.title || diff.base.title || diff.head.id || diff.base.id) || 'aispec';
  const bar = barHeadline(diff);
  const lines = [
    `${paint('bold', 'aispec diff')}  ${truncateToWidth(title, width - 13)}`,
    paint('dim', truncateToWidth(`base ${sanitizedLine(diff.base.file)} → head ${sanitizedLine(diff.head.file)}`, width)),
    '',
    paint(bar.lowered ? 'red' : 'bold', bar.text),
  ];
  for (const other of otherHeadlines(diff)) lines.push(`${INDENT}${truncateToWidth(sanitizedLine(other), width - 2)}`);
  for (const side of [diff.base, diff.head]) {
    for (const error of side.errors.slice(0, 3)) lines.push(paint('yellow', truncateToWidth(`⚠ ${sanitizedLine(side.file)}: ${sanitizedLine(error)}`, width)));
  }
  return lines;
}

function gates(diff: SpecDiff, paint: Painter): string[] {
  if (diff.gates.length === 0) return [];
  const rows = sortedGateChanges(diff).map((g) => [
    paint(isLoosening(g) ? 'red' : 'green', g.change),
    sanitizedLine(g.name),
    `${settingValue(g.from)} → ${settingValue(g.to)}`,
    diff.head.exists ? `line ${g.line}` : '',
  ]);
  return [paint('bold', 'Gates'), ...textTable(['', 'gate', 'base → head', ''], rows, { indent: INDENT, align: ['left', 'left', 'left', 'left'], header: (c) => paint('dim', c) })];
}

function settings(title: string, changes: SettingChange[], paint: Painter, width: number): string[] {
  if (changes.length === 0) return [];
  const out = [paint('bold', title)];
  for (const s of changes) {
    if (s.prompt_diff !== undefined) {
      out.push(`${INDENT}${sanitizedLine(s.field)}: prompt changed`);
      for (const line of s.prompt_diff.split('\n')) {
        const text = truncateToWidth(terminalLine(line), width - 4);
        out.push(`${INDENT}${INDENT}${line.startsWith('-') ? paint('red', text) : line.startsWith('+') ? paint('green', text) : line.startsWith('@@') ? paint('dim', text) : text}`);
      }
      continue;
    }
    out.push(`${INDENT}${truncateToWidth(sanitizedLine(`${s.field}: ${settingValue(s.from)} → ${settingValue(s.to)}`), width - 2)}`);
  }
  return out;
}

function idList(ids: string[], maxItems: number, width: number): string {
  const shown = ids.slice(0, maxItems).map(sanitizedLine);
  const more = ids.length > shown.length ? `, … and ${formatInteger(ids.length - shown.length)} more` : '';
  return truncateToWidth(`${shown.join(', ')}${more}`, width - 14);
}

function cases(diff: SpecDiff, paint: Painter, width: number, maxItems: number): string[] {
  const { added, removed, changed } = diff.cases;
  const tagRows = Object.entries(diff.tags)
    .filter(([, t]) => t.from !== t.to)
    .map(([tag, t]) => [sanitizedLine(tag), `${formatInteger(t.from)} → ${formatInteger(t.to)}`, t.to < t.from ? paint('red', 'fell') : paint('green', 'rose')]);
  if (added.length + removed.length + changed.length === 0 && tagRows.length === 0) return [];
  const out = [paint('bold', 'Cases')];
  if (added.length) out.push(`${INDENT}added (${formatInteger(added.length)}):   ${idList(added, maxItems, width)}`);
  if (removed.length) out.push(`${INDENT}removed (${formatInteger(removed.length)}): ${idList(removed, maxItems, width)}`);
  if (changed.length) out.push(`${INDENT}changed (${formatInteger(changed.length)}): ${idList(changed, maxItems, width)}`);
  if (tagRows.length) out.push(...textTable(['tag', 'cases', ''], tagRows, { indent: INDENT, align: ['left', 'right', 'left'], header: (c) => paint('dim', c) }));
  return out;
}

function items(title: string, c: ItemChanges, paint: Painter, width: number, maxItems: number): string[] {
  const lines: string[] = [];
  const line = (mark: string, text: string, tone?: 'red' | 'green' | 'yellow') => {
    const body = truncateToWidth(sanitizedLine(text), width - 4);
    lines.push(`${INDENT}${tone ? paint(tone, mark) : mark} ${body}`);
  };
  for (const a of c.added.slice(0, maxItems)) line('+', `${a.id}: ${a.text}`, 'green');
  for (const r of c.removed.slice(0, maxItems)) line('-', `${r.id}: ${r.text}`, 'red');
  for (const r of c.reworded.slice(0, maxItems)) {
    line('~', `${r.id} reworded`, 'yellow');
    lines.push(`${INDENT}${INDENT}${paint('red', truncateToWidth(`- ${sanitizedLine(r.from)}`, width - 4))}`, `${INDENT}${INDENT}${paint('green', truncateToWidth(`+ ${sanitizedLine(r.to)}`, width - 4))}`);
  }
  for (const r of c.renamed.slice(0, maxItems)) line('~', `renamed ${r.from} → ${r.to}`, 'yellow');
  for (const ch of c.changed.slice(0, maxItems)) line('~', `${ch.id}: ${ch.field} ${settingValue(ch.from)} → ${settingValue(ch.to)}`, 'yellow');
  return lines.length ? [paint('bold', title), ...lines] : [];
}

function labels(diff: SpecDiff, paint: Painter, width: number): string[] {
  const out: string[] = [];
  if (diff.labels.added.length) out.push(`${INDENT}labels added: ${idList(diff.labels.added, 50, width)}`);
  if (diff.labels.removed.length) out.push(`${INDENT}labels removed: ${idList(diff.labels.removed, 50, width)}`);
  for (const c of diff.classify) out.push(`${INDENT}${truncateToWidth(sanitizedLine(`classify ${c.key}: ${settingValue(c.from)} → ${settingValue(c.to)}`), width - 2)}`);
  return out.length ? [paint('bold', 'Labels and classification'), ...out] : [];
}
