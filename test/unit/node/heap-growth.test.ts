import assert from 'node:assert/strict';
import { userChoseHeapGrowth } from '../../../src/node/heap-growth.js';

describe('heap growth step for aispec eval', () => {
  it('is left to the user who started node with one, on its command line or in NODE_OPTIONS', () => {
    assert.equal(userChoseHeapGrowth(['--heap-growing-percent=0'], ''), true);
    assert.equal(userChoseHeapGrowth([], '--max-old-space-size=4096 --heap_growing_percent=30'), true);
  });

  it('is set when node was started without one', () => {
    assert.equal(userChoseHeapGrowth([], ''), false);
    assert.equal(userChoseHeapGrowth(['--enable-source-maps'], '--max-old-space-size=4096'), false);
  });
});
