// Runs tasks 0..count-1, in that order, with at most `concurrency` in flight. Tasks keep what they produce
// themselves (the runner hands each result on in spec order), so the pool holds nothing per task (a list of
// the tasks' return values was 8 MB of undefined at a million cases). Once the signal aborts, no new task
// starts; tasks already running get the signal themselves and decide what finishing means.
//
// A task that needs no I/O (a recorded output, a cached answer, then the checks) is done at once or settles in
// microtasks, and neither lets the host's event loop turn: a signal handler (Ctrl-C, SIGTERM) would wait
// for the whole run, and so would the abort it triggers, and the completions of writes made in the background
// (background-writes.ts). So every YIELD_EVERY_MS of work the workers hand the host one turn, together: each
// worker that finds the time up awaits the same turn, which setImmediate ends after the loop has polled for
// I/O. (Each worker awaiting a setTimeout of its own, the 20 workers of a run each resumed in the timers phase
// of one loop iteration and ran their 50 ms there one after another: a second of work between polls, and a
// 1 ms timer each time that the loop could sleep for.)
const YIELD_EVERY_MS = 50;

export async function runPool(count: number, concurrency: number, signal: AbortSignal, task: (index: number) => Promise<void> | void): Promise<void> {
  let next = 0;
  let lastTurn = Date.now();
  let turn: Promise<void> | undefined;
  const hostTurn = (): Promise<void> =>
    (turn ??= new Promise<void>((resolve) => {
      const ended = () => {
        turn = undefined;
        lastTurn = Date.now();
        resolve();
      };
      if (globalThis.setImmediate) globalThis.setImmediate(ended);
      else setTimeout(ended, 0); // a browser has no setImmediate
    }));
  const worker = async () => {
    while (next < count && !signal.aborted) {
      const index = next++;
      // A task done at once (a recorded case graded by pure functions) is not awaited: no microtask for it.
      const pending = task(index);
      if (pending instanceof Promise) await pending;
      if (Date.now() - lastTurn >= YIELD_EVERY_MS) await hostTurn();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
}
