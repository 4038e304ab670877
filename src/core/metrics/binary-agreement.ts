// Agreement between two binary raters (the judge and a human) over paired verdicts: the share of pairs
// where they agree with its Wilson interval, Cohen's kappa with its asymptotic interval, and the 2×2 matrix.

import type { JudgeAgreementStat } from '../../shared/results.js';
import type { ConfusionMatrix } from './confusion.js';
import { cohenKappa } from './kappa.js';
import { cohenKappaInterval } from './kappa-interval.js';
import { wilsonInterval } from './wilson.js';

/** The shape the results carry as `judge_agreement.overall` (shared/results.ts): one definition, not two. */
export type BinaryAgreement = JudgeAgreementStat;

/** `pairs` are [reference, rater] verdicts, e.g. [human, judge]; true = pass. */
export function binaryAgreement(pairs: readonly (readonly [boolean, boolean])[]): BinaryAgreement {
  const matrix: [[number, number], [number, number]] = [
    [0, 0],
    [0, 0],
  ];
  for (const [reference, rater] of pairs) matrix[reference ? 0 : 1][rater ? 0 : 1]++;
  const n = pairs.length;
  const agreed = matrix[0][0] + matrix[1][1];
  const confusion: ConfusionMatrix = { labels: ['pass', 'fail'], matrix: matrix.map((row) => [...row]), unparsed: [0, 0] };
  return {
    n,
    agreement: n === 0 ? null : agreed / n,
    agreement_ci95: wilsonInterval(agreed, n),
    kappa: cohenKappa(confusion),
    kappa_ci95: cohenKappaInterval(confusion),
    matrix,
  };
}
