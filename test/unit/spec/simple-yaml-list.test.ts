// The simple reading of a cases block (src/core/spec/simple-yaml-list.ts) must give exactly what js-yaml gives
// (values, and the item spans its listener reports) on every text it accepts, and must give up on anything
// whose reading it cannot be sure of, so that js-yaml, or `yaml` with its located errors, reads it as before.
import assert from 'node:assert/strict';
import { CORE_SCHEMA, load, type State } from 'js-yaml';
import { readSimpleYamlList } from '../../../src/core/spec/simple-yaml-list.js';
import { parseSpec } from '../../../src/core/spec/parse.js';
import { parseYamlRegion } from '../../../src/core/spec/yaml-block.js';

/** What yaml-list.ts read with js-yaml before: the values, and each top-level item's span from its listener. */
function jsYamlReading(source: string): { values: unknown; spans: Array<[number, number]> } {
  const spans: Array<[number, number]> = [];
  const starts: number[] = [];
  let depth = 0;
  const values = load(source, {
    schema: CORE_SCHEMA,
    listener(event: 'open' | 'close', state: State) {
      if (event === 'open') {
        depth++;
        if (depth === 2) starts.push(state.position);
      } else {
        if (depth === 2) spans.push([starts.pop()!, state.position]);
        depth--;
      }
    },
  });
  return { values, spans };
}

function assertSameAsJsYaml(source: string): void {
  const simple = readSimpleYamlList(source);
  assert.ok(simple, `not read by the simple path: ${JSON.stringify(source)}`);
  assert.deepStrictEqual(simple, jsYamlReading(source), JSON.stringify(source));
}

// Values the simple path takes as strings, among them words other YAML versions or schemas read otherwise.
const WORDS = ['refuse', 'yes', 'no', 'on', 'off', 'y', 'n', 'nul', 'nulls', 'Truey', 'e.g.', 'a/b', 'x-y', 'A+B', 'under_score', 'v1.2.3', 'two words', 'ends-with-dash-', 'NaN', 'Infinity', 'inf', 'nan', 'x -y'];
const QUOTED = ['"plain text"', '"Ticket #7: is it? (plan team)."', "\"it's\"", '""', '"  spaced  "', '"a: b"', '"[not a list]"', '"- dash"', '"123"', '"null"', '"true"', '"~"', '"{x}"', '"&anchor *alias"'];
const LISTS = ['[]', '[core]', '[core, edge]', '[a, b, c]', '[yes, no]'];
// Plain one-line values as people write inputs: punctuation that is text after a block value's first letter.
const PUNCTUATED = [
  'How much ibuprofen should I take for my back pain?', "I've had a headache, light hurts. What do I have?", 'C# or F#?', 'see http://example.com/a?b=1&c=2#top',
  'Save 50% now!', 'Use [brackets] and {braces}, too', 'He said "hi" then \'bye\'', 'A & B * C @ D', 'ends with a dash -', 'x:y and a:b', 'mail help@example.com',
  'semi; colon', 'tilde ~ here', 'back`tick', 'a - b', 'one,two,three', 'pipe | and > sign', 'percent%', 'Why?!',
];
// Text beyond ASCII, in plain and double-quoted values: accents, a leading inverted question mark, CJK, an
// astral character (a surrogate pair), a no-break space inside, a line separator (text to js-yaml).
const WIDE_TEXT = ['¿Cuántos mg le doy a mi hijo de 20 kg?', 'naïve café', 'Größe und Gewicht', '日本語のテキスト', 'emoji 🙂 here', 'nbsp\u00a0inside', 'x\u2028y', 'Ünïcödé-start', '"quoted é 🙂"', '"¿sí?"'];

