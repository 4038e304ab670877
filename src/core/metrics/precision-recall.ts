// Precision and recall when a case counts as predicted positive iff its confidence score ≥ a threshold.
// The curve shows the trade-off a confidence cutoff buys; the point lookup answers "what do we get if we
// only act at confidence ≥ t?".

import { assertAllFinite, assertFinite, assertSameLength } from './assert-input.js';
import { scoreThresholds } from './score-thresholds.js';

export interface PrecisionRecallPoint {
  /** Cases with score ≥ threshold are predicted positive. */
  threshold: number;
  /** Positive cases at or above the threshold. */
  truePositives: number;
  /** Negative cases at or above the threshold. */
  falsePositives: number;
  /** truePositives / (truePositives + falsePositives); null when nothing is predicted positive. */
  precision: number | null;
  /** truePositives / all positives; null when the data has no positive case. */
  recall: number | null;
}

export interface PrecisionRecallCurve {
  positives: number;
  negatives: number;
  /** One point per distinct score, ascending by threshold (so recall is non-increasing), as sklearn orders. */
  points: PrecisionRecallPoint[];
}

function point(
  threshold: number,
  truePositives: number,
  falsePositives: number,
  positives: number,
): PrecisionRecallPoint {
  const predictedPositive = truePositives + falsePositives;
  return {
    threshold,
    truePositives,
    falsePositives,
    precision: predictedPositive === 0 ? null : truePositives / predictedPositive,
    recall: positives === 0 ? null : truePositives / positives,
  };
}

/**
 * Precision and recall at every distinct score, matching sklearn's `precision_recall_curve(isPositive,
 * scores)` point for point, with two deliberate differences: sklearn appends a synthetic final point
 * (precision 1, recall 0, no threshold), which is left out here; and where the data has no positive case
 * sklearn reports recall 1 with a warning, whereas recall is `null` here (0/0 is undefined). Precision is
 * never null on the curve, since every threshold is some case's score. O(n log n).
 */
export function precisionRecallCurve(
  isPositive: readonly boolean[],
  scores: readonly number[],
): PrecisionRecallCurve {
  const { thresholds, truePositives, falsePositives, positives, negatives } = scoreThresholds(isPositive, scores);
  const points = thresholds.map((threshold, t) =>
    point(threshold, truePositives[t] as number, falsePositives[t] as number, positives),
  );
  return { positives, negatives, points: points.reverse() };
}

/**
 * Precision and recall at one threshold (predicted positive iff score ≥ threshold); equals sklearn's
 * `precision_score` / `recall_score` on `scores >= threshold` with `zero_division=np.nan`, NaN as null. O(n).
 */
export function precisionRecallAt(
  isPositive: readonly boolean[],
  scores: readonly number[],
  threshold: number,
): PrecisionRecallPoint {
  assertSameLength('isPositive', isPositive, 'scores', scores);
  assertFinite('threshold', threshold);
  assertAllFinite('scores', scores);
  let positives = 0;
  let truePositives = 0;
  let falsePositives = 0;
  scores.forEach((score, i) => {
    if (isPositive[i]) positives++;
    if (score >= threshold) {
      if (isPositive[i]) truePositives++;
      else falsePositives++;
    }
  });
  return point(threshold, truePositives, falsePositives, positives);
}
