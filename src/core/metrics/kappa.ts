// Cohen's kappa: agreement between expected and predicted labels beyond what their marginal frequencies
// would produce by chance. Accuracy alone looks good on an imbalanced set where always answering the
// majority label scores high; kappa for that predictor is 0.

import type { ConfusionMatrix } from './confusion.js';

/**
 * Unweighted Cohen's kappa, or `null` when undefined.
 *
 * Unparsed predictions are one extra category that no case expects: they count as disagreement (lowering
 * observed agreement) and add nothing to chance agreement. This equals sklearn's
 * `cohen_kappa_score(expected, predicted, labels=[...labels, SENTINEL])` with every unparsed prediction
 * replaced by SENTINEL. (Passing only `labels` to sklearn would silently drop those cases instead.)
 *
 * Undefined (null) when chance agreement is 1, i.e. every case expects and predicts the same single label,
 * and when there are no cases. sklearn returns NaN there.
 */
export function cohenKappa(confusion: ConfusionMatrix): number | null {
  const { matrix, unparsed } = confusion;
  let n = 0;
  let agreed = 0;
  let chanceProductSum = 0; // Σ_i rowTotal_i · columnTotal_i, exact in integers
  const columnTotals = new Array<number>(matrix.length).fill(0);
  matrix.forEach((row) => row.forEach((count, j) => (columnTotals[j] = (columnTotals[j] ?? 0) + count)));
  matrix.forEach((row, i) => {
    const rowTotal = row.reduce((sum, count) => sum + count, 0) + (unparsed[i] ?? 0);
    n += rowTotal;
    agreed += row[i] ?? 0;
    chanceProductSum += rowTotal * (columnTotals[i] ?? 0);
  });
  if (n === 0) return null;
  // sklearn computes 1 − Σ_{i≠j} observed / Σ_{i≠j} expected with expected = rowTotal·columnTotal / n.
  // Both sums are formed here from integers, so the only rounding is in the final two divisions.
  const chanceDisagreement = (n * n - chanceProductSum) / n;
  if (chanceDisagreement === 0) return null;
  return 1 - (n - agreed) / chanceDisagreement;
}
