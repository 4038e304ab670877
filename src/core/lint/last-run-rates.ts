// The rates a saved run observed, by the gate name that would hold each (`pass_rate`, `per_tag.edge`,
// `recall.refuse`, ...), whether or not the spec gated them then: gate-power sizes a gate by the rate it last
// saw. A results file is read from disk and may be old, edited or planted, so every field is checked here
// and one that is not what a run writes is left out rather than trusted.
import type { RunResults } from '../../shared/results.js';
import { isRecord } from '../util/is-record.js';

/** An observed rate and the cases behind it (the rate is null when undefined in that run). */
export interface ObservedRate {
  rate: number | null;
  n: number;
}

/** Observed rates by gate name. */
export type LastRunRates = Readonly<Record<string, ObservedRate>>;

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const rateOrNull = (value: unknown): number | null | undefined =>
  value === null ? null : typeof value === 'number' && value >= 0 && value <= 1 ? value : undefined;

export function lastRunRates(results: RunResults): LastRunRates {
  const rates: Record<string, ObservedRate> = {};
  const put = (name: string, rate: unknown, n: unknown) => {
    const checked = rateOrNull(rate);
    if (checked !== undefined && isCount(n)) rates[name] = { rate: checked, n };
  };
  const data: unknown = results;
  if (!isRecord(data)) return rates;
  const { summary, by_tag: byTag, by_criterion: byCriterion, classification } = data;
  if (isRecord(summary) && isCount(summary.passed) && isCount(summary.failed)) put('pass_rate', summary.pass_rate, summary.passed + summary.failed);
  for (const [prefix, stats] of [['per_tag', byTag], ['per_criterion', byCriterion]] as const) {
    if (!isRecord(stats)) continue;
    for (const [key, stat] of Object.entries(stats)) if (isRecord(stat)) put(`${prefix}.${key}`, stat.rate, stat.n);
  }
  if (isRecord(classification)) {
    put('accuracy', classification.accuracy, classification.n);
    const { labels, matrix, per_class: perClass } = classification;
    if (Array.isArray(labels) && Array.isArray(matrix) && isRecord(perClass)) {
      labels.forEach((label, column) => {
        const metrics = perClass[label as string];
        if (typeof label !== 'string' || !isRecord(metrics)) return;
        put(`recall.${label}`, metrics.recall, metrics.support);
        // A precision's cases are the outputs predicted as the label: the label's column of the matrix.
        const predicted = matrix.reduce<number>((sum, row) => sum + (Array.isArray(row) && isCount(row[column]) ? row[column] : 0), 0);
        put(`precision.${label}`, metrics.precision, predicted);
      });
    }
  }
  return rates;
}
