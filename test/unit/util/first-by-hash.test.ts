import assert from 'node:assert/strict';
import { FirstByHash, hashEnd, hashStart, hashStep, hashText30 } from '../../../src/core/util/first-by-hash.js';

describe('FirstByHash', () => {
  it('gives the first index added with a hash, -1 for a new hash, over many hashes and repeats', () => {
    const table = new FirstByHash(5000);
    const first = new Map<number, number>();
    for (let i = 0; i < 5000; i++) {
      const hash = (i * 7919) % 3001; // repeats, in no order
      const expected = first.get(hash) ?? -1;
      if (expected < 0) first.set(hash, i);
      assert.equal(table.firstOrAdd(hash, i), expected, `item ${i}`);
    }
  });

  it('refuses more distinct hashes than it was made for, rather than loop', () => {
    const table = new FirstByHash(3);
    for (let i = 0; i < 3; i++) assert.equal(table.firstOrAdd(i, i), -1);
    assert.equal(table.firstOrAdd(1, 9), 1, 'a hash it has still answers');
    assert.throws(() => table.firstOrAdd(99, 3), /holds 3 hashes at most/);
  });

  it('hashes text fed a code unit at a time as it hashes the whole', () => {
    for (const text of ['', 'a', 'Question 1: ibuprofen?', 'café ǅ \u{1F600}']) {
      let hash = hashStart();
      for (let i = 0; i < text.length; i++) hash = hashStep(hash, text.charCodeAt(i));
      assert.equal(hashEnd(hash), hashText30(text), text);
      assert.ok(hashText30(text) >= 0 && hashText30(text) < 2 ** 30);
    }
  });
});
