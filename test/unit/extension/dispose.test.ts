// The extension's Disposable base (vscode is only a type there, so plain mocha runs it): every child is
// disposed even when some throw, and the errors come out together afterwards.
import assert from 'node:assert/strict';
import { Disposable, disposeAll } from '../../../src/extension/dispose.js';

class Owner extends Disposable {
  register<T extends { dispose(): void }>(value: T): T {
    return this._register(value);
  }
}

/** A child that records its disposal in `log`, and throws `error` when given one. */
const child = (log: string[], name: string, error?: Error) => ({
  dispose() {
    log.push(name);
    if (error) throw error;
  },
});

describe('extension: Disposable', () => {
  it('disposes the children once, the last registered first', () => {
    const log: string[] = [];
    const owner = new Owner();
    for (const name of ['a', 'b', 'c']) owner.register(child(log, name));
    owner.dispose();
    owner.dispose();
    assert.deepEqual(log, ['c', 'b', 'a']);
  });

  it('disposes every child when one throws, then throws that error as it is', () => {
    const log: string[] = [];
    const owner = new Owner();
    const broken = new Error('watcher already gone');
    owner.register(child(log, 'a'));
    owner.register(child(log, 'b', broken));
    owner.register(child(log, 'c'));
    assert.throws(() => owner.dispose(), (error) => error === broken);
    assert.deepEqual(log, ['c', 'b', 'a']);
  });

  it('throws one AggregateError with every error when several children throw', () => {
    const log: string[] = [];
    const first = new Error('first');
    const second = new Error('second');
    const owner = new Owner();
    owner.register(child(log, 'a', first));
    owner.register(child(log, 'b'));
    owner.register(child(log, 'c', second));
    assert.throws(
      () => owner.dispose(),
      (error) => error instanceof AggregateError && error.errors.length === 2 && error.errors[0] === second && error.errors[1] === first,
    );
    assert.deepEqual(log, ['c', 'b', 'a']);
  });

  it('disposes a child registered after the owner was disposed at once', () => {
    const log: string[] = [];
    const owner = new Owner();
    owner.dispose();
    owner.register(child(log, 'late'));
    assert.deepEqual(log, ['late']);
  });

  it('disposeAll: nothing thrown when nothing throws', () => {
    const log: string[] = [];
    disposeAll([child(log, 'x'), child(log, 'y')]);
    assert.deepEqual(log, ['x', 'y']);
  });
});
