// The words for a rate gate's power: the full sentence of the gate-power diagnostic and the short CodeLens
// title above the gate. Both read the same RateGatePower, so the editor and `aispec check` say one thing.
import type { Interval } from '../../shared/results.js';
import type { RateGatePower } from './gate-powers.js';

/** A rate as a percentage with at most one decimal: 0.9667 → "96.7%". */
function percent(rate: number): string {
  return `${String(Math.round(rate * 1000) / 10)}%`;
}

/** A rate as the reports show one: up to three decimals, trailing zeros dropped. */
function rate(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

/** A count of cases with thousands grouped: 12345 → "12,345". */
function count(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const interval = ([lo, hi]: Interval) => `${lo.toFixed(3)}–${hi.toFixed(3)}`;

/** The gate-power diagnostic: n, the observed rate the bound needs, and the cases needed at the last rate. */
export function gatePowerMessage(gate: RateGatePower): string {
  const { name, shown, power } = gate;
  if (!power) return `${name} (n unknown: its cases are the ${gate.what}, known only after a run): run the eval once to see how many cases back it.`;
  const { n } = power;
  const nText = `n=${count(n)} ${gate.what}${gate.nFrom === 'last run' ? ' in the last run' : ''}`;
  if (n === 0) {
    const fewest = power.minCasesAllPassing === null ? '' : `; the 95% lower bound needs at least ${count(power.minCasesAllPassing)} cases, all passing, to clear ${shown}`;
    return `${name} (${nText}): no case backs this gate, so its rate is undefined and the gate fails${fewest}.`;
  }
  const lowerBound = gate.decideOn === 'lower_bound';
  let bound: string;
  if (power.minPassing !== null) {
    bound = `the 95% lower bound can clear ${shown} only with ≥ ${percent(power.minPassing / n)} observed (${count(power.minPassing)} of ${count(n)})`;
    if (!lowerBound) bound += ', and a pass below that is not decided by this sample';
  } else {
    const fewest = power.minCasesAllPassing === null ? 'no number of cases can' : `that takes at least ${count(power.minCasesAllPassing)} cases all passing`;
    bound = `the 95% lower bound cannot clear ${shown} even with ${count(n)} of ${count(n)} passing (${fewest})${lowerBound ? ', so the gate cannot pass' : ', so no pass is decided by this sample'}`;
  }
  const point = lowerBound ? '' : `the observed rate decides (≥ ${count(power.minPassingPoint!)} of ${count(n)} passes); `;
  return `${name} (${nText}): ${point}${bound}; ${lastRunClause(gate)}.`;
}

function lastRunClause(gate: RateGatePower): string {
  const power = gate.power!;
  if (power.assumedRate === undefined) {
    const why = gate.runSaved ? 'the last run observed no rate for it to size it by' : 'no saved run gives a rate to size it by';
    return `${why}; observed exactly at ${gate.shown}, the 95% interval over ${count(power.n)} cases would be ${interval(power.intervalAtTarget!)}`;
  }
  const at = rate(power.assumedRate);
  const shown = power.intervalAtRate ? `at the last observed ${at}, the 95% interval over ${count(power.n)} cases is ${interval(power.intervalAtRate)}, and ` : `at the last observed ${at}, `;
  if (power.casesNeeded === null || power.casesNeeded === undefined) {
    return `${shown}no number of cases lets its lower bound clear ${gate.shown} (a lower bound stays below the observed rate)`;
  }
  return `${shown}about ${count(power.casesNeeded)} cases are needed for the lower bound to clear ${gate.shown} at ${at}`;
}

/** The CodeLens above a rate gate, e.g. "n=20 · can pass only with ≥ 97% · ~60 cases needed at 0.92". */
export function gatePowerLensTitle(gate: RateGatePower): string {
  const { power } = gate;
  if (!power) return 'n known after a run';
  if (power.n === 0) return 'n=0 · no case backs it';
  const parts = [`n=${count(power.n)}`];
  const lowerBound = gate.decideOn === 'lower_bound';
  if (!lowerBound && power.minPassingPoint !== null) parts.push(`passes at ≥ ${percent(power.minPassingPoint / power.n)}`);
  if (power.minPassing !== null) parts.push(`${lowerBound ? 'can pass' : 'decided'} only with ≥ ${percent(power.minPassing / power.n)}`);
  else parts.push(`${lowerBound ? 'cannot pass' : 'never decided'}${power.minCasesAllPassing === null ? '' : ` (needs ≥ ${count(power.minCasesAllPassing)} cases)`}`);
  if (power.assumedRate !== undefined) {
    const at = rate(power.assumedRate);
    parts.push(power.casesNeeded == null ? `no n clears it at ${at}` : `~${count(power.casesNeeded)} cases needed at ${at}`);
  }
  return parts.join(' · ');
}
