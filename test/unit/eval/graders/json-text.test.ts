import assert from 'node:assert/strict';
import { parseJsonLenient, readPath } from '../../../../src/core/eval/graders/json-text.js';

describe('parseJsonLenient', () => {
  it('parses plain JSON', () => {
    assert.deepEqual(parseJsonLenient(' {"a": 1} '), { ok: true, value: { a: 1 } });
  });
  it('reads the first fenced block, with or without a language', () => {
    assert.deepEqual(parseJsonLenient('Result:\n```json\n[1, 2]\n```\nDone.'), { ok: true, value: [1, 2] });
    assert.deepEqual(parseJsonLenient('```\n"refuse"\n```'), { ok: true, value: 'refuse' });
  });
  it('falls back to the outermost braces inside prose', () => {
    assert.deepEqual(parseJsonLenient('My verdict: {"pass": true, "why": {"x": 1}} hope that helps'), {
      ok: true,
      value: { pass: true, why: { x: 1 } },
    });
  });
  it('fails on text and on an empty answer', () => {
    const text = parseJsonLenient('refuse');
    assert.equal(text.ok, false);
    assert.match(text.ok ? '' : text.error, /^not JSON \(/);
    assert.deepEqual(parseJsonLenient('  '), { ok: false, error: 'empty answer' });
  });
});

describe('readPath', () => {
  const value = { a: { b: [{ c: 'x' }, { c: 'y' }] }, n: null };
  it('follows keys and array indices', () => {
    assert.equal(readPath(value, 'a.b.1.c'), 'y');
    assert.deepEqual(readPath(value, 'a.b.0'), { c: 'x' });
  });
  it('is undefined for a missing path, a non-numeric index or a step through a scalar', () => {
    assert.equal(readPath(value, 'a.x'), undefined);
    assert.equal(readPath(value, 'a.b.first'), undefined);
    assert.equal(readPath(value, 'a.b.0.c.d'), undefined);
    assert.equal(readPath(value, 'n.x'), undefined);
    assert.equal(readPath(value, 'toString'), undefined);
  });
});
