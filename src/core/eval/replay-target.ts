// The outputs of an earlier run as the target (`--reuse-outputs`): each case gets the output that run saved
// for it (per --repeat attempt), with its latency and usage, and no request is sent. It exists so checks and
// rubric can be re-graded quickly after an edit; a case that run has no output for ends as an error that
// says how to get one.
import type { CaseResult, RunResults, Usage } from '../../shared/results.js';
import type { Case } from '../spec/types.js';
import { CaseError, type Target, type TargetOutput } from './types.js';

/** What a replay reads of a saved case: its outputs (per attempt), latency, usage and confidence, and its verdict to say why it has no output. */
export type ReplayCase = Pick<CaseResult, 'id' | 'status' | 'reason' | 'output' | 'latency_ms' | 'usage'> & Partial<Pick<CaseResult, 'tool_calls' | 'attempts' | 'confidence'>>;

/**
 * The part of a saved case a replay reads, apart from the rest (its input, tags, checks, criteria...), so a
 * host can keep a million of them for `--reuse-outputs` without holding the saved cases whole.
 */
export function replayCaseOf(c: CaseResult): ReplayCase {
  const kept: ReplayCase = { id: c.id, status: c.status, reason: c.reason, output: c.output, latency_ms: c.latency_ms, usage: c.usage };
  if (c.tool_calls !== undefined) kept.tool_calls = c.tool_calls;
  if (c.attempts !== undefined) kept.attempts = c.attempts;
  if (c.confidence !== undefined) kept.confidence = c.confidence;
  return kept;
}

export class ReplayTarget implements Target {
  readonly fingerprint: string;
  readonly #cases: Map<string, ReplayCase>;
  readonly #runLabel: string;

  /** `from`: the earlier run; its cases whole, or as replayCaseOf keeps them. */
  constructor(readonly from: Pick<RunResults, 'run'> & { cases: readonly ReplayCase[] }) {
    this.fingerprint = JSON.stringify({ provider: 'replay', run: from.run.id });
    this.#cases = new Map(from.cases.map((c) => [c.id, c]));
    this.#runLabel = `the run of ${from.run.started_at}`;
  }

  async run(testCase: Case, _signal: AbortSignal, attempt = 0): Promise<TargetOutput> {
    const saved = this.#cases.get(testCase.id);
    if (!saved) throw new CaseError(`no output for this case in ${this.#runLabel}: run without --reuse-outputs`);
    const attempts = saved.attempts ?? [{ output: saved.output, latency_ms: saved.latency_ms, tool_calls: saved.tool_calls }];
    const chosen = attempts[attempt];
    if (!chosen) throw new CaseError(`no output for attempt ${attempt + 1} of this case in ${this.#runLabel} (it ran ${attempts.length}): run without --reuse-outputs`);
    if (chosen.output === null) {
      throw new CaseError(`no output for this case in ${this.#runLabel} (it ended as ${saved.status}: ${saved.reason}): run without --reuse-outputs`);
    }
    const out: TargetOutput = { output: chosen.output };
    if (chosen.latency_ms !== null && chosen.latency_ms !== undefined) out.latency_ms = chosen.latency_ms;
    if (chosen.tool_calls && chosen.tool_calls.length > 0) out.toolCalls = chosen.tool_calls;
    const usage = usageOfAttempt(saved.usage, attempt);
    if (usage) out.usage = usage;
    if (typeof saved.confidence === 'number' && attempt === 0) out.score = saved.confidence;
    return out;
  }
}

/**
 * A saved case keeps the usage of all its attempts summed, not each attempt's. The first attempt carries
 * the sum and the others none-but-known (zero), so the case's tokens and cost come out exactly as saved.
 */
function usageOfAttempt(total: Usage | null, attempt: number): Usage | undefined {
  if (!total) return undefined;
  return attempt === 0 ? { ...total } : { input_tokens: 0, output_tokens: 0 };
}
