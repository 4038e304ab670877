// The judge calibration of a sharded run, counted again from the shards' pairs as one run would have counted
// them (never an average of the shards' kappas, which is not the kappa of the whole). Each case is in one
// shard, so its pairs come from that shard alone; every shard grades all the examples, so an example's pairs
// are taken once. The raters' alpha and the example counts come from the spec and its labels file, which
// every shard read alike: the first shard's are kept.
import type { JudgeAgreement, JudgeDisagreement, JudgePair } from '../../shared/results.js';
import { agreementFigures } from './judge-calibration.js';

export type MergedJudgeAgreement = { agreement: JudgeAgreement } | { absent: string } | undefined;

/** `parts`: each shard's `judge_agreement`. Undefined when no shard used the judge. */
export function mergeJudgeAgreement(parts: readonly (JudgeAgreement | undefined)[]): MergedJudgeAgreement {
  if (parts.every((p) => p === undefined)) return undefined;
  const missing = parts.findIndex((p) => p === undefined);
  if (missing >= 0) return { absent: `results file ${missing + 1} has no judge calibration (it stopped before the judge was calibrated)` };
  const calibrations = parts as readonly JudgeAgreement[];
  const older = calibrations.findIndex((p) => p.pairs === undefined);
  if (older >= 0) return { absent: `results file ${older + 1} was written without the judge's verdicts pair by pair (an older aispec): run that shard again to merge the calibration` };

  const kept = new Map<string, { pair: JudgePair; disagreement?: JudgeDisagreement }>();
  for (const part of calibrations) {
    // A shard lists its disagreements in the order of its disagreeing pairs: pair them up again.
    const disagreements = [...part.disagreements];
    for (const pair of part.pairs!) {
      const disagreement = pair.human !== pair.judge ? disagreements.shift() : undefined;
      const key = JSON.stringify([pair.source, pair.id, pair.criterion ?? null, pair.rater ?? null]);
      if (!kept.has(key)) kept.set(key, disagreement ? { pair, disagreement } : { pair });
    }
  }
  const ordered = [...kept.values()].sort((a, b) => a.pair.order - b.pair.order);
  const pairs = ordered.map((k) => k.pair);
  const first = calibrations[0]!;
  const agreement: JudgeAgreement = {
    ...agreementFigures(pairs),
    examples: first.examples,
    disagreements: ordered.flatMap((k) => (k.disagreement ? [k.disagreement] : [])),
  };
  if (first.alpha !== undefined) agreement.alpha = first.alpha;
  if (first.human_labels) agreement.human_labels = { rows: first.human_labels.rows, compared: pairs.filter((p) => p.source === 'human_labels').length };
  agreement.pairs = pairs;
  return { agreement };
}
