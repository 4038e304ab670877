import assert from 'node:assert/strict';
import { runPool } from '../../../src/core/eval/pool.js';

describe('runPool', () => {
  it('keeps results in task order whatever the completion order', async () => {
    const results = await runPool(5, 3, new AbortController().signal, async (i) => {
      await new Promise((r) => setTimeout(r, (5 - i) * 3));
      return i * 10;
    });
    assert.deepEqual(results, [0, 10, 20, 30, 40]);
  });

  it('hands the event loop a turn during tasks that settle in microtasks only, so a signal handler can cancel', async () => {
    // Recorded outputs and cached answers need no I/O: without a turn of the event loop, a timer (like a
    // signal handler) would run only after every task had finished.
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 0);
    let busyUntil = 0;
    const results = await runPool(5_000, 8, controller.signal, async (i) => {
      busyUntil = Date.now() + 1; // a millisecond of synchronous work per task, as grading a long output takes
      while (Date.now() < busyUntil);
      return i;
    });
    const ran = results.filter((r) => r !== undefined).length;
    assert.ok(ran > 0 && ran < 5_000, `ran ${ran} tasks before the abort landed`);
  });

  it('hands the event loop a turn during tasks done at once (not promises), so a signal handler can cancel', async () => {
    // A recorded case graded by pure functions returns its result, not a promise: no microtask at all.
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 0);
    let busyUntil = 0;
    const results = await runPool(5_000, 8, controller.signal, (i) => {
      busyUntil = Date.now() + 1;
      while (Date.now() < busyUntil);
      return i;
    });
    const ran = results.filter((r) => r !== undefined).length;
    assert.ok(ran > 0 && ran < 5_000, `ran ${ran} tasks before the abort landed`);
  });

  it('mixes tasks done at once with promises, results in task order', async () => {
    const results = await runPool(6, 2, new AbortController().signal, (i) => (i % 2 ? Promise.resolve(i * 10) : i * 10));
    assert.deepEqual(results, [0, 10, 20, 30, 40, 50]);
  });

  it('starts nothing once the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    let started = 0;
    await runPool(10, 2, controller.signal, async () => started++);
    assert.equal(started, 0);
  });
});
