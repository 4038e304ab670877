// The run's verdict, decided in one place for every host: the CLI's exit code, the editor's CodeLens and
// notification, the panel and the reports all read it from the results. A PASS means the whole spec was
// met by a complete run; when that is not known, the verdict says what is known instead.
import type { GateResult, RunStop, RunVerdict } from '../../shared/results.js';

export interface VerdictInputs {
  /** Every selected case finished (graded or errored). */
  complete: boolean;
  /** Selected cases that did not finish. */
  unfinished: number;
  /** Cases that finished. */
  total: number;
  errors: number;
  /** The spec's `gates.max_errors`; 0 when it sets none (an errored case was not graded, so nothing is known of it). */
  maxErrors: number;
  /** Whether the spec has any gate. */
  gated: boolean;
  gates: readonly GateResult[];
  /** The run graded only some of the spec's cases (--tag, --case, --failed, --shard). */
  subset: boolean;
  stopped?: RunStop;
}

export function runVerdict(i: VerdictInputs): { verdict: RunVerdict; reason: string } {
  if (!i.complete) {
    const count = `${i.unfinished} of ${plural(i.total + i.unfinished, 'case')} unfinished`;
    return { verdict: 'incomplete', reason: i.stopped && i.stopped.reason !== 'cancelled' ? i.stopped.message : `the run did not finish${i.stopped ? ' (cancelled)' : ''}: ${count}` };
  }
  if (i.errors > i.maxErrors) {
    return {
      verdict: 'incomplete',
      reason: `${i.errors} of ${plural(i.total, 'case')} errored and were not graded; max_errors allows ${i.maxErrors}`,
    };
  }
  if (i.subset) return { verdict: 'partial', reason: "a subset of the spec's cases: its gates are not the spec's verdict" };
  if (!i.gated) return { verdict: 'ungated', reason: 'the spec has no gates: numbers, but no launch verdict' };
  const failed = i.gates.filter((g) => !g.passed);
  if (failed.length > 0) return { verdict: 'fail', reason: `${failed.length} of ${plural(i.gates.length, 'gate')} failed: ${failed.map((g) => g.name).join(', ')}` };
  return { verdict: 'pass', reason: i.gates.length === 1 ? 'the gate passed' : `all ${i.gates.length} gates passed` };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
