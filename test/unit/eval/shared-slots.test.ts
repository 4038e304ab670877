// The budget of requests in flight that the targets of a compared spec share: never more than its size at
// once, handed out first come first served (so one target's queue cannot starve another's), and a caller
// that gives up while waiting leaves the queue.
import assert from 'node:assert/strict';
import { SharedSlots } from '../../../src/core/eval/shared-slots.js';

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

describe('SharedSlots', () => {
  it('never lets more than its size run at once, and serves waiters in arrival order', async () => {
    const slots = new SharedSlots(2);
    let running = 0;
    let most = 0;
    const order: string[] = [];
    const task = (name: string) =>
      slots.use(async () => {
        running++;
        most = Math.max(most, running);
        order.push(name);
        await tick();
        running--;
      });
    // Calls from two targets, interleaved as they arrive: each starts when a slot frees, in the order asked.
    await Promise.all([task('a1'), task('a2'), task('b1'), task('a3'), task('b2'), task('a4')]);
    assert.equal(most, 2);
    assert.deepEqual(order, ['a1', 'a2', 'b1', 'a3', 'b2', 'a4']);
  });

  it('rejects a waiter whose signal aborts, without losing the slot', async () => {
    const slots = new SharedSlots(1);
    let release!: () => void;
    const holding = slots.use(() => new Promise<void>((resolve) => (release = resolve)));
    const controller = new AbortController();
    const waiting = slots.use(async () => 'never', controller.signal);
    controller.abort(new Error('cancelled'));
    await assert.rejects(waiting, /cancelled/);
    release();
    await holding;
    assert.equal(await slots.use(async () => 'next'), 'next');
  });
});
