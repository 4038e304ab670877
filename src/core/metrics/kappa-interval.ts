// The 95% interval of Cohen's kappa, for `kappa` gates: the large-sample (asymptotic normal) interval
// kappa ± z·SE, with the standard error under the alternative of Fleiss, Cohen & Everitt (1969). This is
// the interval statsmodels reports as `cohens_kappa(table).kappa_low` / `.kappa_upp` (`std_kappa`); kappa
// is a ratio of agreements, not a proportion of cases, so Wilson does not apply.

import type { ConfusionMatrix } from './confusion.js';
import { cohenKappa } from './kappa.js';
import { Z_95 } from './wilson.js';
import type { Interval } from '../../shared/results.js';

/**
 * The interval of {@link cohenKappa}, or `null` when kappa is undefined (no cases, or chance agreement 1).
 *
 * Unparsed predictions are one extra category, as in {@link cohenKappa}: the table is (k+1)×(k+1) with the
 * unparsed counts as its last column and an empty last row. With that table the ends equal statsmodels'
 * `cohens_kappa(table)` (built with `alpha = norm.sf(z)`) `kappa_low` and `kappa_upp`, except that they are
 * clipped to kappa's range [-1, 1]: the normal approximation can reach past 1 near perfect agreement.
 *
 * A large-sample interval: with no disagreement at all in the sample (kappa = 1) its width is 0, however few
 * the cases. Gate on accuracy too (its Wilson interval does not collapse) when the sample is small.
 */
export function cohenKappaInterval(confusion: ConfusionMatrix, z: number = Z_95): Interval | null {
  const kappa = cohenKappa(confusion);
  if (kappa === null) return null;
  const { matrix, unparsed } = confusion;
  const k = matrix.length;
  const size = k + 1;
  // p[i][j] as a flat (k+1)² table of frequencies; row k (no case expects "unparsed") stays 0.
  const table = new Float64Array(size * size);
  let n = 0;
  for (let i = 0; i < k; i++) {
    const row = matrix[i] ?? [];
    for (let j = 0; j < k; j++) table[i * size + j] = row[j] ?? 0;
    table[i * size + k] = unparsed[i] ?? 0;
    for (let j = 0; j < size; j++) n += table[i * size + j] as number;
  }
  const freqRow = new Float64Array(size);
  const freqCol = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const p = (table[i * size + j] as number) / n;
      table[i * size + j] = p;
      freqRow[i] = (freqRow[i] as number) + p;
      freqCol[j] = (freqCol[j] as number) + p;
    }
  }
  let agreeExpected = 0;
  for (let i = 0; i < size; i++) agreeExpected += (freqCol[i] as number) * (freqRow[i] as number);
  // statsmodels' terms, in its order: the diagonal, the off-diagonal, and the correction.
  let termA = 0;
  let offDiagonal = 0;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const p = table[i * size + j] as number;
      if (i === j) termA += p * (1 - ((freqRow[i] as number) + (freqCol[i] as number)) * (1 - kappa)) ** 2;
      else offDiagonal += p * ((freqCol[i] as number) + (freqRow[j] as number)) ** 2;
    }
  }
  const termB = (1 - kappa) ** 2 * offDiagonal;
  const termC = (kappa - agreeExpected * (1 - kappa)) ** 2;
  const variance = (termA + termB - termC) / (1 - agreeExpected) ** 2 / n;
  // The variance is ≥ 0 in exact arithmetic; rounding can leave a -1e-17 where it is 0.
  const delta = z * Math.sqrt(Math.max(0, variance));
  return [Math.max(-1, kappa - delta), Math.min(1, kappa + delta)];
}
