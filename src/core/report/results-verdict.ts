// The run's verdict as a results file says it: which verdict, and the reason in words. Read from the
// results (summary.verdict and verdict_reason), with a fallback for runs written before the reason was
// saved, so the console, Markdown, GitHub annotations, the editor and the panel all say the same thing.
// How each verdict looks (word, marks, colour) is verdict-style.ts's.
import type { RunResults, RunVerdict } from '../../shared/results.js';
import { formatInteger, plural } from './results-format.js';
import { VERDICT_STYLE, verdictStyle, type VerdictStyle } from './verdict-style.js';

export interface VerdictView {
  verdict: RunVerdict;
  style: VerdictStyle;
  /** PASS, FAIL, NO GATES, PARTIAL, INCOMPLETE */
  word: string;
  reason: string;
}

export function verdictView(results: Pick<RunResults, 'summary' | 'run'>): VerdictView {
  const raw = results.summary?.verdict;
  // An unknown or missing verdict (a hand-edited or foreign file) is never shown as a pass.
  // Runs saved before `ungated` existed called a spec without gates a pass: it never was one.
  const ungatedPass = raw === 'pass' && Array.isArray(results.summary?.gates) && results.summary.gates.length === 0;
  const verdict: RunVerdict = ungatedPass ? 'ungated' : verdictStyle(raw) ? raw! : 'incomplete';
  const style = VERDICT_STYLE[verdict];
  const saved = results.summary?.verdict_reason;
  return { verdict, style, word: style.word, reason: typeof saved === 'string' && saved !== '' && !ungatedPass ? saved : fallbackReason(verdict, results) };
}

/** The reason for runs saved before `verdict_reason` existed. */
function fallbackReason(verdict: RunVerdict, results: Pick<RunResults, 'summary' | 'run'>): string {
  const gates = Array.isArray(results.summary?.gates) ? results.summary.gates : [];
  const failed = gates.filter((g) => !g.passed);
  switch (verdict) {
    case 'incomplete': {
      const unfinished = results.run?.unfinished?.length ?? 0;
      const total = (results.summary?.total ?? 0) + unfinished;
      return results.run?.stopped?.message ?? `the run did not finish: ${formatInteger(unfinished)} of ${plural(total, 'case')} unfinished`;
    }
    case 'fail':
      return `${formatInteger(failed.length)} of ${plural(gates.length, 'gate')} failed: ${failed.map((g) => g.name).join(', ')}`;
    case 'partial':
      return "a subset of the spec's cases: its gates are not the spec's verdict";
    case 'ungated':
      return 'the spec has no gates: numbers, but no launch verdict';
    case 'pass':
      return gates.length === 1 ? 'the gate passed' : `all ${formatInteger(gates.length)} gates passed`;
  }
}
