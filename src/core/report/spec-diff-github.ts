// A spec diff as GitHub Actions workflow commands: a ::warning on the line of HEAD's spec where each loosened or
// removed gate stands (a removed gate points at the nearest key that remains), so a reviewer sees the lowered
// bar in the pull request's file view. Escaped like every other workflow command (results-github.ts).
import { escapeData, escapeProperty } from './results-github.js';
import { isLoosening, settingValue, sortedGateChanges } from './spec-diff-words.js';
import type { SpecDiff } from '../../shared/spec-diff.js';

/** The workflow commands, one per line (empty when no gate loosened). `headPath` is HEAD's spec relative to the repository root. */
export function specDiffGithub(diff: SpecDiff, headPath: string): string {
  const lines = sortedGateChanges(diff)
    .filter(isLoosening)
    .map((g) => {
      const what = g.change === 'removed' ? `gate ${g.name} removed (was ${settingValue(g.from)}): the bar was lowered` : `gate ${g.name} loosened: ${settingValue(g.from)} → ${settingValue(g.to)}`;
      return `::warning file=${escapeProperty(headPath)},line=${g.line},col=${g.column},title=${escapeProperty('aispec: bar lowered')}::${escapeData(what)}`;
    });
  for (const tag of diff.summary.coverage_fell) {
    const t = diff.tags[tag]!;
    lines.push(`::warning file=${escapeProperty(headPath)},line=1,col=1,title=${escapeProperty('aispec: coverage fell')}::${escapeData(`cases tagged ${tag}: ${t.from} → ${t.to}`)}`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
