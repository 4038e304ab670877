// The published JSON Schema itself (shape, hover descriptions, strictness), the did-you-mean matcher, and
// validation speed on 10,000 cases.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { didYouMean, editDistance, toSlug } from '../../../src/core/spec/did-you-mean.js';
import { parseSpec } from '../../../src/core/spec/parse.js';
import { validators } from '../../../src/core/spec/schema-validators.js';
import type { Case, SourceRange } from '../../../src/core/spec/types.js';
import { validateSpec } from '../../../src/core/spec/validate.js';

type Node = Record<string, unknown>;
const schema = JSON.parse(readFileSync('schemas/aispec.schema.json', 'utf8')) as Node & { $defs: Record<string, Node> };
const isRecord = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every `properties` entry anywhere in the schema, with its path. */
function* properties(node: unknown, path: string): Generator<[string, Node]> {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* properties(item, `${path}/${i}`);
    return;
  }
  if (!isRecord(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && isRecord(value)) {
      for (const [name, prop] of Object.entries(value)) {
        if (isRecord(prop)) yield [`${path}/properties/${name}`, prop];
      }
    }
    if (key !== 'examples' && key !== 'default') yield* properties(value, `${path}/${key}`);
  }
}

describe('schemas/aispec.schema.json', () => {
  it('is JSON Schema 2020-12 with an $id, and compiles in ajv strict mode', () => {
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.equal(schema.$id, 'https://aispec.dev/schemas/aispec.schema.json');
    const v = validators();
    assert.equal(typeof v.frontmatter, 'function');
    assert.equal(typeof v.case, 'function');
    assert.equal(typeof v.criterion, 'function');
  });

  it('has the definitions other editors and the validator use', () => {
    for (const def of ['case', 'criterion', 'check', 'target', 'judge', 'classify', 'classifyRule', 'gates', 'pricing', 'chatMessage']) {
      assert.ok(isRecord(schema.$defs[def]), def);
    }
  });

  it('gives every property a description for hovers (a $ref carries its definition\'s)', () => {
    const missing: string[] = [];
    for (const [path, prop] of properties(schema, '#')) {
      if (path.includes('/if/')) continue; // discriminators of if/then, not user-facing
      if (typeof prop.description !== 'string' && typeof prop.$ref !== 'string') missing.push(path);
      if (typeof prop.$ref === 'string') {
        const target = schema.$defs[prop.$ref.replace('#/$defs/', '')];
        if (typeof target?.description !== 'string') missing.push(`${path} → ${prop.$ref}`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it('catches typos: additionalProperties false where a misspelt key would be silently ignored', () => {
    assert.equal(schema.additionalProperties, false);
    assert.deepEqual(Object.keys(schema.patternProperties as Node), ['^x-']);
    for (const def of ['targetRecorded', 'targetOpenai', 'targetAnthropic', 'targetHttp', 'targetCommand', 'judge', 'gates', 'pricing', 'case', 'criterion', 'check', 'classifyRule', 'chatMessage']) {
      assert.equal(schema.$defs[def]!.additionalProperties, false, def);
    }
  });

  it('types numbers with sensible ranges', () => {
    const gates = schema.$defs.gates!.properties as Record<string, Node>;
    assert.deepEqual([gates.pass_rate!.minimum, gates.pass_rate!.maximum], [0, 1]);
    assert.equal(gates.max_errors!.type, 'integer');
    const criterion = schema.$defs.criterion!.properties as Record<string, Node>;
    assert.equal(criterion.weight!.exclusiveMinimum, 0);
    const top = schema.properties as Record<string, Node>;
    assert.equal(top.concurrency!.type, 'integer');
    assert.deepEqual(top.status!.enum, ['draft', 'review', 'approved', 'shipped', 'retired']);
  });

  it('requires per provider the keys that provider needs', () => {
    const v = validators().frontmatter;
    const base = { aispec: 1, id: 'x', title: 'T' };
    assert.equal(v({ ...base, target: { provider: 'recorded', path: 'out.jsonl' } }), true);
    assert.equal(v({ ...base, target: { provider: 'recorded' } }), false);
    assert.equal(v({ ...base, target: { provider: 'http', url: 'https://x.example.com' } }), true);
    assert.equal(v({ ...base, target: { provider: 'http', model: 'gpt' } }), false);
    assert.equal(v({ ...base, target: { provider: 'command' } }), false);
  });
});

describe('didYouMean', () => {
  it('counts a swap of neighbours as one edit', () => {
    assert.equal(editDistance('pass_rate', 'pas_rate'), 1);
    assert.equal(editDistance('recall', 'rceall'), 1);
    assert.equal(editDistance('abc', 'abc'), 0);
    assert.equal(editDistance('', 'abc'), 3);
  });

  it('finds the closest key, ignoring case, camelCase and - vs _', () => {
    assert.equal(didYouMean('pas_rate', ['pass_rate', 'per_tag']), 'pass_rate');
    assert.equal(didYouMean('passRate', ['pass_rate', 'per_tag']), 'pass_rate');
    assert.equal(didYouMean('not_contains', ['contains', 'not-contains']), 'not-contains');
    assert.equal(didYouMean('Refuse', ['refuse', 'answer']), 'refuse');
  });

  it('suggests nothing for a different word', () => {
    assert.equal(didYouMean('currency', ['input_per_mtok', 'output_per_mtok', 'traffic_per_day']), undefined);
    assert.equal(didYouMean('foo', ['f1', 'kappa']), undefined);
  });

  it('makes slugs for ids', () => {
    assert.equal(toSlug('Health Assistant (v2)'), 'health-assistant-v2');
    assert.equal(toSlug('  Café Triage!  '), 'cafe-triage');
    assert.equal(toSlug('***'), 'my-spec');
  });
});

// How fast validation is lives in `npm run bench:check` (10,000 cases under 300 ms), not in a timed test.
describe('validation at scale', () => {
  it('validates 10,000 cases: none flagged when all are valid, exactly the broken one when one is', function () {
    this.timeout(60_000);
    const spec = parseSpec('---\naispec: 1\nid: perf\ntitle: Perf\nlabels: [refuse, answer]\ngates: { pass_rate: 0.9, per_tag: { edge: 0.8 } }\n---\n# Perf\n', 'perf.aispec.md');
    for (let i = 0; i < 10_000; i++) {
      const range: SourceRange = { file: 'perf.aispec.md', start: 0, end: 0 };
      const raw = {
        id: `case-${i}`,
        input: `Question ${i}: how much ibuprofen?`,
        expect: i % 3 ? 'answer' : 'refuse',
        tags: i % 5 ? ['core'] : ['core', 'edge'],
        checks: [{ 'not-regex': '\\b\\d+ ?mg\\b', flags: 'i' }, { 'max-words': 120 }],
      };
      const c: Case = { id: raw.id, input: raw.input, expect: raw.expect, tags: raw.tags, checks: raw.checks, vars: {}, meta: {}, raw, range, line: i + 1, locate: () => ({ value: range }) };
      spec.cases.push(c);
    }
    assert.deepEqual(validateSpec(spec), []);
    const broken = spec.cases[9_999]!;
    spec.cases[9_999] = { ...broken, checks: [{ 'max-words': 'many' }], raw: { ...(broken.raw as object), checks: [{ 'max-words': 'many' }] } };
    const problems = validateSpec(spec);
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.match(problems[0]!.message, /^max-words must be a whole number, not the text "many"/);
  });
});
