// isPlainValidCase lets validate.ts skip the generated validator for the usual case shape. It must never say
// true for a value the validator rejects: checked here over many shapes against the validator itself, with
// the schema's rules for the keys it knows pinned, so a schema change cannot leave it silently out of date.
import assert from 'node:assert/strict';
import schema from '../../../schemas/aispec.schema.json' with { type: 'json' };
import { isPlainValidCase } from '../../../src/core/spec/plain-case.js';
import { validators } from '../../../src/core/spec/schema-validators.js';

/** The schema without its prose (descriptions, examples, messages): the rules only. */
function rules(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rules);
  if (node === null || typeof node !== 'object') return node;
  const prose = new Set(['description', 'markdownDescription', 'examples', 'errorMessage', 'patternErrorMessage']);
  return Object.fromEntries(Object.entries(node).filter(([key]) => !prose.has(key)).map(([key, value]) => [key, rules(value)]));
}

describe('isPlainValidCase', () => {
  it('relies on rules of $defs/case that are still the schema\'s (update plain-case.ts with them)', () => {
    const caseSchema = rules((schema as { $defs: { case: Record<string, unknown> } }).$defs.case) as Record<string, unknown> & { properties: Record<string, unknown> };
    assert.deepEqual(
      { type: caseSchema.type, required: caseSchema.required, additionalProperties: caseSchema.additionalProperties, allOf: caseSchema.allOf },
      {
        type: 'object',
        required: ['id'],
        additionalProperties: false,
        allOf: [{ anyOf: [{ required: ['input'] }, { required: ['messages'] }] }, { not: { type: 'object', required: ['input', 'messages'] } }],
      },
    );
    assert.deepEqual(
      { id: caseSchema.properties.id, input: caseSchema.properties.input, expect: caseSchema.properties.expect, tags: caseSchema.properties.tags },
      {
        id: { type: ['string', 'integer'], minLength: 1 },
        input: { type: 'string' },
        expect: { type: 'string' },
        tags: { type: 'array', items: { type: 'string', minLength: 1 } },
      },
    );
  });

  it('vouches for the usual cases, which the validator accepts', () => {
    const usual = [
      { id: 'a', input: 'Hello?' },
      { id: 'case-0001', input: '', expect: 'refuse' },
      { id: 'x', input: 'multi\nline', expect: '', tags: ['edge', 'adversarial'] },
      { tags: [], input: 'q', id: '💊' },
    ];
    for (const value of usual) {
      assert.equal(isPlainValidCase(value), true, JSON.stringify(value));
      assert.equal(validators().case(value), true, JSON.stringify(value));
    }
  });

  it('never vouches for a value the validator rejects, over every combination of keys and values tried', () => {
    const values: unknown[] = ['', 'text', 7, 1.5, true, null, [], ['t'], [''], ['t', 3], {}];
    const keys = ['id', 'input', 'expect', 'tags', 'messages', '__proto__'];
    let vouched = 0;
    let checked = 0;
    // Every value for each key, over every subset of up to four keys.
    const subsets: string[][] = [[]];
    for (const key of keys) for (const subset of subsets.slice()) if (subset.length < 4) subsets.push([...subset, key]);
    for (const subset of subsets) {
      const fill = (i: number, acc: Record<string, unknown>): void => {
        if (i === subset.length) {
          const parsed = JSON.parse(JSON.stringify(acc)) as unknown;
          for (const candidate of [acc, parsed]) {
            checked++;
            if (!isPlainValidCase(candidate)) continue;
            vouched++;
            assert.equal(validators().case(candidate), true, `vouched for ${JSON.stringify(candidate)}, which the validator rejects`);
          }
          return;
        }
        for (const value of values) {
          const next = { ...acc };
          Object.defineProperty(next, subset[i]!, { value, enumerable: true, configurable: true, writable: true });
          fill(i + 1, next);
        }
      };
      fill(0, {});
    }
    assert.ok(vouched >= 20 && checked > 100_000, `vouched ${vouched} of ${checked}`);
    // Not a plain object: the validator decides.
    for (const value of [null, 'id', ['a'], Object.assign(Object.create(null), { id: 'a', input: 'b' }), new (class Case { id = 'a'; input = 'b'; })()]) {
      assert.equal(isPlainValidCase(value), false);
    }
    // A sparse tag list is read by the validator as holding undefined: not vouched for.
    const sparse: unknown[] = ['a'];
    sparse[2] = 'b';
    assert.equal(isPlainValidCase({ id: 'a', input: 'b', tags: sparse }), false);
  });
});
