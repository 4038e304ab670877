// Contracts between the eval engine's parts: targets produce outputs, graders judge them, the runner
// schedules both. Host-specific work (HTTP, processes, files, secrets) comes in through ../host.ts.
import type { ToolCall, Usage } from '../../shared/results.js';
import type { Case, ChatMessage } from '../spec/types.js';

/** What a target produced for one case. */
export interface TargetOutput {
  /** The text answer; "" when the model answered only with tool calls. */
  output: string;
  /** The tool calls that came with the answer, in order; absent when there were none. */
  toolCalls?: ToolCall[];
  /** Wall time of the call that produced the output (for cached outputs: the original call's). */
  latency_ms?: number;
  usage?: Usage;
  /** A model confidence in 0..1 (recorded targets may carry one). */
  score?: number;
  /** HTTP requests this output took, retries included (absent for targets that send none). */
  requests?: number;
}

/** Something that turns a case into an output: a model API, an HTTP endpoint, a program, or a log. */
export interface Target {
  /** A stable description of everything that changes outputs (model, prompt, params), for the cache key. Never contains secrets. */
  readonly fingerprint: string;
  /** `attempt` (0-based, --repeat) matters only to a target replaying an earlier run's attempts. */
  run(testCase: Case, signal: AbortSignal, attempt?: number): Promise<TargetOutput>;
  /**
   * `run`, answered at once, for a target that needs no I/O per case (recorded outputs): the same output or
   * the same error, thrown. The runner calls it instead of `run` when no cache sits in front of the target,
   * so a case makes no promise; a wrapper (targetInSlots) that does not forward it leaves `run` in use.
   */
  runNow?(testCase: Case, signal: AbortSignal, attempt?: number): TargetOutput;
  /**
   * Checks, before any request, what would fail every case alike (a missing API key or ${VAR} secret), so
   * the run stops with one clear message instead of N errored cases. Throws a CaseError; sends nothing.
   */
  preflight?(): Promise<void>;
}

/** A chat model as the judge (and model targets) use it. */
export interface ChatModel {
  readonly fingerprint: string;
  complete(messages: ChatMessage[], options: { signal: AbortSignal; json?: boolean }): Promise<TargetOutput>;
  preflight?(): Promise<void>;
  /** Present on a judge that answers rubric criteria from recorded verdicts instead of a conversation. */
  readonly recorded?: RecordedVerdicts;
}

/** Verdicts already given, looked up by what the judge is asked: an output of a case or example, criteria. */
export interface RecordedVerdicts {
  /** One verdict per criterion, in order; a criterion it cannot answer comes back with `error` and the reason. */
  verdicts(request: { id: string; output: string; criteria: readonly { id: string }[] }): RecordedVerdict[];
}

export interface RecordedVerdict {
  id: string;
  pass: boolean;
  applies?: false;
  reason: string;
  /** No usable verdict (none recorded, or one given on another output): the criterion is an error, never a pass. */
  error?: true;
}

/** An error that ends one case as `error` with a reason the user can act on. Never carries secrets. */
export class CaseError extends Error {
  constructor(
    message: string,
    readonly retryable = false,
    /** No connection could be made (refused, host not found, connect timeout): the target is down, not busy. */
    readonly unreachable = false,
    /** HTTP requests sent before giving up, retries included (counted in the results like a success's). */
    readonly requests?: number,
  ) {
    super(message);
    this.name = 'CaseError';
  }

  /** The same failure with another message (a label added, secrets scrubbed). */
  withMessage(message: string): CaseError {
    return new CaseError(message, this.retryable, this.unreachable, this.requests);
  }
}
