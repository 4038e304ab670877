// Binomial tail probabilities for McNemar's exact test. Up to 1000 trials the tail is summed exactly in
// big integers. Beyond that the textbook C(n,k)·p^k·q^(n−k) overflows, and summing log-factorials loses
// digits to cancellation (ln n! ≈ 1e6 at n = 1e5, so 1e-16 relative error there is 1e-10 in the result).
// There the point mass uses Catherine Loader's saddle-point expansion ("Fast and Accurate Computation of
// Binomial Probabilities", 2000; the algorithm behind R's dbinom), which never forms the large terms it
// cancels and stays accurate to ~1e-14 relative far into the tail.

/**
 * stirlerr(n) = ln n! − (n + ½)·ln n + n − ½·ln 2π for n = 0..15 (n = 0 unused), from 60-digit decimal
 * arithmetic rounded to the nearest double; the asymptotic series below is not accurate this low.
 */
const STIRLING_ERROR_SMALL = [
  0, 0.08106146679532726, 0.0413406959554093, 0.02767792568499834, 0.020790672103765093, 0.016644691189821193,
  0.013876128823070748, 0.01189670994589177, 0.010411265261972096, 0.009255462182712733, 0.00833056343336287,
  0.007573675487951841, 0.00694284010720953, 0.006408994188004207, 0.0059513701127588475, 0.005554733551962801,
];

const LN_2PI = 1.8378770664093456; // ln(2π)

/** Error of Stirling's approximation to ln n! for a non-negative integer n. */
export function stirlingError(n: number): number {
  if (n <= 15) return STIRLING_ERROR_SMALL[n] as number;
  // Asymptotic series 1/(12n) − 1/(360n³) + 1/(1260n⁵) − …, with fewer terms as n grows: each range keeps
  // the first omitted term below ~1e-16 absolute (the cut-offs R uses).
  const S0 = 1 / 12;
  const S1 = 1 / 360;
  const S2 = 1 / 1260;
  const S3 = 1 / 1680;
  const S4 = 1 / 1188;
  const nn = n * n;
  if (n > 500) return (S0 - S1 / nn) / n;
  if (n > 80) return (S0 - (S1 - S2 / nn) / nn) / n;
  if (n > 35) return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
  return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
}

/**
 * Deviance term x·ln(x/m) + m − x, computed without cancellation when x ≈ m (by a series in
 * v = (x − m)/(x + m)), which is where the direct formula loses every digit.
 */
function devianceTerm(x: number, m: number): number {
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    let v = (x - m) / (x + m);
    let sum = (x - m) * v;
    let term = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      term *= v;
      const next = sum + term / (2 * j + 1);
      if (next === sum) return next;
      sum = next;
    }
    return sum;
  }
  return x * Math.log(x / m) + m - x;
}

/** P(X = k) for X ~ Binomial(n, p), with integers 0 ≤ k ≤ n and 0 < p < 1. */
export function binomialPmf(k: number, n: number, p: number): number {
  const q = 1 - p;
  // pow is exact for p = ½ (a power of two) and within an ulp otherwise; exp(n·ln q) would not be.
  if (k === 0) return Math.pow(q, n);
  if (k === n) return Math.pow(p, n);
  const logCore =
    stirlingError(n) - stirlingError(k) - stirlingError(n - k) - devianceTerm(k, n * p) - devianceTerm(n - k, n * q);
  // ½·ln(2π·k·(n−k)/n): the Gaussian normalisation of the saddle-point expansion.
  const logNormalisation = 0.5 * (LN_2PI + Math.log(k) + Math.log1p(-k / n));
  return Math.exp(logCore - logNormalisation);
}

/** Up to this many trials the tail is summed exactly; 2^-n is still a normal double, so scaling is exact. */
const EXACT_TRIALS_LIMIT = 1000;

/**
 * P(X ≤ k) for X ~ Binomial(n, ½), n ≤ 1000, correctly rounded: Σ_{j≤k} C(n, j) is summed in BigInt, so
 * the only rounding is converting that integer to a double (the 2^-n factor is an exact power of two).
 */
export function halfLowerTailExact(k: number, n: number): number {
  if (n > EXACT_TRIALS_LIMIT) throw new RangeError(`exact binomial tail is limited to n ≤ ${EXACT_TRIALS_LIMIT}`);
  if (k < 0) return 0;
  if (k >= n) return 1;
  let coefficient = 1n;
  let sum = 1n;
  for (let j = 1; j <= k; j++) {
    coefficient = (coefficient * BigInt(n - j + 1)) / BigInt(j); // C(n, j) from C(n, j−1), always exact
    sum += coefficient;
  }
  return Number(sum) * 2 ** -n;
}

/**
 * P(X ≤ k) for X ~ Binomial(n, ½), any n, to ~1e-14 relative. Sums the point masses downward from k using
 * pmf(j−1) = pmf(j)·j/(n−j+1), starting from Loader's pmf(k); below the mode the terms shrink, so the loop
 * stops once they no longer change the sum. O(k) at worst.
 */
export function halfLowerTailBySaddlePoint(k: number, n: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  let term = binomialPmf(k, n, 0.5);
  let sum = term;
  for (let j = k; j > 0; j--) {
    term *= j / (n - j + 1);
    const next = sum + term;
    if (next === sum) break;
    sum = next;
  }
  return Math.min(1, sum);
}

/**
 * P(X ≤ k) for X ~ Binomial(n, ½): exact (correctly rounded) up to n = 1000, which covers most eval sets,
 * and by the saddle-point method beyond, where exact big-integer sums would cost O(n²) bit operations.
 */
export function binomialHalfLowerTail(k: number, n: number): number {
  return n <= EXACT_TRIALS_LIMIT ? halfLowerTailExact(k, n) : halfLowerTailBySaddlePoint(k, n);
}
