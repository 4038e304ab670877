// Deterministic synthetic classification data for the metrics at scale: the same arrays on every run, shared by
// the correctness tests (test/unit/metrics/performance.test.ts) and the speed bench (bench/metrics.bench.ts) so
// the bench times exactly what the tests check.

export interface SyntheticClassification {
  expected: string[];
  /** 80% right; of the rest, half unparsed (null) and half a random label. */
  predicted: (string | null)[];
  /** Whether each case's expected label is `positive`. */
  isPositive: boolean[];
  /** A score per case, higher on average for positives, rounded to 3 decimals (so there are ties). */
  scores: number[];
}

export function syntheticClassification(n: number, labels: readonly string[], positive: string): SyntheticClassification {
  // A linear congruential generator: simple, and the same sequence everywhere.
  let seed = 12345;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const randomLabel = (): string => labels[Math.floor(next() * labels.length)] as string;
  const expected = Array.from({ length: n }, randomLabel);
  const predicted = expected.map((label) => (next() < 0.8 ? label : next() < 0.5 ? null : randomLabel()));
  const isPositive = expected.map((label) => label === positive);
  const scores = isPositive.map((isPos) => Math.round((next() + (isPos ? 0.3 : 0)) * 1000) / 1000);
  return { expected, predicted, isPositive, scores };
}
