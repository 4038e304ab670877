// Contracts between the eval engine's parts: targets produce outputs, graders judge them, the runner
// schedules both. Host-specific work (HTTP, processes, files, secrets) comes in through ../host.ts.
import type { Case, ChatMessage } from '../spec/types.js';

export interface Usage {
  input_tokens: number;
  output_tokens: number;
}

/** What a target produced for one case. */
export interface TargetOutput {
  output: string;
  /** Wall time of the call that produced the output (for cached outputs: the original call's). */
  latency_ms?: number;
  usage?: Usage;
  /** A model confidence in 0..1 (recorded targets may carry one). */
  score?: number;
}

/** Something that turns a case into an output: a model API, an HTTP endpoint, a program, or a log. */
export interface Target {
  /** A stable description of everything that changes outputs (model, prompt, params), for the cache key. Never contains secrets. */
  readonly fingerprint: string;
  run(testCase: Case, signal: AbortSignal): Promise<TargetOutput>;
}

/** A chat model as the judge (and model targets) use it. */
export interface ChatModel {
  readonly fingerprint: string;
  complete(messages: ChatMessage[], options: { signal: AbortSignal; json?: boolean }): Promise<TargetOutput>;
}

/** An error that ends one case as `error` with a reason the user can act on. Never carries secrets. */
export class CaseError extends Error {
  constructor(
    message: string,
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'CaseError';
  }
}
