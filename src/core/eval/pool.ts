// Runs tasks with at most `concurrency` in flight. Results land at their index, so the caller sees case
// order whatever the completion order. Once the signal aborts, no new task starts; tasks already running
// get the signal themselves and decide what finishing means.
//
// A task that needs no I/O (a recorded output, a cached answer, then the checks) is done at once or settles in
// microtasks, and neither lets the host's event loop turn: a signal handler (Ctrl-C, SIGTERM) would wait
// for the whole run, and so would the abort it triggers. So the workers hand the host a turn at least every
// YIELD_EVERY_MS of work.
const YIELD_EVERY_MS = 50;

export async function runPool<T>(count: number, concurrency: number, signal: AbortSignal, task: (index: number) => Promise<T> | T): Promise<Array<T | undefined>> {
  const results: Array<T | undefined> = new Array(count);
  let next = 0;
  let lastTurn = Date.now();
  const worker = async () => {
    while (next < count && !signal.aborted) {
      const index = next++;
      // A task done at once (a recorded case graded by pure functions) is not awaited: no microtask for it.
      const result = task(index);
      results[index] = result instanceof Promise ? await result : result;
      if (Date.now() - lastTurn >= YIELD_EVERY_MS) {
        await new Promise<void>((resolve) => setTimeout(resolve, 0));
        lastTurn = Date.now();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
  return results;
}
