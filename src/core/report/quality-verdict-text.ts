// The run comparison's verdict in words, shared by the console, Markdown and review renderers: the verdict, the
// paired difference with its 95% interval and method, the McNemar p, and for "no detectable change" what this
// sample could have detected, so that it is not read as "same quality".
import { formatInteger, formatPoints, plural } from './results-format.js';
import type { QualityVerdict } from '../../shared/run-diff.js';
import { pStatement } from '../diff/diff-verdict.js';

/** `regression`, `improvement`, `no detectable change` as a headline word. */
export function qualityWord(q: QualityVerdict): string {
  return q.verdict === 'regression' ? 'REGRESSION' : q.verdict === 'improvement' ? 'IMPROVEMENT' : 'NO DETECTABLE CHANGE';
}

/** The facts behind the verdict, one sentence each. */
export function qualitySentences(q: QualityVerdict, discordant: number): string[] {
  if (q.n === 0 || q.difference === null) return ['No case has a pass or fail verdict in both runs, so there is nothing to compare.'];
  const ci = q.differenceCi95 ? ` (95% CI ${formatPoints(q.differenceCi95[0])} to ${formatPoints(q.differenceCi95[1])}, Newcombe's paired score interval)` : '';
  const sentences = [`Head − base pass rate on ${plural(q.n, 'paired case')}: ${formatPoints(q.difference)}${ci}; exact McNemar ${pStatement(q.mcnemarP)} (alpha 0.05).`];
  if (q.verdict !== 'no detectable change') return sentences;
  if (q.detectableDifference !== null) {
    sentences.push(`With ${plural(q.n, 'case')} and ${formatInteger(discordant)} flipped, only a difference of ${formatPoints(q.detectableDifference).replace(/^\+/, '')} or more would be detected with 80% power; a smaller change may be there.`);
  } else if (discordant === 0) {
    sentences.push('No case flipped, so the difference this sample could detect cannot be estimated from it; "no change" here is not "same quality".');
  } else {
    sentences.push(`With only ${formatInteger(discordant)} of ${plural(q.n, 'case')} flipping, no difference could be detected with 80% power: more cases are needed before "no change" means anything.`);
  }
  return sentences;
}
