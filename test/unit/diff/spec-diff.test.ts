import assert from 'node:assert/strict';
import { diffSpecs } from '../../../src/core/diff/spec-diff.js';
import { missingSpecSide } from '../../../src/core/diff/spec-side.js';
import { BASE_BODY, BASE_CASES, BASE_FRONTMATTER, BASE_RUBRIC, side, specText } from './spec-diff-fixtures.js';

const withFrontmatter = (from: string, to: string) => ({ frontmatter: BASE_FRONTMATTER.replace(from, to) });

describe('diffSpecs', () => {
  it('finds no change between a spec and itself', async () => {
    const diff = diffSpecs(await side(), await side());
    assert.equal(diff.summary.changed, false);
    assert.deepEqual(diff.gates, []);
    assert.deepEqual(diff.cases, { added: [], removed: [], changed: [] });
    assert.deepEqual(diff.tags, { adversarial: { from: 2, to: 2 }, core: { from: 1, to: 1 } });
  });

  it('marks a lower minimum loosened and a higher one tightened, with its line in HEAD', async () => {
    const lower = diffSpecs(await side(), await side(withFrontmatter('pass_rate: 0.9', 'pass_rate: 0.8')));
    assert.deepEqual(lower.gates, [{ name: 'pass_rate', from: 0.9, to: 0.8, change: 'loosened', line: 17, column: 3 }]);
    assert.equal(lower.summary.loosened, 1);
    const higher = diffSpecs(await side(), await side(withFrontmatter('adversarial: 0.95', 'adversarial: 0.99')));
    assert.deepEqual(higher.gates.map((g) => [g.name, g.change]), [['per_tag.adversarial', 'tightened']]);
    assert.equal(higher.summary.tightened, 1);
  });

  it('marks a higher maximum loosened and a lower one tightened', async () => {
    const up = diffSpecs(await side(), await side(withFrontmatter('latency_p95_ms: 2000', 'latency_p95_ms: 5000')));
    assert.deepEqual(up.gates.map((g) => [g.name, g.from, g.to, g.change]), [['latency_p95_ms', 2000, 5000, 'loosened']]);
    const down = diffSpecs(await side(), await side(withFrontmatter('latency_p95_ms: 2000', 'latency_p95_ms: 900')));
    assert.equal(down.gates[0]!.change, 'tightened');
  });

  it('counts a removed gate as loosening, at the nearest key left in HEAD, and an added one as tightening', async () => {
    const removed = diffSpecs(await side(), await side(withFrontmatter('  per_tag:\n    adversarial: 0.95\n', '')));
    assert.deepEqual(removed.gates.map((g) => [g.name, g.from, g.to, g.change]), [['per_tag.adversarial', 0.95, null, 'removed']]);
    assert.equal(removed.gates[0]!.line, 17); // `gates:` value starts at pass_rate
    assert.equal(removed.summary.loosened, 1);
    const added = diffSpecs(await side(), await side(withFrontmatter('  pass_rate: 0.9\n', '  pass_rate: 0.9\n  accuracy: 0.85\n')));
    assert.deepEqual(added.gates.map((g) => [g.name, g.change]), [['accuracy', 'added']]);
    assert.equal(added.summary.tightened, 1);
  });

  it('reads decide_on, max_errors and case_threshold with their defaults', async () => {
    const toLowerBound = diffSpecs(await side(), await side(withFrontmatter('  pass_rate: 0.9\n', '  pass_rate: 0.9\n  decide_on: lower_bound\n')));
    assert.deepEqual(toLowerBound.gates.map((g) => [g.name, g.from, g.to, g.change]), [['decide_on', 'point', 'lower_bound', 'tightened']]);
    const back = diffSpecs(await side(withFrontmatter('  pass_rate: 0.9\n', '  pass_rate: 0.9\n  decide_on: lower_bound\n')), await side());
    assert.deepEqual(back.gates.map((g) => [g.name, g.change]), [['decide_on', 'loosened']]);
    const writtenDefault = diffSpecs(await side(), await side(withFrontmatter('  pass_rate: 0.9\n', '  pass_rate: 0.9\n  max_errors: 0\n  decide_on: point\n')));
    assert.deepEqual(writtenDefault.gates, []);
    const allowErrors = diffSpecs(await side(), await side(withFrontmatter('  pass_rate: 0.9\n', '  pass_rate: 0.9\n  max_errors: 3\n')));
    assert.deepEqual(allowErrors.gates.map((g) => [g.name, g.from, g.to, g.change]), [['max_errors', 0, 3, 'loosened']]);
    const threshold = diffSpecs(await side(), await side(withFrontmatter('labels:', 'case_threshold: 0.7\nlabels:')));
    assert.deepEqual(threshold.gates.map((g) => [g.name, g.from, g.to, g.change]), [['case_threshold', 1, 0.7, 'loosened']]);
  });

  it('lists target, judge and pricing changes', async () => {
    const frontmatter = BASE_FRONTMATTER.replace('model: gpt-4o', 'model: gpt-4o-mini\n  base_url: https://llm.example.com/v1')
      .replace('temperature: 0', 'temperature: 0.7')
      .replace('input_per_mtok: 0.15', 'input_per_mtok: 0.1')
      .replace('labels:', 'judge:\n  provider: openai\n  model: gpt-4o\nconcurrency: 4\nlabels:');
    const diff = diffSpecs(await side(), await side({ frontmatter }));
    assert.deepEqual(
      diff.target.map((t) => [t.field, t.from, t.to]),
      [
        ['target.model', 'gpt-4o', 'gpt-4o-mini'],
        ['target.temperature', 0, 0.7],
        ['target.base_url', null, 'https://llm.example.com/v1'],
      ],
    );
    assert.deepEqual(diff.judge.map((t) => [t.field, t.from, t.to]), [['judge.provider', null, 'openai'], ['judge.model', null, 'gpt-4o']]);
    assert.deepEqual(diff.pricing.map((t) => [t.field, t.from, t.to]), [['pricing.input_per_mtok', 0.15, 0.1]]);
    assert.deepEqual(diff.settings, [{ field: 'concurrency', from: null, to: 4 }]);
  });

  it('compares the prompt by content: moved to a file unchanged is no change; an edit shows a unified diff', async () => {
    const toFile = BASE_FRONTMATTER.replace('  system: |\n    You answer refund questions.\n    Follow the policy.', '  system_file: prompt.txt');
    const moved = diffSpecs(await side(), await side({ frontmatter: toFile, files: { '/p/prompt.txt': 'You answer refund questions.\nFollow the policy.\n' } }));
    assert.deepEqual(moved.target, []);
    const edited = diffSpecs(await side(), await side({ frontmatter: toFile, files: { '/p/prompt.txt': 'You answer refund questions.\nBe generous.\n' } }));
    assert.equal(edited.target.length, 1);
    assert.equal(edited.target[0]!.field, 'target.system');
    assert.equal(edited.target[0]!.prompt_diff, '@@ -1,3 +1,3 @@\n You answer refund questions.\n-Follow the policy.\n+Be generous.\n ');
  });

  it('lists cases added, removed and changed, counts per tag and the tags whose count fell', async () => {
    const cases = BASE_CASES.replace('input: I want my money back', 'input: I want my money back now')
      .replace(/- id: c3\n( {2}.*\n?)+/, '')
      .concat('\n- id: c4\n  input: Where is my order?\n  expect: deny\n  tags: [core]');
    const diff = diffSpecs(await side(), await side({ cases }));
    assert.deepEqual(diff.cases, { added: ['c4'], removed: ['c3'], changed: ['c1'] });
    assert.deepEqual(diff.tags, { adversarial: { from: 2, to: 1 }, core: { from: 1, to: 2 } });
    assert.deepEqual(diff.summary.coverage_fell, ['adversarial']);
  });

  it('treats changed tags or expectations as a changed case, and reordering as none', async () => {
    const retagged = diffSpecs(await side(), await side({ cases: BASE_CASES.replace('tags: [core]', 'tags: [core, edge]') }));
    assert.deepEqual(retagged.cases.changed, ['c1']);
    const expectation = diffSpecs(await side(), await side({ cases: BASE_CASES.replace('expect: approve', 'expect: deny') }));
    assert.deepEqual(expectation.cases.changed, ['c1']);
    const [first, ...rest] = BASE_CASES.split(/\n(?=- id:)/);
    const reordered = diffSpecs(await side(), await side({ cases: [...rest, first].join('\n') }));
    assert.deepEqual(reordered.cases, { added: [], removed: [], changed: [] });
  });

  it('lists criteria added, removed, reworded, renamed and changed', async () => {
    const rubric = BASE_RUBRIC.replace('Quotes the refund policy section it relies on.', 'Mentions the policy.')
      .replace('id: no-promise', 'id: never-promises')
      .replace('critical: true', 'critical: false')
      .concat('\n- id: polite\n  criterion: Stays polite.');
    const diff = diffSpecs(await side(), await side({ rubric }));
    assert.deepEqual(diff.criteria.reworded, [{ id: 'cites-policy', from: 'Quotes the refund policy section it relies on.', to: 'Mentions the policy.' }]);
    assert.deepEqual(diff.criteria.renamed, [{ from: 'no-promise', to: 'never-promises' }]);
    assert.deepEqual(diff.criteria.added, [{ id: 'polite', text: 'Stays polite.' }]);
    assert.deepEqual(diff.criteria.removed, []);
    const dropped = diffSpecs(await side(), await side({ rubric: BASE_RUBRIC.replace('  critical: true', '  critical: false') }));
    assert.deepEqual(dropped.criteria.changed, [{ id: 'no-promise', field: 'critical', from: true, to: false }]);
    const removed = diffSpecs(await side(), await side({ rubric: BASE_RUBRIC.split('\n').slice(0, 2).join('\n') }));
    assert.deepEqual(removed.criteria.removed, [{ id: 'no-promise', text: 'Never promises a refund the policy does not allow.' }]);
  });

  it('lists anti-patterns and examples added, removed, reworded and changed', async () => {
    const body = BASE_BODY.replace('Says the refund is approved before checking.', 'Says the refund is approved.')
      .replace('`/guaranteed/i`', '`/guaranteed|promise/i`')
      .replace('**Fails.** "Sure, refunded!"', '**Fails.** "Refunded, no questions asked!"');
    const diff = diffSpecs(await side(), await side({ body }));
    assert.equal(diff.anti_patterns.reworded.length, 1);
    assert.equal(diff.anti_patterns.reworded[0]!.id, 'promises-money');
    assert.deepEqual(diff.anti_patterns.changed, [{ id: 'promises-money', field: 'detector', from: '/guaranteed/i', to: '/guaranteed|promise/i' }]);
    assert.equal(diff.examples.added.length, 1);
    assert.equal(diff.examples.removed.length, 1);
    assert.match(diff.examples.removed[0]!.text, /Sure, refunded/);
    const flipped = diffSpecs(await side(), await side({ body: BASE_BODY.replace('> [!WARNING]\n> **Fails.** "Sure, refunded!"', '> [!TIP]\n> **Passes.** "Sure, refunded!"') }));
    assert.deepEqual(flipped.examples.changed.map((c) => [c.field, c.from, c.to]), [['kind', 'fail', 'pass']]);
  });

  it('lists labels and classify rules', async () => {
    const frontmatter = BASE_FRONTMATTER.replace('labels: [approve, deny]', 'labels: [approve, deny, escalate]').replace('approve: { regex: "approve" }', 'approve: { regex: "approv" }\n  escalate: { contains: "manager" }');
    const diff = diffSpecs(await side(), await side({ frontmatter }));
    assert.deepEqual(diff.labels, { added: ['escalate'], removed: [] });
    assert.deepEqual(diff.classify, [
      { key: 'approve', from: { regex: 'approve' }, to: { regex: 'approv' } },
      { key: 'escalate', from: null, to: { contains: 'manager' } },
    ]);
  });

  it('reads a new spec as all added and a deleted one as all removed (the bar lowered)', async () => {
    const added = diffSpecs(missingSpecSide('/p/refunds.aispec.md', 'base'), await side());
    assert.equal(added.base.exists, false);
    assert.deepEqual(added.cases.added, ['c1', 'c2', 'c3']);
    assert.deepEqual(added.gates.map((g) => [g.name, g.change]), [['pass_rate', 'added'], ['per_tag.adversarial', 'added'], ['latency_p95_ms', 'added']]);
    assert.equal(added.summary.loosened, 0);
    const deleted = diffSpecs(await side(), missingSpecSide('/p/refunds.aispec.md', 'head'));
    assert.ok(deleted.gates.every((g) => g.change === 'removed'));
    assert.equal(deleted.summary.loosened, 3);
  });

  it('reports load errors of a side instead of failing', async () => {
    const broken = diffSpecs(await side(), await side({ frontmatter: 'aispec: 1\nid: [unclosed' }));
    assert.ok(broken.head.errors.length > 0);
    assert.ok(specText().includes('yaml rubric'));
  });
});
