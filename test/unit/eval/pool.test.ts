import assert from 'node:assert/strict';
import { runPool } from '../../../src/core/eval/pool.js';

describe('runPool', () => {
  it('starts the tasks in index order, at most `concurrency` at once, and waits for every one', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    let inFlight = 0;
    let most = 0;
    await runPool(7, 3, new AbortController().signal, async (i) => {
      started.push(i);
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, (7 - i) * 3));
      inFlight--;
      finished.push(i);
    });
    assert.deepEqual(started, [0, 1, 2, 3, 4, 5, 6]);
    assert.deepEqual([...finished].sort(), [0, 1, 2, 3, 4, 5, 6]);
    assert.equal(most, 3);
  });

  it('hands the event loop a turn during tasks that settle in microtasks only, so a signal handler can cancel', async () => {
    // Recorded outputs and cached answers need no I/O: without a turn of the event loop, a timer (like a
    // signal handler) would run only after every task had finished.
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 0);
    let busyUntil = 0;
    let ran = 0;
    await runPool(5_000, 8, controller.signal, async () => {
      busyUntil = Date.now() + 1; // a millisecond of synchronous work per task, as grading a long output takes
      while (Date.now() < busyUntil);
      ran++;
    });
    assert.ok(ran > 0 && ran < 5_000, `ran ${ran} tasks before the abort landed`);
  });

  it('hands the event loop a turn during tasks done at once (not promises), so a signal handler can cancel', async () => {
    // A recorded case graded by pure functions returns its result, not a promise: no microtask at all.
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 0);
    let busyUntil = 0;
    let ran = 0;
    await runPool(5_000, 8, controller.signal, () => {
      busyUntil = Date.now() + 1;
      while (Date.now() < busyUntil);
      ran++;
    });
    assert.ok(ran > 0 && ran < 5_000, `ran ${ran} tasks before the abort landed`);
  });

  it('lets I/O completions in every turn it hands over, however many workers (not once all of them have had their 50 ms)', async () => {
    // A file read started before the run completes on libuv's thread pool within a millisecond; its callback
    // runs when the loop next polls. Twenty workers of tasks done at once once ran a second of work between polls.
    const { stat } = await import('node:fs');
    let ranWhenPolled: number | undefined;
    let ran = 0;
    stat(import.meta.filename, () => (ranWhenPolled = ran));
    await runPool(1_500, 20, new AbortController().signal, () => {
      const busyUntil = Date.now() + 1;
      while (Date.now() < busyUntil);
      ran++;
    });
    assert.ok(ranWhenPolled !== undefined && ranWhenPolled < 200, `the I/O callback ran after ${ranWhenPolled} tasks of a millisecond`);
  });

  it('mixes tasks done at once with promises, each run once', async () => {
    const ran: number[] = [];
    await runPool(6, 2, new AbortController().signal, (i) => (i % 2 ? Promise.resolve().then(() => void ran.push(i)) : void ran.push(i)));
    assert.deepEqual([...ran].sort(), [0, 1, 2, 3, 4, 5]);
  });

  it('starts nothing once the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    let started = 0;
    await runPool(10, 2, controller.signal, async () => void started++);
    assert.equal(started, 0);
  });
});