describe('spec: the simple reading of a cases block', () => {
  it('gives js-yaml\'s values and item spans for every flat list of one-line strings and lists of words', () => {
    const values = [...WORDS, ...QUOTED, ...LISTS, ...PUNCTUATED, ...WIDE_TEXT];
    const keys = ['id', 'input', 'expect', 'tags', 'notes', 'x-y', 'a_b', 'K9'];
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 300; round++) {
      const items = 1 + next(6);
      let text = '\n'.repeat(next(2));
      for (let i = 0; i < items; i++) {
        const used = keys.slice(next(3), 3 + next(5));
        used.forEach((key, k) => {
          text += `${k === 0 ? '- ' : '  '}${key}: ${values[next(values.length)]}\n`;
          if (next(8) === 0) text += '\n';
        });
      }
      if (next(3) === 0) text = text.replace(/\n+$/, '');
      assertSameAsJsYaml(text);
    }
  });

  it('reads the benchmark shape: id, a quoted input, a label, tags', () => {
    const block = Array.from({ length: 50 }, (_, i) => `- id: case-${String(i).padStart(4, '0')}\n  input: "Ticket #${i}: my invoice shows a double charge (customer ${i * 7}, plan free). Which queue?"\n  expect: billing\n  tags: [core, edge]`).join('\n');
    assertSameAsJsYaml(`${block}\n`);
  });

  it('gives up on everything it cannot be sure of', () => {
    const rejected = [
      '', '\n\n', '# a comment\n- id: a\n', '- id: a # note\n', '- id: 12\n', '- weight: 1.5\n', '- id: null\n', '- id: ~\n', '- ok: true\n', '- ok: False\n',
      '- id: "a\\"b"\n', '- id: "tab\\there"\n', '- id: a\n\tinput: b\n', '- id: a\r\n  input: b\r\n', '- id: a\n  id: b\n',
      '- id: a\n  meta:\n    x: y\n', '- id: a\n    input: b\n', '  - id: a\n', '- id: a \n', '- id:  a\n', '- id: a\n  \n', '---\n- id: a\n', '- - a\n',
      '- id: &x a\n- id: *x\n', '- tags: [a,b]\n', '- tags: [a, [b]]\n', '- tags: [1, 2]\n', "- id: 'single'\n", '- id: a: b\n', '- __proto__: x\n', 'id: a\n', '- id\n',
      '- id: -a\n', '- id: .inf\n', '- id: a\n- b\n', '- input: |\n    text\n',
      // A plain value that a ": ", a trailing ":" or a " #" would end, or that double or trailing spaces make unsure.
      '- input: Ticket #7 is open\n', '- input: pain:\n', '- input: note: this\n', '- input: two  spaces\n', '- input: trailing space \n',
      '- tags: [a?, b]\n', '- tags: [it\'s]\n', '- input: ?question\n', '- input: "half quoted\n',
      // Beyond ASCII: a NEL (a line break in YAML 1.1), a byte order mark, a C1 control, a lone surrogate, a
      // no-break space first, a tag that is not ASCII.
      '- input: a\u0085b\n', '- input: \ufeffx\n', '- input: a\u009fb\n', '- input: lone \ud800 half\n', '- input: half \udc00 lone\n', '- input: \u00a0x\n', '- tags: [café]\n',
    ];
    for (const text of rejected) assert.equal(readSimpleYamlList(text), undefined, JSON.stringify(text));
  });

  it("a case block with a YAML error still gets yaml's message at the same place", () => {
    const block = '- id: a\n  input: "fine"\n- id: b\n  input: "never closed\n';
    const spec = `---\naispec: 1\nid: s\ntitle: S\n---\n\n## Cases\n\`\`\`yaml cases\n${block}\`\`\`\n`;
    const parsed = parseSpec(spec, '/p/s.aispec.md');
    const base = spec.indexOf(block);
    const expected = parseYamlRegion(block.replace(/\n$/, ''), '/p/s.aispec.md', base, 'this cases block').diagnostics;
    assert.ok(expected.length > 0);
    assert.deepEqual(parsed.diagnostics.filter((d) => d.code === 'parse'), expected);
  });

  it('parses a spec to the same cases, ranges and lines as js-yaml did', () => {
    const block = '- id: a\n  input: "Is it? #1"\n  expect: yes\n\n- id: b\n  input: plain words here\n  tags: [x, y]\n';
    const spec = `---\naispec: 1\nid: s\ntitle: S\nlabels: [yes, no]\n---\n\n## Cases\n\`\`\`yaml cases\n${block}\`\`\`\n`;
    const parsed = parseSpec(spec, '/p/s.aispec.md');
    const base = spec.indexOf(block);
    const source = block.replace(/\n$/, '');
    const { values, spans } = jsYamlReading(source);
    assert.deepEqual(parsed.cases.map((c) => c.raw), values);
    // yaml-list.ts trims the whitespace off a span's end (past the text, js-yaml's last span ends one further).
    const trimEnd = (start: number, end: number) => {
      let e = end;
      while (e > start && /\s/.test(source[e - 1] ?? '')) e--;
      return e;
    };
    const trimmed = spans.map(([start, end]) => [base + start, base + trimEnd(start, end)]);
    assert.deepEqual(parsed.cases.map((c) => [c.range.start, c.range.end]), trimmed);
    assert.deepEqual(parsed.cases.map((c) => c.line), [10, 14]);
    assert.deepEqual(parsed.cases[1]!.locate(['tags', 1]).value, { file: '/p/s.aispec.md', start: spec.indexOf('y]'), end: spec.indexOf('y]') + 1 });
  });
});
