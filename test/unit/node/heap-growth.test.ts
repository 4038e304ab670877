import assert from 'node:assert/strict';
import { userChoseHeapGrowth, userSizedYoungGeneration } from '../../../src/node/heap-growth.js';

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

describe('young generation size for aispec eval', () => {
  it('is left to the user who started node with one, on its command line or in NODE_OPTIONS', () => {
    assert.equal(userSizedYoungGeneration(['--max-semi-space-size=64'], ''), true);
    assert.equal(userSizedYoungGeneration([], '--max-old-space-size=4096 --semi_space_growth_factor=4'), true);
    assert.equal(userSizedYoungGeneration(['--min-semi-space-size=8'], ''), true);
  });

  it('is kept small when node was started without one', () => {
    assert.equal(userSizedYoungGeneration([], ''), false);
    assert.equal(userSizedYoungGeneration(['--enable-source-maps'], '--max-old-space-size=4096 --heap-growing-percent=50'), false);
  });
});
