// Per-label precision/recall/F1 and the summary scores of a classification eval, in the shape of the
// results contract's `classification` object (hence the snake_case keys).
//
// Reference semantics: scikit-learn ≥ 1.4 `precision_recall_fscore_support(labels=labels,
// zero_division=np.nan)`, `f1_score(average='macro'|'weighted', zero_division=np.nan)`, `accuracy_score`
// and `cohen_kappa_score`, with NaN reported as `null`. Concretely, for label i with tp = matrix[i][i],
// predictedTotal = column sum and support = row sum + unparsed[i]:
//   precision = tp / predictedTotal          (null when the label was never predicted)
//   recall    = tp / support                 (null when the label was never expected)
//   f1        = 2·tp / (support + predictedTotal)
//                                            (null only when the label was neither expected nor predicted)
// F1 uses the count form, not 2PR/(P+R): a label that is expected but never predicted has F1 = 0 (it was
// missed every time), not null. sklearn 1.3 returned NaN there; 1.4 switched to this form.
// macro_f1 / weighted_f1 average only the labels whose F1 is defined (sklearn's `_nanaverage`, used since
// 1.3): a label that never occurs in the run has no F1 to average, and counting it as 0 would punish the
// model for a gap in the case set (lint reports that gap instead).
// Precision and recall are proportions of cases (tp of the predicted, tp of the support), so each carries
// its Wilson 95% interval (statsmodels proportion_confint, method='wilson').

import type { ClassificationResults, ClassMetrics } from '../../shared/results.js';
import { assertSameLength } from './assert-input.js';
import { type ConfusionMatrix, confusionMatrix } from './confusion.js';
import { cohenKappa } from './kappa.js';
import { wilsonInterval } from './wilson.js';

/**
 * The results contract's `classification` object as the metrics compute it: everything but the sample size
 * and the score curve, which summarize adds from the cases.
 */
export type ClassificationReport = Omit<ClassificationResults, 'n' | 'scores'>;

function divideOrNull(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** The classification report of a confusion matrix (see the file comment for the exact semantics). */
export function reportFromConfusion(confusion: ConfusionMatrix): ClassificationReport {
  const { labels, matrix, unparsed } = confusion;
  const predictedTotals = labels.map((_, j) => matrix.reduce((sum, row) => sum + (row[j] ?? 0), 0));
  let n = 0;
  let correct = 0;
  let f1Sum = 0;
  let f1Count = 0;
  let weightedF1Sum = 0;
  let weightTotal = 0;
  const perClass = labels.map((label, i): [string, ClassMetrics] => {
    const row = matrix[i] ?? [];
    const truePositives = row[i] ?? 0;
    const support = row.reduce((sum, count) => sum + count, 0) + (unparsed[i] ?? 0);
    const predictedTotal = predictedTotals[i] ?? 0;
    const f1 = divideOrNull(2 * truePositives, support + predictedTotal);
    n += support;
    correct += truePositives;
    if (f1 !== null) {
      f1Sum += f1;
      f1Count++;
      weightedF1Sum += f1 * support;
      weightTotal += support;
    }
    const precision = divideOrNull(truePositives, predictedTotal);
    return [
      label,
      {
        precision,
        recall: divideOrNull(truePositives, support),
        f1,
        support,
        precision_ci95: wilsonInterval(truePositives, predictedTotal),
        recall_ci95: wilsonInterval(truePositives, support),
      },
    ];
  });
  return {
    labels: [...labels],
    matrix: matrix.map((row) => [...row]),
    unparsed: [...unparsed],
    // fromEntries defines own properties, so a label such as "__proto__" cannot reach the prototype.
    per_class: Object.fromEntries(perClass),
    accuracy: divideOrNull(correct, n),
    macro_f1: divideOrNull(f1Sum, f1Count),
    weighted_f1: divideOrNull(weightedF1Sum, weightTotal),
    kappa: cohenKappa(confusion),
  };
}

/**
 * Classification metrics of `predicted` against `expected` over `labels` (see {@link confusionMatrix} for
 * the input rules: every expected value is a label; `null` or a non-label prediction is "unparsed").
 *
 * With no unparsed predictions every number equals scikit-learn's. An unparsed prediction behaves exactly as
 * sklearn treats a prediction outside `labels=`: it is a miss for its expected label's recall (and for
 * accuracy), and adds to no label's precision.
 */
export function classificationReport(
  expected: readonly string[],
  predicted: readonly (string | null)[],
  labels: readonly string[],
): ClassificationReport {
  assertSameLength('expected', expected, 'predicted', predicted);
  return reportFromConfusion(confusionMatrix(expected, predicted, labels));
}
