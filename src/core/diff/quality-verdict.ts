// The run comparison's conclusion in one word a reviewer can act on: `regression` or `improvement` when the
// exact McNemar test on the paired cases is below alpha 0.05, else `no detectable change`, which always comes
// with the smallest difference this sample could have detected, so that "no change" is not read as "same
// quality". The interval of the difference is Newcombe's for paired proportions (metrics/paired-difference.ts).
import { detectableDifference, newcombePairedInterval, pairedDifference } from '../metrics/index.js';
import type { McNemarSummary, QualityVerdict } from '../../shared/run-diff.js';
import { NOISE_ALPHA } from './diff-verdict.js';

export function qualityVerdict(m: McNemarSummary): QualityVerdict {
  const counts = { bothPassed: m.bothPassed, b: m.b, c: m.c, bothFailed: m.bothFailed };
  const difference = pairedDifference(counts);
  const significant = m.discordant > 0 && m.pValue < NOISE_ALPHA && difference !== null && difference !== 0;
  return {
    verdict: significant ? (difference < 0 ? 'regression' : 'improvement') : 'no detectable change',
    mcnemarP: m.pValue,
    difference,
    differenceCi95: newcombePairedInterval(counts),
    detectableDifference: detectableDifference(m.n, m.discordant),
    n: m.n,
  };
}
