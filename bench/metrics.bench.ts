// The report's metrics on 100k cases (issue 15: no test asserts a wall time, so their budget lives here):
// classificationReport, the F1 bootstrap (B = 2,000), rocAuc, the precision-recall curve, a percentile, and
// mcnemarExact with a million discordant cases. Each is printed as the median (min–max) of several runs and as a
// ratio against a floor measured in the same run: one pass over the same arrays, the least any metric can do.
// A quadratic slip shows as a ratio in the thousands; the old test bound was "well under a second" each.
//   node --import tsx bench/metrics.bench.ts [--runs N]      (npm run bench:metrics -- --runs 9)
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  bootstrapF1Intervals,
  classificationReport,
  mcnemarExact,
  percentile,
  precisionRecallCurve,
  rocAuc,
} from '../src/core/metrics/index.js';
import { syntheticClassification } from '../test/support/synthetic-classification.js';
import { median } from './stats.js';

const N = 100_000;
const BUDGET_MS = 1000;
const labels = ['answer', 'refuse', 'clarify', 'escalate'];

function argValue(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} wants a positive whole number`);
  return value;
}
const runs = argValue('--runs', 5);

// The same deterministic data the tests check (test/unit/metrics/performance.test.ts).
const { expected, predicted, isPositive, scores } = syntheticClassification(N, labels, 'refuse');
const report = classificationReport(expected, predicted, labels);

// The floor: one pass reading every array a metric reads, so the JIT cannot drop it (the sum is printed).
let sink = 0;
function onePass(): void {
  let matches = 0;
  let total = 0;
  for (let i = 0; i < N; i++) {
    if (expected[i] === predicted[i]) matches++;
    if (isPositive[i]) total += scores[i]!;
  }
  sink += matches + total;
}

const metrics: [string, () => unknown][] = [
  ['classificationReport, 100k cases', () => classificationReport(expected, predicted, labels)],
  ['bootstrapF1Intervals, B = 2,000', () => bootstrapF1Intervals(report)],
  ['rocAuc, 100k scores', () => rocAuc(isPositive, scores)],
  ['precisionRecallCurve, 100k scores', () => precisionRecallCurve(isPositive, scores)],
  ['percentile p95, 100k values', () => percentile(scores, 95)],
  ['mcnemarExact, 1M discordant', () => mcnemarExact(499_000, 501_000)],
];

function timeOnce(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

// Warm-up: one run of each, so the medians are of compiled code (as in a long editor session or a CLI run).
onePass();
for (const [, run] of metrics) run();

const floor: number[] = [];
const times = metrics.map(() => [] as number[]);
for (let round = 0; round < runs; round++) {
  // Interleaved: each round measures the floor and every metric, so a busy moment touches them alike.
  floor.push(timeOnce(onePass));
  metrics.forEach(([, run], i) => times[i]!.push(timeOnce(run)));
}

const ms = (value: number): string => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
const floorMedian = median(floor);
const ratio = (value: number): string => value.toFixed(value < 10 ? 2 : 0);
console.log(`metrics on ${N.toLocaleString('en')} cases: ${runs} runs, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`  floor (one pass over the arrays): ${ms(floorMedian)} (${ms(Math.min(...floor))}–${ms(Math.max(...floor))})  [checksum ${sink.toFixed(0)}]`);
for (const [i, [name]] of metrics.entries()) {
  const all = times[i]!;
  const mid = median(all);
  const verdict = mid < BUDGET_MS ? 'met' : 'NOT MET';
  console.log(`  ${name.padEnd(36)} median ${ms(mid).padStart(9)} (${ms(Math.min(...all))}–${ms(Math.max(...all))}), ${ratio(mid / floorMedian)}x the floor; budget < ${BUDGET_MS} ms: ${verdict}`);
}
