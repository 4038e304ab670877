// slices.ts: long loops of the extension host in time slices. Every item is done once and in order, the event
// loop gets a turn between slices (counted through `yieldTo`, not timed), and `stop` ends the loop after a yield.
import assert from 'node:assert/strict';
import { inSlices, nextTurn } from '../../../src/extension/slices.js';

/** Busy-waits about `ms` (each item "costs" that much), so slices end after a known number of items. */
function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // busy
  }
}

describe('extension: inSlices', () => {
  it('does every item once, in order, with its index', async () => {
    const seen: Array<[string, number]> = [];
    assert.equal(await inSlices(['a', 'b', 'c'], (item, index) => seen.push([item, index])), true);
    assert.deepEqual(seen, [['a', 0], ['b', 1], ['c', 2]]);
  });

  it('does not yield while a slice has time left', async () => {
    let yields = 0;
    await inSlices(Array.from({ length: 1000 }, (_, i) => i), () => {}, { sliceMs: 60_000, yieldTo: async () => void yields++ });
    assert.equal(yields, 0);
  });

  it('yields between slices, never in the middle of an item', async () => {
    const log: string[] = [];
    await inSlices([1, 2, 3, 4], (n) => {
      log.push(`start ${n}`);
      spin(3);
      log.push(`end ${n}`);
    }, { sliceMs: 2, yieldTo: async () => void log.push('yield') });
    // Each item takes longer than a slice: a yield before every item but the first.
    assert.deepEqual(log, ['start 1', 'end 1', 'yield', 'start 2', 'end 2', 'yield', 'start 3', 'end 3', 'yield', 'start 4', 'end 4']);
  });

  it('lets timers run between slices with the default yield', async () => {
    let timerRan = false;
    setTimeout(() => (timerRan = true), 0);
    const ranBefore: boolean[] = [];
    await inSlices([1, 2, 3], () => {
      ranBefore.push(timerRan);
      spin(5);
    }, { sliceMs: 1 });
    // The first item runs before any yield; by the last, the loop has had two turns and the timer has fired.
    assert.equal(ranBefore[0], false);
    assert.equal(ranBefore[2], true);
  });

  it('stops after a yield when told to, and says so', async () => {
    const done: number[] = [];
    let stop = false;
    const finished = await inSlices([1, 2, 3, 4], (n) => {
      done.push(n);
      if (n === 2) stop = true;
      spin(3);
    }, { sliceMs: 1, stop: () => stop, yieldTo: nextTurn });
    assert.equal(finished, false);
    assert.deepEqual(done, [1, 2]);
  });
});
