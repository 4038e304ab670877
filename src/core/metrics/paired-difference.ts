// How far two runs over the same cases differ in pass rate, and how small a difference this sample could have
// seen at all. McNemar's test (mcnemar.ts) says whether the runs differ; these say by how much, and what a
// "no detectable change" leaves open, so a reviewer does not read "no change" as "same quality".
//
// The paired 2×2 table, base run by head run:
//
//                 head pass   head fail
//   base pass        a           b
//   base fail        c           d
//
// The difference is head's pass rate minus base's on these n = a + b + c + d cases: (c − b) / n.
import { assertCount } from './assert-input.js';
import { wilsonInterval, Z_95 } from './wilson.js';
import type { Interval } from '../../shared/results.js';

/** z for 80% power, Φ⁻¹(0.8) (scipy.stats.norm.ppf(0.8)). */
export const Z_80 = 0.8416212335729143;

export interface PairedCounts {
  /** Passed in both runs. */
  bothPassed: number;
  /** Passed in base, failed in head. */
  b: number;
  /** Failed in base, passed in head. */
  c: number;
  /** Failed in both runs. */
  bothFailed: number;
}

function total(counts: PairedCounts): number {
  const { bothPassed, b, c, bothFailed } = counts;
  for (const [name, value] of Object.entries(counts)) assertCount(name, value);
  return bothPassed + b + c + bothFailed;
}

/** Head's pass rate minus base's on the paired cases, (c − b) / n; null when n = 0. */
export function pairedDifference(counts: PairedCounts): number | null {
  const n = total(counts);
  return n === 0 ? null : (counts.c - counts.b) / n;
}

/**
 * The 95% interval of the paired difference by Newcombe's hybrid score method without continuity correction
 * (Newcombe 1998, "Improved confidence intervals for the difference between binomial proportions based on
 * paired data", Statistics in Medicine 17:2635–2650, method 10). Each run's pass rate gets its Wilson
 * interval (l₁, u₁ for head, l₂, u₂ for base), and the two are joined with the correlation φ of the paired
 * table, so that cases which agree in both runs narrow the interval:
 *
 *   φ = (a·d − b·c) / √((a+b)(c+d)(a+c)(b+d)), taken as 0 when a margin is 0
 *   L = θ − √((p₁ − l₁)² − 2φ(p₁ − l₁)(u₂ − p₂) + (u₂ − p₂)²)
 *   U = θ + √((u₁ − p₁)² − 2φ(u₁ − p₁)(p₂ − l₂) + (p₂ − l₂)²)
 *
 * with p₁ = (a + c)/n, p₂ = (a + b)/n and θ = p₁ − p₂. Null when n = 0. Checked against an independent Python
 * implementation built on statsmodels' Wilson interval (test/reference/generate_paired_reference.py).
 */
export function newcombePairedInterval(counts: PairedCounts, z: number = Z_95): Interval | null {
  const n = total(counts);
  if (n === 0) return null;
  const { bothPassed: a, b, c, bothFailed: d } = counts;
  const p1 = (a + c) / n;
  const p2 = (a + b) / n;
  const [l1, u1] = wilsonInterval(a + c, n, z)!;
  const [l2, u2] = wilsonInterval(a + b, n, z)!;
  const margins = (a + b) * (c + d) * (a + c) * (b + d);
  const phi = margins === 0 ? 0 : (a * d - b * c) / Math.sqrt(margins);
  const theta = p1 - p2;
  const lowerSpread = (p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2;
  const upperSpread = (u1 - p1) ** 2 - 2 * phi * (u1 - p1) * (p2 - l2) + (p2 - l2) ** 2;
  const lower = theta - Math.sqrt(Math.max(0, lowerSpread));
  const upper = theta + Math.sqrt(Math.max(0, upperSpread));
  return [Math.max(-1, lower), Math.min(1, upper)];
}

/**
 * The smallest difference in pass rate that a two-sided McNemar test at alpha 0.05 would detect with 80% power
 * on n paired cases, given the share of cases that flip (the observed discordance ψ = (b + c)/n). Connor's
 * (1987) sample size for McNemar's test,
 *
 *   n = (z_α/2·√ψ + z_β·√(ψ − δ²))² / δ²,
 *
 * solved for δ at the n at hand: the left side √n·δ grows with δ and the right side z_α/2·√ψ + z_β·√(ψ − δ²)
 * shrinks, so the root is unique and bisection finds it. Null when no case flipped (ψ = 0: the formula needs a
 * discordance, and none was seen) or when even δ = ψ, every flip in one direction, would not be detected.
 */
export function detectableDifference(n: number, discordant: number, zAlpha: number = Z_95, zBeta: number = Z_80): number | null {
  assertCount('n', n);
  assertCount('discordant', discordant);
  if (discordant > n) throw new RangeError(`discordant (${discordant}) cannot exceed n (${n})`);
  if (n === 0 || discordant === 0) return null;
  const psi = discordant / n;
  const gap = (delta: number) => Math.sqrt(n) * delta - (zAlpha * Math.sqrt(psi) + zBeta * Math.sqrt(Math.max(0, psi - delta * delta)));
  if (gap(psi) < 0) return null;
  let lo = 0;
  let hi = psi;
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (gap(mid) < 0) lo = mid;
    else hi = mid;
  }
  return hi;
}
