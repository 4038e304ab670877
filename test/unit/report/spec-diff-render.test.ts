// The spec diff's renderers: console text, Markdown (parsed with a GFM parser: headings and tables must come out
// as intended, hostile spec text must stay inert), GitHub annotations, and the JSON against its schema.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { diffSpecs } from '../../../src/core/diff/spec-diff.js';
import { specDiffGithub } from '../../../src/core/report/spec-diff-github.js';
import { specDiffMarkdown } from '../../../src/core/report/spec-diff-markdown.js';
import { specDiffText } from '../../../src/core/report/spec-diff-text.js';
import type { SpecDiff } from '../../../src/shared/spec-diff.js';
import { BASE_BODY, BASE_CASES, BASE_FRONTMATTER, BASE_RUBRIC, side } from '../diff/spec-diff-fixtures.js';
import { codeBlocks, headings, nodeTypes, tables } from './gfm.js';

async function everyKindOfChange(): Promise<SpecDiff> {
  const frontmatter = BASE_FRONTMATTER.replace('pass_rate: 0.9', 'pass_rate: 0.8')
    .replace('  per_tag:\n    adversarial: 0.95\n', '')
    .replace('latency_p95_ms: 2000', 'latency_p95_ms: 1500')
    .replace('model: gpt-4o', 'model: gpt-4o-mini')
    .replace('Follow the policy.', 'Be generous.')
    .replace('labels: [approve, deny]', 'labels: [approve, deny, escalate]')
    .replace('deny: { otherwise: true }', 'escalate: { contains: "manager" }\n  deny: { otherwise: true }');
  const cases = BASE_CASES.replace(/- id: c3\n( {2}.*\n?)+/, '').concat('\n- id: "x|<b>@you"\n  input: hi\n  expect: deny\n  tags: [core]');
  const rubric = BASE_RUBRIC.replace('Quotes the refund policy section it relies on.', 'Mentions *the* policy | maybe <b>hi</b> @you.');
  const body = BASE_BODY.replace('**Fails.** "Sure, refunded!"', '**Fails.** "Refunded, no questions asked!"');
  return diffSpecs(await side({}, 'main:p/refunds.aispec.md'), await side({ frontmatter, cases, rubric, body }, 'p/refunds.aispec.md'));
}

describe('spec diff renderers', () => {
  let diff: SpecDiff;
  before(async () => {
    diff = await everyKindOfChange();
  });

  it('text: the bar first, loosening first, then every kind of change', () => {
    const text = specDiffText(diff, { color: false });
    const lines = text.split('\n');
    assert.match(lines[3]!, /^The bar was lowered: 2 gates loosened or removed; fewer cases tagged adversarial; 1 gate tightened or added\.$/);
    const gateRows = lines.filter((l) => /^ {2}(loosened|removed|tightened|added) +[a-z]/.test(l)).map((l) => l.trim().split(/\s+/).slice(0, 2));
    assert.deepEqual(gateRows, [['loosened', 'pass_rate'], ['removed', 'per_tag.adversarial'], ['tightened', 'latency_p95_ms']]);
    for (const expected of ['target.model: gpt-4o → gpt-4o-mini', 'target.system: prompt changed', '-Follow the policy.', '+Be generous.', 'removed (1): c3', 'adversarial', '~ cites-policy reworded', 'labels added: escalate', 'classify escalate']) {
      assert.ok(text.includes(expected), `missing ${expected}\n${text}`);
    }
    assert.ok(!text.includes('\u001b['), 'no colour when not asked for');
  });

  it('Markdown: headings and tables parse as intended under GFM', () => {
    const markdown = specDiffMarkdown(diff);
    assert.deepEqual(headings(markdown), ['## aispec diff: Refund assistant', '### Gates', '### Target, judge and pricing', '### Cases', '### Criteria', '### Examples', '### Labels and classification']);
    const [gates, settings, tags] = tables(markdown);
    assert.deepEqual(gates!.map((row) => row.slice(1)), [
      ['Gate', 'Base', 'Head', 'Change'],
      ['pass_rate', '0.9', '0.8', 'loosened'],
      ['per_tag.adversarial', '0.95', '—', 'removed'],
      ['latency_p95_ms', '2000', '1500', 'tightened'],
    ]);
    assert.deepEqual(settings![1], ['target.model', 'gpt-4o', 'gpt-4o-mini']);
    assert.deepEqual(tags!.map((row) => row.slice(1)), [
      ['Tag', 'Base', 'Head', 'Change'],
      ['adversarial', '2', '1', '-1'],
      ['core', '1', '2', '+1'],
    ]);
    assert.deepEqual(codeBlocks(markdown, 'diff'), ['@@ -1,3 +1,3 @@\n You answer refund questions.\n-Follow the policy.\n+Be generous.\n ']);
  });

  it('Markdown: spec text stays inert (no HTML, no table break, no mention)', () => {
    const markdown = specDiffMarkdown(diff);
    assert.deepEqual(nodeTypes(markdown).filter((t) => t === 'html'), []);
    assert.ok(markdown.includes('Mentions \\*the\\* policy \\| maybe &lt;b&gt;hi&lt;/b&gt; @\u200byou.'), markdown);
  });

  it('GitHub: one warning per loosened or removed gate at its line in HEAD, and one per tag that lost cases', () => {
    const lines = specDiffGithub(diff, 'p/refunds.aispec.md').trimEnd().split('\n');
    assert.deepEqual(lines, [
      '::warning file=p/refunds.aispec.md,line=18,col=3,title=aispec%3A bar lowered::gate pass_rate loosened: 0.9 → 0.8',
      '::warning file=p/refunds.aispec.md,line=18,col=3,title=aispec%3A bar lowered::gate per_tag.adversarial removed (was 0.9): the bar was lowered'.replace('(was 0.9)', '(was 0.95)'),
      '::warning file=p/refunds.aispec.md,line=1,col=1,title=aispec%3A coverage fell::cases tagged adversarial: 2 → 1',
    ]);
    assert.equal(specDiffGithub({ ...diff, gates: [], summary: { ...diff.summary, coverage_fell: [] } }, 'x.aispec.md'), '');
  });

  it('GitHub: a path or gate name cannot end the property list or start a new command', () => {
    const hostile: SpecDiff = { ...diff, gates: [{ name: 'per_tag.a\n::error::x', from: 0.9, to: 0.5, change: 'loosened', line: 3, column: 1 }], summary: { ...diff.summary, coverage_fell: [] } };
    const out = specDiffGithub(hostile, 'a,b:c.aispec.md');
    assert.equal(out.split('\n').filter(Boolean).length, 1);
    assert.ok(out.startsWith('::warning file=a%2Cb%3Ac.aispec.md,line=3,col=1,'));
  });

  it('JSON: matches schemas/spec-diff.schema.json', () => {
    const schema = JSON.parse(readFileSync(new URL('../../../schemas/spec-diff.schema.json', import.meta.url), 'utf8')) as object;
    const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);
    const wire = JSON.parse(JSON.stringify(diff)) as unknown;
    assert.ok(validate(wire), JSON.stringify(validate.errors, null, 2));
    assert.equal(validate({ ...(wire as object), extra: 1 }), false);
  });
});
