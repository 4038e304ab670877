// Percentile-bootstrap intervals for the classification scores that are not proportions: per-label F1 and
// macro F1 (`f1` and `macro_f1` gates). F1 is a ratio of two random counts, so neither Wilson nor a simple
// normal formula gives its interval; resampling the cases does.
//
// Method: the nonparametric percentile bootstrap (Efron), no stratification. Each of B resamples draws n
// cases with replacement from the n graded cases; the interval is the 2.5th and 97.5th percentile of the
// B resampled scores (numpy's linear percentile, as scipy.stats.bootstrap(method='percentile') takes it).
// The draws come from mulberry32 with a fixed seed, so the same sample always gives the same interval.
//
// F1 depends on a case only through its cell of the confusion matrix (expected × predicted, or unparsed),
// so drawing n cases with replacement and counting them by cell is drawing the cell counts from
// Multinomial(n; count/n per cell). That draw is made directly, as a chain of binomials (cell by cell in
// row-major order), each sampled exactly by inversion from its mode: a resample costs O(cells·√n) instead
// of O(n), which keeps B = 2,000 at milliseconds for 100,000 cases. The interval is therefore a function of
// the counts alone: case order, shards and `aispec merge` cannot change it.

import { assertCount } from './assert-input.js';
import type { ConfusionMatrix } from './confusion.js';
import { binomialPmf } from './binomial.js';
import { percentiles } from './percentile.js';
import { mulberry32 } from './random.js';
import type { Interval } from '../../shared/results.js';

/** Resamples per interval: 2,000 keeps the Monte Carlo error of a 2.5% quantile near 0.06 standard errors. */
export const BOOTSTRAP_RESAMPLES = 2000;
/** The mulberry32 seed every bootstrap interval starts from. */
export const BOOTSTRAP_SEED = 1;

export interface BootstrapOptions {
  /** B, default {@link BOOTSTRAP_RESAMPLES}. */
  resamples?: number;
  /** Default {@link BOOTSTRAP_SEED}. */
  seed?: number;
}

export interface F1Intervals {
  /** Per label (in `labels` order): the 95% interval of its F1, null where its F1 is undefined. */
  perClass: (Interval | null)[];
  /** The 95% interval of macro F1, null where macro F1 is undefined. */
  macro: Interval | null;
}

/**
 * 95% percentile-bootstrap intervals of every label's F1 and of macro F1, with the definitions of
 * {@link reportFromConfusion}: F1 = 2·tp / (support + predicted), macro F1 the mean of the defined F1s.
 *
 * A resample in which a label is neither expected nor predicted has no F1 for it; that resample is left out
 * of the label's interval (and the label out of that resample's macro F1), as the point estimate leaves
 * undefined labels out. A score undefined on the sample itself gets null. With no error in the sample every
 * resample scores 1 and the interval is [1, 1]: the bootstrap cannot see errors the sample does not have.
 */
export function bootstrapF1Intervals(confusion: ConfusionMatrix, options: BootstrapOptions = {}): F1Intervals {
  const resamples = options.resamples ?? BOOTSTRAP_RESAMPLES;
  assertCount('resamples', resamples);
  if (resamples === 0) throw new RangeError('resamples must be at least 1');
  const { matrix, unparsed } = confusion;
  const k = matrix.length;
  const width = k + 1; // the last column of a row is its unparsed count
  const cellCounts = flattenCells(matrix, unparsed, width);
  const n = cellCounts.reduce((sum, count) => sum + count, 0);
  const predictedTotal = (j: number) => matrix.reduce((sum, row) => sum + (row[j] ?? 0), 0);
  const labelDefined = Array.from({ length: k }, (_, i) => (matrix[i] ?? []).reduce((s, v) => s + v, 0) + (unparsed[i] ?? 0) + predictedTotal(i) > 0);
  if (n === 0 || !labelDefined.some(Boolean)) return { perClass: labelDefined.map(() => null), macro: null };

  const random = mulberry32(options.seed ?? BOOTSTRAP_SEED);
  const f1s = Array.from({ length: k }, () => new Float64Array(resamples));
  const macros = new Float64Array(resamples);
  const counts = new Float64Array(k * width);
  const support = new Float64Array(k);
  const predicted = new Float64Array(k);
  for (let b = 0; b < resamples; b++) {
    multinomial(n, cellCounts, counts, random);
    support.fill(0);
    predicted.fill(0);
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < width; j++) {
        const c = counts[i * width + j]!;
        support[i]! += c;
        if (j < k) predicted[j]! += c;
      }
    }
    let sum = 0;
    let defined = 0;
    for (let i = 0; i < k; i++) {
      const denominator = support[i]! + predicted[i]!;
      const f1 = denominator === 0 ? Number.NaN : (2 * counts[i * width + i]!) / denominator;
      f1s[i]![b] = f1;
      if (denominator !== 0) {
        sum += f1;
        defined++;
      }
    }
    macros[b] = defined === 0 ? Number.NaN : sum / defined;
  }
  return { perClass: f1s.map((values, i) => (labelDefined[i] ? percentileInterval(values) : null)), macro: percentileInterval(macros) };
}

