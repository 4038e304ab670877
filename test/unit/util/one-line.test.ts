import assert from 'node:assert/strict';
import { isRecord } from '../../../src/core/util/is-record.js';
import { oneLine } from '../../../src/core/util/one-line.js';

describe('oneLine', () => {
  it('collapses every run of whitespace, line breaks included, and trims the ends', () => {
    assert.equal(oneLine('  first line\r\n\n  second\tline\u2028third  '), 'first line second line third');
    assert.equal(oneLine(' \n\t '), '');
  });

  it('keeps the whole line without a max, and cuts to max characters with "…" when given one', () => {
    const long = 'word '.repeat(100);
    assert.equal(oneLine(long), long.trim());
    assert.equal(oneLine('abcdef', 6), 'abcdef');
    assert.equal(oneLine('abcdefg', 6), 'abcde…');
    assert.equal([...oneLine(long, 200)].length, 200);
  });

  it('counts code points, so a cut never splits a surrogate pair', () => {
    assert.equal(oneLine('😀😀😀', 3), '😀😀😀');
    assert.equal(oneLine('😀😀😀😀', 3), '😀😀…');
  });
});

describe('isRecord', () => {
  it('accepts plain objects only: not arrays, null or scalars', () => {
    assert.equal(isRecord({}), true);
    assert.equal(isRecord({ a: 1 }), true);
    assert.equal(isRecord(Object.create(null)), true);
    for (const value of [[], null, undefined, 'x', 1, true]) assert.equal(isRecord(value), false, String(value));
  });
});
