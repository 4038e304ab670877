import assert from 'node:assert/strict';
import { renderJson, renderTemplate } from '../../../../src/core/eval/targets/template.js';
import { getPath, hashText, joinUrl, stableStringify } from '../../../../src/core/eval/targets/util.js';
import { CaseError } from '../../../../src/core/eval/types.js';

const ctx = { id: 'c1', input: 'Hello', vars: { city: 'Oslo', n: 3, nested: { a: 'deep' } } };

describe('targets: template', () => {
  it('fills input, id and vars (dotted into nested vars)', () => {
    assert.equal(renderTemplate('{{id}}: {{input}} from {{ vars.city }} ({{vars.nested.a}}, {{vars.n}})', ctx, 'x'), 'c1: Hello from Oslo (deep, 3)');
  });

  it('leaves unknown placeholders and other braces alone', () => {
    assert.equal(renderTemplate('{{user}} {{ foo.bar }} {single} {{input}}', ctx, 'x'), '{{user}} {{ foo.bar }} {single} Hello');
  });

  it('names the missing var, the case and the var it does have', () => {
    assert.throws(
      () => renderTemplate('Hi {{vars.country}}', ctx, 'system prompt'),
      (e: unknown) => e instanceof CaseError && /system prompt: \{\{vars.country\}\} has no value: case "c1" has no var "country" \(its vars: city, n, nested\)/.test(e.message),
    );
    assert.throws(() => renderTemplate('{{input}}', { id: 'c2', vars: {} }, 'body'), /case "c2" has no "input"/);
  });

  it('encodes substituted values when asked (URLs)', () => {
    assert.equal(renderTemplate('https://x/?q={{input}}', { ...ctx, input: 'a b&c' }, 'url', encodeURIComponent), 'https://x/?q=a%20b%26c');
  });

  it('renders JSON bodies: whole-string placeholders keep their type, other strings are text', () => {
    const messages = [{ role: 'user' as const, content: 'm' }];
    const body = { q: '{{input}}', n: '{{vars.n}}', label: 'n={{vars.n}}', list: ['{{vars.nested}}', 7, null, true], m: '{{messages}}' };
    assert.deepEqual(renderJson(body, { ...ctx, messages }, 'body'), {
      q: 'Hello',
      n: 3,
      label: 'n=3',
      list: [{ a: 'deep' }, 7, null, true],
      m: messages,
    });
    assert.throws(() => renderJson({ a: ['{{vars.zip}}'] }, ctx, 'target.body'), /target\.body\.a\[0\]: \{\{vars\.zip\}\}/);
  });
});

describe('targets: util', () => {
  it('stableStringify sorts keys at every level and drops undefined', () => {
    assert.equal(stableStringify({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } }), '{"a":{"d":[{"y":2,"z":1}]},"b":1}');
  });

  it('hashText is stable and sensitive', () => {
    assert.equal(hashText('abc'), hashText('abc'));
    assert.notEqual(hashText('abc'), hashText('abd'));
    assert.match(hashText(''), /^[0-9a-f]{16}$/);
  });

  it('hashText is 64-bit FNV-1a of the UTF-16 code units: the published vectors, and BigInt arithmetic on any text', () => {
    // Published FNV-1a 64 test vectors (ASCII: one code unit per byte).
    assert.equal(hashText(''), 'cbf29ce484222325');
    assert.equal(hashText('a'), 'af63dc4c8601ec8c');
    assert.equal(hashText('foobar'), '85944171f73967e8');
    const byBigInt = (text: string) => {
      let h = 0xcbf29ce484222325n;
      for (let i = 0; i < text.length; i++) h = ((h ^ BigInt(text.charCodeAt(i))) * 0x100000001b3n) & 0xffffffffffffffffn;
      return h.toString(16).padStart(16, '0');
    };
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let n = 0; n < 200; n++) {
      const text = Array.from({ length: next() % 300 }, () => String.fromCharCode(next() % 0x10000)).join('');
      assert.equal(hashText(text), byBigInt(text));
    }
  });

  it('getPath walks objects and lists and says where it stopped', () => {
    const value = { choices: [{ message: { content: 'hi' } }], id: 'x' };
    assert.deepEqual(getPath(value, 'choices.0.message.content'), { found: true, value: 'hi' });
    const missing = getPath(value, 'choices.1.message');
    assert.equal(missing.found, false);
    assert.match((missing as { problem: string }).problem, /"choices" is a list of 1, no index 1/);
    assert.match((getPath(value, 'data.text') as { problem: string }).problem, /the response has no key "data" \(its keys: choices, id\)/);
    assert.match((getPath(value, 'id.x') as { problem: string }).problem, /"id" is the string "x", not an object/);
  });

  it('joinUrl keeps a query string at the end', () => {
    assert.equal(joinUrl('https://h/openai/deployments/d/?api-version=2024-10-21', 'chat/completions'), 'https://h/openai/deployments/d/chat/completions?api-version=2024-10-21');
    assert.equal(joinUrl('http://h/v1/', '/chat/completions'), 'http://h/v1/chat/completions');
  });
});
