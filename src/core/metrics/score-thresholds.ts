// The shared first step of every threshold metric (ROC, precision-recall): sort cases by score and, at
// each distinct score, count the positives and negatives scoring at least that much. Tied scores form one
// step, never several: a threshold cannot separate cases with equal scores, so splitting a tie would
// depend on input order (sklearn's `_binary_clf_curve` groups ties the same way).

import { assertAllFinite, assertSameLength } from './assert-input.js';

export interface ScoreThresholds {
  /** Distinct scores, descending. */
  thresholds: number[];
  /** truePositives[t] = positive cases with score ≥ thresholds[t]. */
  truePositives: number[];
  /** falsePositives[t] = negative cases with score ≥ thresholds[t]. */
  falsePositives: number[];
  positives: number;
  negatives: number;
}

/** Cumulative counts at each distinct score, highest first. O(n log n). */
export function scoreThresholds(isPositive: readonly boolean[], scores: readonly number[]): ScoreThresholds {
  assertSameLength('isPositive', isPositive, 'scores', scores);
  assertAllFinite('scores', scores);
  const order = Array.from(scores.keys()).sort((a, b) => (scores[b] as number) - (scores[a] as number));
  const thresholds: number[] = [];
  const truePositiveSteps: number[] = [];
  const falsePositiveSteps: number[] = [];
  let truePositives = 0;
  let falsePositives = 0;
  order.forEach((caseIndex, rank) => {
    if (isPositive[caseIndex]) truePositives++;
    else falsePositives++;
    const score = scores[caseIndex] as number;
    const next = order[rank + 1];
    // Emit a step only after the last case of a run of equal scores.
    if (next === undefined || scores[next] !== score) {
      thresholds.push(score);
      truePositiveSteps.push(truePositives);
      falsePositiveSteps.push(falsePositives);
    }
  });
  return {
    thresholds,
    truePositives: truePositiveSteps,
    falsePositives: falsePositiveSteps,
    positives: truePositives,
    negatives: falsePositives,
  };
}
