// What the spec diff renderers (text, Markdown, GitHub) say alike: the one-line headline about the bar, how a
// setting's value reads, and the order of gate changes (what loosened the bar first).
import type { ItemChanges, SpecDiff, SpecGateChange } from '../../shared/spec-diff.js';
import { plural } from './results-format.js';

/** Gate changes in the order a reviewer needs them: what lowered the bar first. */
const GATE_ORDER: SpecGateChange['change'][] = ['loosened', 'removed', 'tightened', 'added'];

export function sortedGateChanges(diff: SpecDiff): SpecGateChange[] {
  return [...diff.gates].sort((a, b) => GATE_ORDER.indexOf(a.change) - GATE_ORDER.indexOf(b.change));
}

export function isLoosening(gate: SpecGateChange): boolean {
  return gate.change === 'loosened' || gate.change === 'removed';
}

/** A setting or gate value in one short line: `—` when absent, JSON for objects, cut at `max` characters. */
export function settingValue(value: unknown, max = 80): string {
  if (value === null || value === undefined) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `The bar was lowered: 2 gates loosened or removed; coverage fell for adversarial.` and the like. */
export function barHeadline(diff: SpecDiff): { lowered: boolean; text: string } {
  const { loosened, tightened, coverage_fell: fell } = diff.summary;
  if (!diff.base.exists && diff.head.exists) return { lowered: false, text: `New spec: ${plural(tightened, 'gate')} set.` };
  if (diff.base.exists && !diff.head.exists) return { lowered: true, text: `Spec deleted: its ${plural(loosened, 'gate')} no longer apply.` };
  const parts: string[] = [];
  if (loosened) parts.push(`${plural(loosened, 'gate')} loosened or removed`);
  if (fell.length) parts.push(`fewer cases tagged ${fell.join(', ')}`);
  const lowered = parts.length > 0;
  if (tightened) parts.push(`${plural(tightened, 'gate')} tightened or added`);
  if (!diff.summary.changed) return { lowered: false, text: 'No change in meaning.' };
  if (parts.length === 0) return { lowered: false, text: 'The bar is unchanged; see below for what else changed.' };
  return { lowered, text: `${lowered ? 'The bar was lowered' : 'The bar was raised'}: ${parts.join('; ')}.` };
}

/** What moved besides the gates, as short phrases for the headline: `target.model changed`, `3 cases removed`. */
export function otherHeadlines(diff: SpecDiff): string[] {
  const out: string[] = [];
  for (const s of [...diff.target, ...diff.judge]) out.push(s.field === 'target.system' ? 'prompt changed' : `${s.field} ${settingValue(s.from, 40)} → ${settingValue(s.to, 40)}`);
  const { added, removed, changed } = diff.cases;
  if (added.length || removed.length || changed.length) out.push(`cases: ${added.length} added, ${removed.length} removed, ${changed.length} changed`);
  const items = (name: string, c: ItemChanges) => {
    const n = c.added.length + c.removed.length + c.reworded.length + c.renamed.length + c.changed.length;
    if (n) out.push(`${name}: ${c.added.length} added, ${c.removed.length} removed, ${c.reworded.length} reworded${c.changed.length ? `, ${c.changed.length} changed` : ''}`);
  };
  items('criteria', diff.criteria);
  items('anti-patterns', diff.anti_patterns);
  items('examples', diff.examples);
  return out;
}
