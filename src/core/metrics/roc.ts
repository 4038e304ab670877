// Area under the ROC curve: the probability that a random positive case scores above a random negative
// one, ties counting one half. It says whether the scores rank cases well, independent of any threshold.

import { scoreThresholds } from './score-thresholds.js';

/**
 * ROC AUC of `scores` for the binary task "is this case positive?", matching sklearn's
 * `roc_auc_score(isPositive, scores)` including ties (trapezoids between distinct-score steps).
 *
 * Returns `null` when the cases are all positive or all negative (or there are none): sklearn raises
 * "Only one class present in y_true" there, because the area is 0/0.
 */
export function rocAuc(isPositive: readonly boolean[], scores: readonly number[]): number | null {
  const { truePositives, falsePositives, positives, negatives } = scoreThresholds(isPositive, scores);
  if (positives === 0 || negatives === 0) return null;
  // Trapezoid rule over the steps in integer counts (twice the area, so every term stays an integer):
  // exact up to positives·negatives < 2^53, with one rounding at the final division.
  let twiceArea = 0;
  let previousTruePositives = 0;
  let previousFalsePositives = 0;
  truePositives.forEach((tp, t) => {
    const fp = falsePositives[t] as number;
    twiceArea += (fp - previousFalsePositives) * (tp + previousTruePositives);
    previousTruePositives = tp;
    previousFalsePositives = fp;
  });
  return twiceArea / (2 * positives * negatives);
}
