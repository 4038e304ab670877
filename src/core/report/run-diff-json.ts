// `aispec diff BASE.json HEAD.json --format json`: the run comparison with its verdict at the top level, in the
// wire names docs/results.md documents (`verdict`, `mcnemar_p`, `difference`, `difference_ci95`,
// `detectable_difference`), followed by the whole comparison. The one-line sentence the console prints first
// is `summary`, since `verdict` is the one word.
import type { QualityVerdictKind, RunDiff } from '../../shared/run-diff.js';

export interface RunDiffJson extends Omit<RunDiff, 'verdict' | 'quality'> {
  format: 'aispec-run-diff';
  version: 1;
  verdict: QualityVerdictKind;
  mcnemar_p: number;
  difference: number | null;
  difference_ci95: [number, number] | null;
  detectable_difference: number | null;
  summary: string;
}

export function runDiffJson(diff: RunDiff): RunDiffJson {
  const { verdict: summary, quality, ...rest } = diff;
  return {
    format: 'aispec-run-diff',
    version: 1,
    verdict: quality.verdict,
    mcnemar_p: quality.mcnemarP,
    difference: quality.difference,
    difference_ci95: quality.differenceCi95,
    detectable_difference: quality.detectableDifference,
    summary,
    ...rest,
  };
}
