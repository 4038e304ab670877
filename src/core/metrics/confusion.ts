// The confusion matrix of a classification eval, plus what a plain matrix cannot hold: outputs that did not
// become a label at all. Those are neither right nor a vote for some other label, so they get their own
// per-row count instead of being dropped (which would flatter recall) or forced into a column (which would
// invent a prediction).

import { assertSameLength } from './assert-input.js';

export interface ConfusionMatrix {
  /** The label order used by rows and columns (a copy of the `labels` argument). */
  labels: string[];
  /**
   * `matrix[i][j]` = cases expected `labels[i]` and predicted `labels[j]`. Rows are expected, columns are
   * predicted, as in sklearn's `confusion_matrix(y_true, y_pred, labels=labels)`.
   */
  matrix: number[][];
  /**
   * `unparsed[i]` = cases expected `labels[i]` whose prediction is `null` (the output could not be
   * classified) or a string that is not one of `labels`. Row i's support is the row sum plus `unparsed[i]`.
   */
  unparsed: number[];
}

/** Maps each label to its index, rejecting duplicates (they would make rows ambiguous). */
function indexLabels(labels: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  labels.forEach((label, i) => {
    if (index.has(label)) throw new RangeError(`duplicate label ${JSON.stringify(label)}`);
    index.set(label, i);
  });
  return index;
}

/**
 * Counts expected × predicted in `labels` order, in one pass (O(n + k²)).
 *
 * Every `expected[i]` must be one of `labels` (the spec schema guarantees it; cases without an expected label
 * must be filtered out by the caller). A `predicted[i]` that is `null` or not a label is counted in
 * `unparsed` for its expected row. With no unparsed predictions `matrix` equals sklearn's
 * `confusion_matrix(expected, predicted, labels=labels)`.
 */
export function confusionMatrix(
  expected: readonly string[],
  predicted: readonly (string | null)[],
  labels: readonly string[],
): ConfusionMatrix {
  assertSameLength('expected', expected, 'predicted', predicted);
  const index = indexLabels(labels);
  const k = labels.length;
  const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const unparsed = new Array<number>(k).fill(0);
  for (let i = 0; i < expected.length; i++) {
    const row = index.get(expected[i] as string);
    if (row === undefined) {
      throw new RangeError(`expected[${i}] = ${JSON.stringify(expected[i])} is not one of the labels`);
    }
    const label = predicted[i];
    const column = label === null || label === undefined ? undefined : index.get(label);
    if (column === undefined) {
      unparsed[row] = (unparsed[row] as number) + 1;
    } else {
      const counts = matrix[row] as number[];
      counts[column] = (counts[column] as number) + 1;
    }
  }
  return { labels: [...labels], matrix, unparsed };
}
