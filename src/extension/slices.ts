// Long loops on the extension host's main thread in time slices: work through the items for about `sliceMs`,
// then let the event loop run (setImmediate: timers, I/O and messages from the workbench go first) before
// the next slice. The Test Explorer reports a run's results and sets a spec's case items this way: a
// 10,000-case spec's items set in one go held the host ~350 ms (bench:editor's profile), in which the
// editor answered nothing.
// No 'vscode' here: plain mocha tests it.
import { performance } from 'node:perf_hooks';

/** About how long one slice runs: short enough to keep the event loop's delay low, long enough to get on. */
export const SLICE_MS = 8;

export interface SliceOptions {
  sliceMs?: number;
  /** Asked before each item after the first slice: true stops the loop (its result is then false). */
  stop?: () => boolean;
  /** Lets the event loop run between slices (default setImmediate); tests count the yields. */
  yieldTo?: () => Promise<void>;
}

export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Calls `each` on every item in order, yielding to the event loop whenever a slice has run `sliceMs` or more.
 * Resolves true when every item was done, false when `stop` said to stop (checked after each yield only: a
 * slice is never left half way, so nothing in it sees a newer state than the items before it).
 */
export async function inSlices<T>(items: Iterable<T>, each: (item: T, index: number) => void, options: SliceOptions = {}): Promise<boolean> {
  const sliceMs = options.sliceMs ?? SLICE_MS;
  const yieldTo = options.yieldTo ?? nextTurn;
  let sliceStart = performance.now();
  let index = 0;
  for (const item of items) {
    if (performance.now() - sliceStart >= sliceMs) {
      await yieldTo();
      if (options.stop?.()) return false;
      sliceStart = performance.now();
    }
    each(item, index++);
  }
  return true;
}
