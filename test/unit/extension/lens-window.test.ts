import { strict as assert } from 'node:assert';
import { inWindow, lensWindow, needsNewWindow } from '../../../src/extension/running/lens-window.js';

describe('lens window (CodeLens of a large spec around the shown lines)', () => {
  it('widens each shown span by the margin, within the document', () => {
    assert.deepEqual(lensWindow([{ start: 1000, end: 1040 }], 50_000, 500), [{ start: 500, end: 1540 }]);
    assert.deepEqual(lensWindow([{ start: 10, end: 40 }], 50_000, 500), [{ start: 0, end: 540 }]);
    assert.deepEqual(lensWindow([{ start: 49_980, end: 49_999 }], 50_000, 500), [{ start: 49_480, end: 49_999 }]);
  });

  it('joins overlapping or touching spans (two editors, or a folded region) and keeps distant ones apart', () => {
    assert.deepEqual(lensWindow([{ start: 2000, end: 2040 }, { start: 1000, end: 1040 }], 50_000, 500), [{ start: 500, end: 2540 }]);
    assert.deepEqual(lensWindow([{ start: 1000, end: 1040 }, { start: 1541, end: 1560 }], 50_000, 0), [{ start: 1000, end: 1040 }, { start: 1541, end: 1560 }]);
    assert.deepEqual(lensWindow([{ start: 1000, end: 1040 }, { start: 9000, end: 9040 }], 50_000, 500), [{ start: 500, end: 1540 }, { start: 8500, end: 9540 }]);
  });

  it('says which lines are in it, ends included', () => {
    const window = [{ start: 500, end: 1540 }, { start: 8500, end: 9540 }];
    for (const line of [500, 1000, 1540, 8500, 9540]) assert.equal(inWindow(window, line), true, `line ${line}`);
    for (const line of [0, 499, 1541, 8499, 9541]) assert.equal(inWindow(window, line), false, `line ${line}`);
  });

  it('asks for a new window only when the shown lines come near an edge that is not the document\'s own', () => {
    const window = lensWindow([{ start: 1000, end: 1040 }], 50_000, 500); // 500-1540
    assert.equal(needsNewWindow(window, [{ start: 1000, end: 1040 }], 50_000, 500), false);
    assert.equal(needsNewWindow(window, [{ start: 1300, end: 1340 }], 50_000, 500), false);
    assert.equal(needsNewWindow(window, [{ start: 1400, end: 1440 }], 50_000, 500), true, 'within a quarter margin of the end');
    assert.equal(needsNewWindow(window, [{ start: 600, end: 640 }], 50_000, 500), true, 'within a quarter margin of the start');
    assert.equal(needsNewWindow(window, [{ start: 20_000, end: 20_040 }], 50_000, 500), true, 'a jump out of it');
    const top = lensWindow([{ start: 0, end: 40 }], 50_000, 500); // 0-540
    assert.equal(needsNewWindow(top, [{ start: 0, end: 40 }], 50_000, 500), false, 'the top of the document is no edge');
    const bottom = lensWindow([{ start: 49_960, end: 49_999 }], 50_000, 500);
    assert.equal(needsNewWindow(bottom, [{ start: 49_960, end: 49_999 }], 50_000, 500), false, 'nor is its end');
  });
});
