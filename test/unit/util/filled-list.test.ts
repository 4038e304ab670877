// A list filled one item at a time, made at its expected size: the same items in the same order as push()
// would give, whether fewer, exactly as many or more items come than expected.
import assert from 'node:assert/strict';
import { filledList } from '../../../src/core/util/filled-list.js';

describe('filledList', () => {
  it('holds the items added, in order, for fewer, as many and more than expected', () => {
    for (const [expected, added] of [[0, 0], [0, 5], [10, 0], [10, 3], [10, 10], [10, 25]]) {
      const list = filledList<number | string>(expected!);
      const pushed: Array<number | string> = [];
      for (let i = 0; i < added!; i++) {
        const item = i % 3 === 0 ? `s${i}` : i + 0.5;
        list.add(item);
        pushed.push(item);
      }
      const items = list.items();
      assert.deepEqual(items, pushed, `expected ${expected}, added ${added}`);
      assert.equal(items.length, added);
      assert.ok(items.every((_, i) => i in items), 'no holes');
    }
  });
});
