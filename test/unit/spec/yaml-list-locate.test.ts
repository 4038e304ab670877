// A case of a cases block is located (a diagnostic's range) by parsing that case alone with `yaml`, not the whole
// block (src/core/spec/yaml-list.ts): every locate must give exactly the ranges the whole block's Document gives,
// for every shape of block (the simple one, js-yaml's, comments, nesting, block scalars, flow lists), for items
// located alone and after the switch to the whole Document.
import assert from 'node:assert/strict';
import { isSeq, type Node as YamlNode } from 'yaml';
import { LineIndex } from '../../../src/core/spec/line-index.js';
import { parseYamlRegion } from '../../../src/core/spec/yaml-block.js';
import { readYamlList, type YamlListItem } from '../../../src/core/spec/yaml-list.js';
import { yamlLocator } from '../../../src/core/spec/yaml-locator.js';
import type { ValuePath } from '../../../src/core/spec/types.js';

const FILE = 'spec.aispec.md';
const BASE = 37; // the block's offset in its file: ranges must count from the file's start

/** Every path into a value: keys of maps, indexes of lists, and one that does not exist. */
function pathsOf(value: unknown, prefix: ValuePath = []): ValuePath[] {
  const paths: ValuePath[] = [prefix, [...prefix, 'no-such-key']];
  if (Array.isArray(value)) value.forEach((v, i) => paths.push(...pathsOf(v, [...prefix, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths.push(...pathsOf(v, [...prefix, k]));
  return paths;
}

/** Locates every path of every item (in `order`) and compares with the whole block's Document. */
function assertLocatesAsWholeBlock(source: string, order: (n: number) => number[] = (n) => [...Array(n).keys()]): void {
  const text = `${' '.repeat(BASE)}${source}`;
  const list = readYamlList(source, FILE, BASE, new LineIndex(text), 'this cases block');
  assert.equal(list.kind, 'list', JSON.stringify(source));
  const region = parseYamlRegion(source, FILE, BASE, 'this cases block');
  assert.ok(isSeq(region.doc.contents));
  const nodes = region.doc.contents.items as YamlNode[];
  for (const i of order(list.items.length)) {
    const item: YamlListItem = list.items[i]!;
    const whole = yamlLocator(nodes[i], FILE, BASE, item.range);
    for (const path of pathsOf(item.raw)) assert.deepStrictEqual(item.locate(path), whole(path), `item ${i}, path ${JSON.stringify(path)} of ${JSON.stringify(source)}`);
  }
}

describe('locating a case of a YAML list', () => {
  it('gives the whole block\'s ranges for the simple shape', () => {
    assertLocatesAsWholeBlock('- id: a\n  input: "Ticket #1: hi?"\n  expect: billing\n- id: b\n  input: plain words\n  tags: [edge, core]\n');
  });

  it('gives the whole block\'s ranges for what js-yaml reads (comments, numbers, nesting, block scalars, indentation)', () => {
    const sources = [
      '# leading comment\n- id: a # trailing\n  n: 3\n\n  # between keys\n  vars: {x: 1, y: [2, 3]}\n- id: b\n  input: |\n    two\n    lines\n\n- id: c\n',
      '  - id: a\n    nested:\n      - k: v\n        deep: {a: [1, 2]}\n  - id: b\n    messages:\n      - role: user\n        content: "esc\\u00e9"\n',
      '- id: "quoted: yes"\n  expect: >-\n    folded\n    text\n- - inner\n  - list\n- plain scalar item\n- 42\n- ~\n- id: last\n  checks:\n  - regex: "^a"\n  - contains: b\n',
      '-   id: wide\n    input: x\n-\n  id: on-next-line\n  input: y\n- id: é unicode\n  input: ünïcode\n',
    ];
    for (const source of sources) assertLocatesAsWholeBlock(source);
  });

  it('gives the whole block\'s ranges for a flow list, which is not located item by item', () => {
    assertLocatesAsWholeBlock('[{id: a, input: x}, {id: b, input: y},\n {id: c}]\n');
  });

  it('gives the same ranges before and after it switches to one Document for the whole block (many items located)', () => {
    const source = Array.from({ length: 150 }, (_, i) => `- id: case-${i}\n  input: "Ticket #${i}: hello?"\n  expect: ${['billing', 'technical'][i % 2]}\n${i % 7 === 0 ? '  # a comment\n' : ''}`).join('');
    // Last to first, then first to last: items located alone, then from the whole block once past the cap.
    assertLocatesAsWholeBlock(source, (n) => [...[...Array(n).keys()].reverse(), ...Array(n).keys()]);
    // Random order, the same item more than once.
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) % 150);
    assertLocatesAsWholeBlock(source, () => Array.from({ length: 90 }, random));
  });
});
