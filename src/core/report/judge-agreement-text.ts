// The words of the "Judge vs human" block, shared by the console and the Markdown report: the headline
// numbers of a judge calibration and what stands behind them (examples graded, labels compared, raters).
import type { JudgeAgreement, JudgeAgreementStat } from '../../shared/results.js';
import { formatInteger, formatInterval, formatRate, isNumber, plural } from './results-format.js';

/** "agreement 0.850 (95% CI 0.640–0.948) · kappa 0.620 · n=20" */
export function agreementHeadline(stat: JudgeAgreementStat | undefined): string {
  const n = isNumber(stat?.n) ? stat.n : 0;
  if (n === 0) return 'no human verdict compared with the judge (n=0)';
  const kappa = isNumber(stat?.kappa) ? formatRate(stat.kappa) : 'undefined (one verdict only)';
  return `agreement ${formatRate(stat?.agreement)} (95% CI ${formatInterval(stat?.agreement_ci95)}) · kappa ${kappa} · n=${formatInteger(n)}`;
}

/** "6 examples, 4 with input and output, 4 graded · 14 human labels, 12 compared · alpha among raters 0.710" */
export function agreementSources(agreement: JudgeAgreement): string {
  const e = agreement.examples;
  const parts = [`${plural(e?.total ?? 0, 'example')}, ${formatInteger(e?.gradeable ?? 0)} with input and output, ${formatInteger(e?.graded ?? 0)} graded`];
  if ((e?.errors ?? 0) > 0) parts[0] += `, ${formatInteger(e.errors)} the judge could not grade`;
  if (agreement.human_labels) parts.push(`${plural(agreement.human_labels.rows, 'human label')}, ${formatInteger(agreement.human_labels.compared)} compared`);
  if (agreement.alpha !== undefined) parts.push(`alpha among raters ${isNumber(agreement.alpha) ? formatRate(agreement.alpha) : 'undefined'}`);
  return parts.join(' · ');
}

/** The 2×2 matrix as rows: [human verdict, judge pass, judge fail]. */
export function agreementMatrixRows(stat: JudgeAgreementStat | undefined): string[][] {
  const m = stat?.matrix;
  return [
    ['human pass', formatInteger(m?.[0]?.[0] ?? 0), formatInteger(m?.[0]?.[1] ?? 0)],
    ['human fail', formatInteger(m?.[1]?.[0] ?? 0), formatInteger(m?.[1]?.[1] ?? 0)],
  ];
}
