// Runs tasks with at most `concurrency` in flight. Results land at their index, so the caller sees case
// order whatever the completion order. Once the signal aborts, no new task starts; tasks already running
// get the signal themselves and decide what finishing means.
export async function runPool<T>(count: number, concurrency: number, signal: AbortSignal, task: (index: number) => Promise<T>): Promise<Array<T | undefined>> {
  const results: Array<T | undefined> = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count && !signal.aborted) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
  return results;
}
