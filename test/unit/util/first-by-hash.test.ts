import assert from 'node:assert/strict';
import { FirstByHash, FirstByKey, hashEnd, hashStart, hashStep, hashText30 } from '../../../src/core/util/first-by-hash.js';

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

  it('grows past the size it was made for, keeping every first', () => {
    const table = new FirstByHash(3);
    for (let i = 0; i < 1000; i++) assert.equal(table.firstOrAdd((i * 2654435761) % 2 ** 30, i), -1, `hash ${i}`);
    for (let i = 0; i < 1000; i++) {
      assert.equal(table.firstOrAdd((i * 2654435761) % 2 ** 30, 5000 + i), i);
      assert.equal(table.firstOf((i * 2654435761) % 2 ** 30), i);
    }
    assert.equal(table.firstOf(7), -1);
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

describe('FirstByKey', () => {
  it('gives the first item of each key, keys that share a hash told apart, and finds them by key', () => {
    // Every key hashed to one of two values: most keys share their hash with others.
    const keys = ['a', 'b', 'a', 'c', 'b', 'd', 'c', 'a'];
    const table = new FirstByKey(2, (index) => keys[index]!);
    const hash = (key: string) => key.charCodeAt(0) % 2;
    assert.deepEqual(
      keys.map((key, index) => table.firstOrAdd(hash(key), index)),
      [-1, -1, 0, -1, 1, -1, 3, 0],
    );
    for (const [key, first] of [['a', 0], ['b', 1], ['c', 3], ['d', 5]] as const) assert.equal(table.indexOf(hash(key), key), first);
    assert.equal(table.indexOf(hash('e'), 'e'), -1);
    assert.equal(table.indexOf(7, 'a'), -1, 'a hash no key has');
  });
});
