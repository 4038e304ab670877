// The comparison's conclusion in one sentence, the same in the console and in Markdown: which target is
// recommended and why, and whether the pass-rate gap to the runner-up (the best of the other targets by
// pass rate) is beyond noise by the exact McNemar test on the cases both graded:
//   "Recommended: small: the cheapest of the 2 targets that pass every gate ($0.00012 a case against
//    $0.0021 for large). Pass rate 3.3 points below large: within noise (McNemar p = 0.41, n = 120)."
import type { ComparedPair, ComparedTarget, ComparisonResults } from '../../shared/comparison.js';
import { NOISE_ALPHA } from '../diff/diff-verdict.js';
import { formatInteger, formatPValue, isNumber } from './results-format.js';

export interface ComparisonVerdict {
  /** The recommended target's name, or null */
  recommended: string | null;
  /** The whole sentence (text from the spec included: sanitize or escape it where it is shown) */
  sentence: string;
}

export function comparisonVerdict(results: ComparisonResults): ComparisonVerdict {
  const { targets, pairs, recommended, recommended_reason: reason } = results.comparison;
  const head = recommended ? recommendedHead(recommended, reason) : `No recommendation: ${lowerFirst(reason)}`;
  const anchor = recommended === null ? undefined : targets.find((t) => t.name === recommended);
  if (!anchor) return { recommended, sentence: head };
  const runnerUp = bestOther(targets, anchor);
  if (!runnerUp) return { recommended, sentence: head };
  const pair = pairs.find((p) => (p.a === anchor.name && p.b === runnerUp.name) || (p.a === runnerUp.name && p.b === anchor.name));
  return { recommended, sentence: `${head} ${gapSentence(anchor, runnerUp, pair)}` };
}

/** The other target with the highest pass rate (the spec's order on ties); undefined when there is none. */
function bestOther(targets: readonly ComparedTarget[], anchor: ComparedTarget): ComparedTarget | undefined {
  let best: ComparedTarget | undefined;
  for (const t of targets) {
    if (t === anchor) continue;
    if (!best || (t.pass_rate ?? -1) > (best.pass_rate ?? -1)) best = t;
  }
  return best;
}

function gapSentence(anchor: ComparedTarget, other: ComparedTarget, pair: ComparedPair | undefined): string {
  const test = pair ? `McNemar p = ${formatPValue(pair.mcnemar_p)}, n = ${formatInteger(pair.n)}` : 'no paired cases';
  const noise = pair && pair.a_only_pass + pair.b_only_pass > 0 && pair.mcnemar_p < NOISE_ALPHA ? 'beyond noise' : 'within noise';
  if (!isNumber(anchor.pass_rate) || !isNumber(other.pass_rate)) return `Against ${other.name}: pass rates not comparable (${test}).`;
  const points = Math.abs(anchor.pass_rate - other.pass_rate) * 100;
  if (points < 0.05) return `Same pass rate as ${other.name} (${test}).`;
  const direction = anchor.pass_rate < other.pass_rate ? 'below' : 'above';
  return `Pass rate ${points.toFixed(1)} points ${direction} ${other.name}: ${noise} (${test}).`;
}

/** "Recommended: small, the cheapest of …" when the reason starts "small is …", else the reason after a colon. */
function recommendedHead(name: string, reason: string): string {
  const lead = `${name} is `;
  return reason.startsWith(lead) ? `Recommended: ${name}, ${reason.slice(lead.length)}` : `Recommended: ${name}: ${reason}`;
}

function lowerFirst(text: string): string {
  return text.length > 1 && /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}
