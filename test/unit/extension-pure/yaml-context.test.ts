// The YAML path at the cursor, read from the yaml package's node ranges on half-written text.
import assert from 'node:assert/strict';
import { completionSite, nodeAt } from '../../../src/core/authoring/yaml-context.js';
import { cursor } from './helpers.js';

const site = (textWithCursor: string) => {
  const { text, offset } = cursor(textWithCursor);
  return completionSite(text, offset);
};

describe('authoring: YAML path at the cursor', () => {
  it('finds a key being written under a block map, with the keys already there', () => {
    const s = site('target:\n  provider: openai\n  mo§\ngates: {}\n');
    assert.equal(s?.role, 'key');
    assert.deepEqual(s?.path, ['target']);
    assert.equal(s?.partial, 'mo');
    assert.deepEqual(s?.siblings, ['provider']);
    assert.equal(s?.column, 2);
    assert.deepEqual((s?.data as { target: unknown }).target, { provider: 'openai' });
  });

  it('finds a key on an empty line by its indentation', () => {
    assert.deepEqual(site('a:\n  b: 1\n\n  §\nc: 2\n')?.path, ['a']);
    const top = site('a:\n  b: 1\n§\n');
    assert.equal(top?.role, 'key');
    assert.deepEqual(top?.path, []);
  });

  it('finds a key typed on a line of its own above other keys (not one scalar with the next line)', () => {
    const s = site('status: review\now§\ntarget:\n  provider: openai\n');
    assert.equal(s?.role, 'key');
    assert.deepEqual(s?.path, []);
    assert.equal(s?.partial, 'ow');
    assert.deepEqual(s?.siblings, ['status', 'target']);
    const nested = site('target:\n  mo§\n  provider: openai\n');
    assert.deepEqual([nested?.role, nested?.path, nested?.siblings], ['key', ['target'], ['provider']]);
  });

  it('finds a value after `key: `, after `key:` (needing a space) and in flow collections', () => {
    const block = site('target:\n  provider: op§\n');
    assert.equal(block?.role, 'value');
    assert.deepEqual(block?.path, ['target', 'provider']);
    assert.equal(block?.partial, 'op');
    assert.equal(block?.needsSpace, false);
    assert.equal(site('status:§\n')?.needsSpace, true);
    assert.deepEqual(site('target: { provider: § }\n')?.path, ['target', 'provider']);
    const tags = site('tags: [core, §]\n');
    assert.deepEqual(tags?.path, ['tags', 1]);
    assert.equal(tags?.item, true);
    assert.deepEqual(tags?.siblings, ['core']);
  });

  it('tells a value on its key line from one on a line of its own', () => {
    assert.equal(site('target: §\n')?.inline, true);
    assert.equal(site('target:\n  §\n')?.inline, false);
  });

  it('finds list items and keys inside them (cases, checks)', () => {
    assert.deepEqual(site('- id: a\n  input: hi\n- §\n')?.path, [1]);
    const inCase = site('- id: a\n  inp§\n- id: b\n');
    assert.equal(inCase?.role, 'key');
    assert.deepEqual(inCase?.path, [0]);
    assert.deepEqual(inCase?.siblings, ['id']);
    assert.deepEqual(site('- id: a\n  checks:\n    - { not-§ }\n')?.path, [0, 'checks', 0]);
    assert.deepEqual(site('- id: a\n  tags:\n    - §\n')?.path, [0, 'tags', 0]);
  });

  it('keeps quotes out of the partial value and reports them', () => {
    const s = site('- id: a\n  expect: "ref§"\n');
    assert.equal(s?.partial, 'ref');
    assert.equal(s?.quoted, true);
  });

  it('finds nothing in a comment or a block scalar', () => {
    assert.equal(site('a: 1 # co§\n'), undefined);
    assert.equal(site('description: |\n  some te§xt\n')?.role, 'value');
    assert.deepEqual(site('description: |\n  some te§xt\n')?.path, ['description']);
  });

  it('gives the key or value under a position for hovers', () => {
    const text = 'gates:\n  pass_rate: 0.9\n  recall: { refuse: 0.9 }\n';
    const key = nodeAt(text, text.indexOf('pass_rate') + 2);
    assert.equal(key?.role, 'key');
    assert.deepEqual(key?.path, ['gates', 'pass_rate']);
    assert.deepEqual(key?.range, { start: text.indexOf('pass_rate'), end: text.indexOf('pass_rate') + 'pass_rate'.length });
    const value = nodeAt(text, text.indexOf('0.9') + 1);
    assert.equal(value?.role, 'value');
    assert.equal(value?.value, 0.9);
    assert.deepEqual(nodeAt(text, text.indexOf('refuse'))?.path, ['gates', 'recall', 'refuse']);
  });
});
