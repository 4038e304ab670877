// One budget of requests in flight shared by several runs (the targets of a compared spec run side by side):
// each target and judge call takes a slot, first come first served, so every run gets its turn and together
// they never exceed the spec's `concurrency`. A run that finishes early leaves its slots to the others.
import type { ChatModel, Target } from './types.js';

export class SharedSlots {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(size: number) {
    this.free = Math.max(1, Math.floor(size));
  }

  /** Runs `task` once a slot is free; gives up waiting (with the signal's reason) when `signal` aborts. */
  async use<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        const index = this.waiting.indexOf(grant);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(grant);
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next in line: `free` stays as it is.
    if (next) next();
    else this.free++;
  }
}

/** The target with every call taking one of the shared slots. */
export function targetInSlots(target: Target, slots: SharedSlots): Target {
  return {
    fingerprint: target.fingerprint,
    run: (testCase, signal, attempt) => slots.use(() => target.run(testCase, signal, attempt), signal),
    ...(target.preflight ? { preflight: () => target.preflight!() } : {}),
  };
}

/** The judge with every call taking one of the shared slots. */
export function chatModelInSlots(model: ChatModel, slots: SharedSlots): ChatModel {
  return {
    fingerprint: model.fingerprint,
    complete: (messages, options) => slots.use(() => model.complete(messages, options), options.signal),
    ...(model.preflight ? { preflight: () => model.preflight!() } : {}),
    ...(model.recorded ? { recorded: model.recorded } : {}),
  };
}
