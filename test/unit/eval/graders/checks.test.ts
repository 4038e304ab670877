import assert from 'node:assert/strict';
import { runCheck, countWords, countChars, CHECK_KINDS } from '../../../../src/core/eval/graders/checks.js';
import { MAX_REGEX_INPUT_CHARS } from '../../../../src/core/eval/graders/regex.js';

const run = (check: Record<string, unknown>, output: string, extra: { latency_ms?: number; cost_usd?: number } = {}) =>
  runCheck(check, { output, ...extra });

describe('runCheck', () => {
  describe('equals', () => {
    it('passes on the trimmed output, case-sensitively', () => {
      assert.deepEqual(run({ equals: 'refuse' }, '  refuse\n'), { kind: 'equals', passed: true, reason: 'equals "refuse"' });
    });
    it('fails with what it got', () => {
      assert.deepEqual(run({ equals: 'refuse' }, 'Refuse'), {
        kind: 'equals',
        passed: false,
        reason: 'expected "refuse", got "Refuse"',
      });
    });
    it('reads a YAML number as its text', () => {
      assert.equal(run({ equals: 42 }, '42').passed, true);
      assert.equal(run({ equals: 42 }, '43').passed, false);
    });
  });

  describe('contains / icontains / not-contains', () => {
    it('contains passes and fails case-sensitively', () => {
      assert.deepEqual(run({ contains: 'pharmacist' }, 'Ask a pharmacist.'), {
        kind: 'contains',
        passed: true,
        reason: 'contains "pharmacist"',
      });
      assert.deepEqual(run({ contains: 'pharmacist' }, 'Ask a Pharmacist.'), {
        kind: 'contains',
        passed: false,
        reason: '"pharmacist" not found',
      });
    });
    it('icontains ignores case and shows the text found', () => {
      assert.deepEqual(run({ icontains: 'pharmacist' }, 'Ask a PHARMACIST.'), {
        kind: 'icontains',
        passed: true,
        reason: 'contains "pharmacist" (ignoring case) at "PHARMACIST"',
      });
      assert.equal(run({ icontains: 'doctor' }, 'Ask a pharmacist.').passed, false);
      assert.equal(run({ icontains: 'doctor' }, 'Ask a pharmacist.').reason, '"doctor" not found (ignoring case)');
    });
    it('not-contains fails where the text occurs', () => {
      assert.deepEqual(run({ 'not-contains': 'mg' }, 'Take 400 mg'), {
        kind: 'not-contains',
        passed: false,
        reason: 'contains "mg" at character 9',
      });
      assert.deepEqual(run({ 'not-contains': 'mg' }, 'Ask a pharmacist'), {
        kind: 'not-contains',
        passed: true,
        reason: 'does not contain "mg"',
      });
    });
  });

  describe('regex / not-regex', () => {
    it('regex passes with the matched text and fails without a match', () => {
      assert.deepEqual(run({ regex: '\\b\\d+ mg\\b', flags: 'i' }, 'Adults take 400 MG every 6 hours'), {
        kind: 'regex',
        passed: true,
        reason: 'matched /\\b\\d+ mg\\b/i at "400 MG"',
      });
      assert.deepEqual(run({ regex: '\\b\\d+ mg\\b' }, 'Adults take 400 MG every 6 hours'), {
        kind: 'regex',
        passed: false,
        reason: 'no match for /\\b\\d+ mg\\b/',
      });
    });
    it('not-regex fails on a match and passes without one', () => {
      assert.deepEqual(run({ 'not-regex': '\\b\\d+ mg\\b', flags: 'i' }, 'I am not a doctor, but 400 mg is usual'), {
        kind: 'not-regex',
        passed: false,
        reason: 'matched /\\b\\d+ mg\\b/i at "400 mg"',
      });
      assert.deepEqual(run({ 'not-regex': '\\b\\d+ mg\\b' }, 'Ask your pharmacist.'), {
        kind: 'not-regex',
        passed: true,
        reason: 'no match for /\\b\\d+ mg\\b/',
      });
    });
    it('honours the m and s flags', () => {
      assert.equal(run({ regex: '^Dose' }, 'Intro\nDose: none').passed, false);
      assert.equal(run({ regex: '^Dose', flags: 'm' }, 'Intro\nDose: none').passed, true);
      assert.equal(run({ regex: 'a.b' }, 'a\nb').passed, false);
      assert.equal(run({ regex: 'a.b', flags: 's' }, 'a\nb').passed, true);
    });
    it('gives the same answer every time with the g flag (no lastIndex carry-over)', () => {
      const results = [1, 2, 3].map(() => run({ regex: 'mg', flags: 'g' }, 'one mg').passed);
      assert.deepEqual(results, [true, true, true]);
    });
    it('an invalid pattern is an error, not a throw', () => {
      const result = run({ regex: '(unclosed' }, 'anything');
      assert.equal(result.error, true);
      assert.equal(result.passed, false);
      assert.equal(result.kind, 'regex');
      assert.match(result.reason, /^regex: invalid regex \/\(unclosed\/: /);
    });
    it('invalid flags are an error', () => {
      const result = run({ 'not-regex': 'x', flags: 'q' }, 'anything');
      assert.equal(result.error, true);
      assert.match(result.reason, /invalid regex \/x\/q/);
    });
    it('an output beyond the regex guard is an error, not a silent verdict', () => {
      const long = 'a'.repeat(MAX_REGEX_INPUT_CHARS + 1);
      const result = run({ 'not-regex': '\\d+ mg' }, long);
      assert.equal(result.error, true);
      assert.match(result.reason, new RegExp(`has ${MAX_REGEX_INPUT_CHARS + 1} characters`));
    });
    it('a long output within the guard is searched by the linear-time engine (RE2), not by backtracking', () => {
      const text = 'word '.repeat(19_000) + '400 mg';
      assert.equal(run({ regex: '\\b\\d+\\s?mg\\b' }, text).passed, true);
      // JavaScript's backtracking engine would not finish (a+)+$ on this text in any lifetime; an answer at all
      // proves which engine ran (how fast is bench/ territory, not a test's).
      const nearMiss = `${'a'.repeat(MAX_REGEX_INPUT_CHARS - 1)}!`;
      const result = run({ regex: '(a+)+$' }, nearMiss);
      assert.equal(result.error, undefined, result.reason);
      assert.equal(result.passed, false);
      assert.equal(run({ regex: '(a+)+$' }, nearMiss.slice(0, -1)).passed, true);
    });
  });

  describe('starts-with', () => {
    it('ignores leading whitespace', () => {
      assert.deepEqual(run({ 'starts-with': 'I can' }, '\n  I can help.'), {
        kind: 'starts-with',
        passed: true,
        reason: 'starts with "I can"',
      });
    });
    it('fails showing how the output starts', () => {
      assert.deepEqual(run({ 'starts-with': 'Sorry' }, 'Sure! Take two tablets.'), {
        kind: 'starts-with',
        passed: false,
        reason: 'starts with "Sure! Take two table", not "Sorry"',
      });
    });
  });

  describe('is-json', () => {
    it('passes on JSON and names its type', () => {
      assert.deepEqual(run({ 'is-json': true }, ' {"label": "refuse"} '), {
        kind: 'is-json',
        passed: true,
        reason: 'output is JSON (an object)',
      });
      assert.equal(run({ 'is-json': true }, '[1,2]').reason, 'output is JSON (an array)');
    });
    it('fails on text, and says when a code fence is the cause', () => {
      const plain = run({ 'is-json': true }, 'label: refuse');
      assert.equal(plain.passed, false);
      assert.match(plain.reason, /^not JSON: /);
      assert.deepEqual(run({ 'is-json': true }, '```json\n{"a":1}\n```'), {
        kind: 'is-json',
        passed: false,
        reason: 'not JSON: the output is wrapped in a ``` code fence',
      });
    });
    it('is-json: false is an error (it has no meaning)', () => {
      assert.equal(run({ 'is-json': false }, '{}').error, true);
    });
  });

  describe('json-schema', () => {
    const schema = {
      type: 'object',
      required: ['label', 'confidence'],
      properties: { label: { enum: ['refuse', 'answer'] }, confidence: { type: 'number' }, email: { format: 'email' } },
      additionalProperties: false,
    };
    it('passes when the output matches', () => {
      assert.deepEqual(run({ 'json-schema': schema }, '{"label":"refuse","confidence":0.9}'), {
        kind: 'json-schema',
        passed: true,
        reason: 'output matches the schema',
      });
    });
    it('fails with the first validation errors', () => {
      const result = run({ 'json-schema': schema }, '{"label":"maybe","confidence":"high","extra":1}');
      assert.equal(result.passed, false);
      assert.equal(
        result.reason,
        'schema: (root) must NOT have additional properties (extra); /label must be equal to one of the allowed values (["refuse","answer"]); /confidence must be number',
      );
    });
    it('checks formats (ajv-formats)', () => {
      assert.equal(run({ 'json-schema': schema }, '{"label":"refuse","confidence":1,"email":"a@b.co"}').passed, true);
      const bad = run({ 'json-schema': schema }, '{"label":"refuse","confidence":1,"email":"not an email"}');
      assert.equal(bad.passed, false);
      assert.equal(bad.reason, 'schema: /email must match format "email"');
    });
    it('fails (not errors) when the output is not JSON', () => {
      const result = run({ 'json-schema': schema }, 'refuse');
      assert.equal(result.passed, false);
      assert.equal(result.error, undefined);
      assert.match(result.reason, /^not JSON: /);
    });
    it('an invalid schema is an error', () => {
      const result = run({ 'json-schema': { type: 'no-such-type' } }, '{}');
      assert.equal(result.error, true);
      assert.match(result.reason, /^json-schema: invalid schema: /);
    });
    it('supports draft 2020-12 when the schema says so', () => {
      const tuple = { $schema: 'https://json-schema.org/draft/2020-12/schema', prefixItems: [{ type: 'string' }], items: false };
      assert.equal(run({ 'json-schema': tuple }, '["a"]').passed, true);
      assert.equal(run({ 'json-schema': tuple }, '["a", 1]').passed, false);
    });
    it('two schemas sharing an $id do not collide', () => {
      const a = { $id: 'https://example.com/s', type: 'string' };
      const b = { $id: 'https://example.com/s', type: 'number' };
      assert.equal(run({ 'json-schema': a }, '"x"').passed, true);
      assert.equal(run({ 'json-schema': b }, '1').passed, true);
      assert.equal(run({ 'json-schema': b }, '"x"').passed, false);
    });
  });

  describe('word and character limits', () => {
    it('max-words', () => {
      const text = Array.from({ length: 212 }, (_, i) => `w${i}`).join(' ');
      assert.deepEqual(run({ 'max-words': 150 }, text), { kind: 'max-words', passed: false, reason: 'has 212 words, limit 150' });
      assert.deepEqual(run({ 'max-words': 212 }, text), { kind: 'max-words', passed: true, reason: 'has 212 words, limit 212' });
    });
    it('min-words', () => {
      assert.deepEqual(run({ 'min-words': 3 }, 'Ask a pharmacist.'), { kind: 'min-words', passed: true, reason: 'has 3 words, minimum 3' });
      assert.deepEqual(run({ 'min-words': 4 }, 'Ask a pharmacist.'), { kind: 'min-words', passed: false, reason: 'has 3 words, minimum 4' });
      assert.equal(run({ 'min-words': 1 }, '   ').reason, 'has 0 words, minimum 1');
    });
    it('max-chars counts code points of the trimmed output', () => {
      assert.deepEqual(run({ 'max-chars': 5 }, ' héllo\n'), { kind: 'max-chars', passed: true, reason: 'has 5 characters, limit 5' });
      assert.deepEqual(run({ 'max-chars': 2 }, '👍👍👍'), { kind: 'max-chars', passed: false, reason: 'has 3 characters, limit 2' });
    });
    it('min-chars', () => {
      assert.deepEqual(run({ 'min-chars': 10 }, 'short'), { kind: 'min-chars', passed: false, reason: 'has 5 characters, minimum 10' });
      assert.equal(run({ 'min-chars': 1 }, 'x').reason, 'has 1 character, minimum 1');
    });
    it('a limit that is not a non-negative number is an error', () => {
      assert.equal(run({ 'max-words': '150' }, 'x').error, true);
      assert.equal(run({ 'max-chars': -1 }, 'x').error, true);
      assert.equal(run({ 'max-words': '150' }, 'x').reason, 'max-words: takes a non-negative number, got "150"');
    });
    it('counts words like wc -w', () => {
      assert.equal(countWords(' one\ttwo\n\nthree  '), 3);
      assert.equal(countWords(''), 0);
      assert.equal(countChars('  ab  '), 2);
    });
  });

  describe('latency and cost ceilings', () => {
    it('max-latency-ms', () => {
      assert.deepEqual(run({ 'max-latency-ms': 2500 }, 'x', { latency_ms: 2300.4 }), {
        kind: 'max-latency-ms',
        passed: true,
        reason: 'took 2300 ms, limit 2500 ms',
      });
      assert.deepEqual(run({ 'max-latency-ms': 2500 }, 'x', { latency_ms: 2501 }), {
        kind: 'max-latency-ms',
        passed: false,
        reason: 'took 2501 ms, limit 2500 ms',
      });
    });
    it('max-latency-ms without a measured latency is an error', () => {
      const result = run({ 'max-latency-ms': 2500 }, 'x');
      assert.equal(result.error, true);
      assert.equal(result.reason, 'max-latency-ms: the target reported no latency for this case');
    });
    it('max-cost-usd', () => {
      assert.deepEqual(run({ 'max-cost-usd': 0.002 }, 'x', { cost_usd: 0.00123 }), {
        kind: 'max-cost-usd',
        passed: true,
        reason: 'cost $0.00123, limit $0.002',
      });
      assert.deepEqual(run({ 'max-cost-usd': 0.002 }, 'x', { cost_usd: 0.05 }), {
        kind: 'max-cost-usd',
        passed: false,
        reason: 'cost $0.05, limit $0.002',
      });
    });
    it('max-cost-usd without a known cost is an error', () => {
      assert.equal(run({ 'max-cost-usd': 0.01 }, 'x').error, true);
    });
  });

  describe('malformed checks', () => {
    it('an unknown kind is an error naming the kind', () => {
      const result = run({ 'max-sentences': 3 }, 'x');
      assert.equal(result.kind, 'max-sentences');
      assert.equal(result.error, true);
      assert.match(result.reason, /^unknown check kind "max-sentences" \(known: equals, contains/);
    });
    it('two kinds in one check is an error', () => {
      const result = run({ contains: 'a', 'not-contains': 'b' }, 'a');
      assert.equal(result.error, true);
      assert.equal(result.reason, 'a check has exactly one kind key (got contains, not-contains)');
    });
    it('flags on a non-regex check is an error', () => {
      assert.equal(run({ contains: 'a', flags: 'i' }, 'A').error, true);
    });
    it('a value of the wrong type is an error', () => {
      assert.equal(run({ contains: { a: 1 } }, 'a').error, true);
      assert.equal(run({ regex: 5 }, '5').error, true);
    });
    it('every documented kind is known', () => {
      assert.deepEqual([...CHECK_KINDS].sort(), [
        'contains', 'equals', 'icontains', 'is-json', 'json-schema', 'max-chars', 'max-cost-usd', 'max-latency-ms',
        'max-tool-calls', 'max-words', 'min-chars', 'min-words', 'no-tool-called', 'not-contains', 'not-regex', 'regex',
        'starts-with', 'tool-called',
      ]);
    });
  });
});