/** The counts as one row-major array, row i holding matrix[i] then unparsed[i]; each must be a count. */
function flattenCells(matrix: readonly number[][], unparsed: readonly number[], width: number): number[] {
  const cells: number[] = [];
  matrix.forEach((row, i) => {
    for (let j = 0; j < width; j++) {
      const count = j < width - 1 ? (row[j] ?? 0) : (unparsed[i] ?? 0);
      assertCount(j < width - 1 ? `matrix[${i}][${j}]` : `unparsed[${i}]`, count);
      cells.push(count);
    }
  });
  return cells;
}

/**
 * Fills `out` with one draw from Multinomial(n; weights / n), where the weights sum to n: each cell in turn
 * takes Binomial(cases left, its weight / weight left), the last non-empty cell the rest.
 */
function multinomial(n: number, weights: readonly number[], out: Float64Array, random: () => number): void {
  out.fill(0);
  let casesLeft = n;
  let weightLeft = n;
  for (let c = 0; c < weights.length && casesLeft > 0; c++) {
    const weight = weights[c]!;
    if (weight === 0) continue;
    const drawn = weight >= weightLeft ? casesLeft : binomial(casesLeft, weight / weightLeft, random);
    out[c] = drawn;
    casesLeft -= drawn;
    weightLeft -= weight;
  }
}

/**
 * One draw from Binomial(trials, p), 0 < p < 1, by inversion searching outward from the mode: the uniform
 * is spent on P(mode), then alternately on the next value above and below, each probability from its
 * neighbour's by the pmf ratio. Exact up to rounding, and about 1.6 standard deviations of steps.
 */
function binomial(trials: number, p: number, random: () => number): number {
  const q = 1 - p;
  const mode = Math.min(trials, Math.floor((trials + 1) * p));
  const atMode = binomialPmf(mode, trials, p);
  let u = random() - atMode;
  if (u < 0) return mode;
  let up = mode;
  let down = mode;
  let probabilityUp = atMode;
  let probabilityDown = atMode;
  const ratio = p / q;
  while (up < trials || down > 0) {
    if (up < trials) {
      probabilityUp *= ((trials - up) / (up + 1)) * ratio;
      up++;
      u -= probabilityUp;
      if (u < 0) return up;
    }
    if (down > 0) {
      probabilityDown *= (down / (trials - down + 1)) / ratio;
      down--;
      u -= probabilityDown;
      if (u < 0) return down;
    }
    if (probabilityUp === 0 && probabilityDown === 0) break; // both tails underflowed: nothing left to spend u on
  }
  // Only rounding can leave u ≥ 0 after every value (the probabilities sum to 1 within ~1e-15).
  return mode;
}

/** The 2.5th and 97.5th percentiles of the defined (non-NaN) resampled scores; null when none is defined. */
function percentileInterval(values: Float64Array): Interval | null {
  const defined = Array.from(values).filter((v) => !Number.isNaN(v));
  if (defined.length === 0) return null;
  const [lo, hi] = percentiles(defined, [2.5, 97.5]);
  return [lo!, hi!];
}
