// The diff in one plain sentence for a reviewer: how far the pass rate moved and whether the exact McNemar
// test on the paired cases says that is beyond noise, e.g.
//   "Pass rate fell 4.2 points (0.917 → 0.875); McNemar p = 0.031 on 120 paired cases: unlikely to be noise."
import { formatPValue, formatRate } from '../report/results-format.js';
import type { RunDiff } from '../../shared/run-diff.js';

/** Below this two-sided p-value a change is called unlikely to be noise. */
export const NOISE_ALPHA = 0.05;

/** `p = 0.031`, `p < 0.001`. */
export function pStatement(p: number): string {
  const text = formatPValue(p);
  return text.startsWith('<') ? `p ${text}` : `p = ${text}`;
}

export function diffVerdict(diff: Pick<RunDiff, 'passRate' | 'mcnemar'>): string {
  const { base, head, delta } = diff.passRate;
  if (base.rate === null || head.rate === null || delta === null) {
    const which = base.rate === null && head.rate === null ? 'neither run has' : base.rate === null ? 'the base run has' : 'the head run has';
    return `No pass-rate change to report: ${which} no graded cases.`;
  }
  const points = Math.abs(delta * 100).toFixed(1);
  const rates = `(${formatRate(base.rate)} → ${formatRate(head.rate)})`;
  const movement = points === '0.0' ? `Pass rate unchanged ${rates}` : `Pass rate ${delta < 0 ? 'fell' : 'rose'} ${points} points ${rates}`;
  const m = diff.mcnemar;
  if (m.n === 0) return `${movement}; no case was graded in both runs, so there is nothing to test.`;
  const cases = `${m.n} paired ${m.n === 1 ? 'case' : 'cases'}`;
  const stated = pStatement(m.pValue);
  if (m.discordant === 0) return `${movement}; no case flipped among ${cases} (McNemar ${stated}): within noise.`;
  return `${movement}; McNemar ${stated} on ${cases}: ${m.pValue < NOISE_ALPHA ? 'unlikely to be noise' : 'within noise'}.`;
}
