import assert from 'node:assert/strict';
import { mdCode, mdTable, mdText, truncateChars } from '../../../src/core/report/results-markdown-text.js';
import { HOSTILE } from './fixtures.js';
import { tableCells } from './markdown-table.js';

describe('results-markdown-text', () => {
  it('renders hostile text literally: pipes escaped, HTML as entities, escapes and controls gone', () => {
    assert.equal(mdText(HOSTILE), '\\| &lt;script&gt;alert(1)&lt;/script&gt;');
    assert.equal(mdText('a & b <img src=x onerror=alert(1)>'), 'a &amp; b &lt;img src=x onerror=alert(1)&gt;');
  });

  it('escapes inline Markdown: emphasis, code, links, images, strikethrough and GitHub math', () => {
    assert.equal(mdText('**bold** _it_ `code` [link](http://x) ![img](http://y) ~~s~~ $x$'), '\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\[link\\](http://x) \\!\\[img\\](http://y) \\~\\~s\\~\\~ \\$x\\$');
    assert.equal(mdText('C:\\path'), 'C:\\\\path');
  });

  it('keeps GitHub from mentioning people or linking issues, but leaves e-mail addresses alone', () => {
    assert.equal(mdText('ask @alice about #12'), 'ask @\u200balice about #\u200b12');
    assert.equal(mdText('maya.chen@example.com'), 'maya.chen@example.com');
  });

  it('is one line, cut to a length without splitting a character', () => {
    assert.equal(mdText('one\ntwo\r\nthree'), 'one two three');
    assert.equal(mdText('abcdefghij', 5), 'abcd…');
    assert.equal(truncateChars('👍🏽👍🏽👍🏽', 2), '👍🏽…');
  });

  it('puts outputs in a code span whose fence outlasts any backticks inside, pipes escaped in tables', () => {
    assert.equal(mdCode('plain', { inTable: false }), '`plain`');
    assert.equal(mdCode('take `400 mg` now', { inTable: false }), '``take `400 mg` now``');
    assert.equal(mdCode('`x`', { inTable: false }), '`` `x` ``');
    assert.equal(mdCode(HOSTILE, { inTable: true }), '`\\| <script>alert(1)</script>`');
    assert.equal(mdCode(HOSTILE, { inTable: false }), '`| <script>alert(1)</script>`');
    assert.equal(mdCode('  \n ', { inTable: true }), '*(empty)*');
  });

  it('builds a table whose rows keep their cell count whatever the cells hold', () => {
    const table = mdTable(['Case', 'Output'], [[mdText('a|b'), mdCode(`x | y\nz ${HOSTILE}`, { inTable: true })]], ['left', 'right']);
    const lines = table.split('\n');
    assert.deepEqual(lines.slice(0, 2), ['| Case | Output |', '|---|---:|']);
    assert.equal(lines.length, 3);
    assert.deepEqual(tableCells(lines[2]!), ['a\\|b', '`x \\| y z \\| <script>alert(1)</script>`']);
  });
});
