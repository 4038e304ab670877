// A JSONL case works out its range and locator from its line's offsets when asked (jsonl-case.ts). These tests
// hold it to what the eager representation it replaced gave: the same fields as caseFromValue, the same range,
// and the same locations as a jsonLocator over the line's own tree, on a generated file of varied cases.
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { parseTree } from 'jsonc-parser';
import { readCaseFile } from '../../../src/core/spec/case-files.js';
import { caseFromValue } from '../../../src/core/spec/case-value.js';
import { jsonLocator } from '../../../src/core/spec/json-locator.js';
import type { Case, SourceRange, ValuePath } from '../../../src/core/spec/types.js';

/** Case i of a generated file: the usual shape, and every so often messages, checks, criteria, vars, meta, a bad field. */
function caseValue(i: number): Record<string, unknown> {
  const value: Record<string, unknown> = { id: i % 7 === 0 ? i : `c${i}`, input: `question ${i}`, expect: ['a', 'b'][i % 2], tags: [`t${i % 3}`, 'all'] };
  if (i % 5 === 1) value.checks = [{ contains: 'x' }, { regex: '^a', flags: 'i' }];
  if (i % 6 === 2) value.messages = [{ role: 'user', content: `hi ${i}` }];
  if (i % 8 === 3) value.criteria = ['Is polite.', { id: 'k', criterion: 'Cites a source.', critical: true }];
  if (i % 9 === 4) value.vars = { name: `n${i}`, nested: { deep: [1, 2, { x: i }] } };
  if (i % 10 === 5) value.meta = { source: 'gen' };
  if (i % 11 === 6) value.reference = `answer ${i}`;
  if (i % 13 === 7) value.tags = 'not a list';
  if (i % 17 === 8) delete value.id;
  return value;
}

const PATHS: ValuePath[] = [[], ['id'], ['input'], ['expect'], ['tags'], ['tags', 0], ['tags', 5], ['checks', 1, 'regex'], ['messages', 0, 'content'], ['criteria', 1, 'criterion'], ['vars', 'nested', 'deep', 2, 'x'], ['meta'], ['nope', 'deeper']];

describe('JSONL cases located lazily (jsonl-case.ts)', () => {
  const n = 300;
  // CRLF on some lines and a blank line, as real files have.
  const lines = Array.from({ length: n }, (_, i) => JSON.stringify(caseValue(i)) + (i % 4 === 0 ? '\r\n' : '\n'));
  lines.splice(50, 0, '   \n');
  const text = lines.join('');
  const file = readCaseFile(text, 'gen.jsonl', 'jsonl');

  /** The eager case of line k (0-based among the case lines): what caseFromValue built before, with its own tree. */
  const eager = (k: number, start: number, line: string): Case => {
    const range: SourceRange = { file: 'gen.jsonl', start, end: start + line.length };
    return caseFromValue(JSON.parse(line), range, text.slice(0, start).split('\n').length, jsonLocator(parseTree(line), 'gen.jsonl', start, range), k);
  };

  it('gives every case the fields, range, line and locations the eager representation gave', () => {
    assert.equal(file.cases.length, n);
    assert.deepEqual(file.diagnostics, []);
    let start = 0;
    let k = 0;
    for (const raw of lines) {
      const line = raw.replace(/\r?\n$/, '');
      if (line.trim() !== '') {
        const expected = eager(k, start, line);
        const actual = file.cases[k]!;
        const fields = (c: Case) => ({ ...Object.fromEntries(Object.entries(c).filter(([key]) => key !== 'range' && key !== 'locate')), range: c.range });
        assert.deepEqual(fields(actual), fields(expected), `case ${k}`);
        assert.deepEqual(Object.keys(actual), Object.keys(expected).filter((key) => key !== 'range' && key !== 'locate'), `keys of case ${k}`);
        for (const path of PATHS) assert.deepEqual(actual.locate(path), expected.locate(path), `case ${k} at ${JSON.stringify(path)}`);
        k++;
      }
      start += raw.length;
    }
    assert.equal(k, n);
  });

  it('keeps a locator that works detached from its case, and after other cases were located', () => {
    const { locate } = file.cases[10]!;
    const other = file.cases[200]!.locate(['input']).value;
    const here = locate(['input']).value;
    assert.equal(text.slice(here.start, here.end), '"question 10"');
    assert.equal(text.slice(other.start, other.end), '"question 200"');
  });

  it('keeps no range object or closure of its own (the memory it saves)', () => {
    const c = file.cases[3]!;
    assert.ok(!Object.getOwnPropertyNames(c).includes('range'));
    assert.ok(!Object.getOwnPropertyNames(c).includes('locate'));
    assert.notEqual(c.range, c.range); // made when asked, not kept
  });
});
