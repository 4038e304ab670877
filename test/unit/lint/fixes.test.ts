// Quick fixes: applying the edits gives exactly the intended text, the result parses cleanly, and the rule
// that offered the fix is satisfied.
import assert from 'node:assert/strict';
import type { Diagnostic } from '../../../src/core/spec/types.js';
import { FAIL_EXAMPLE, FRONTMATTER, PASS_EXAMPLE, applyEdits, buildSpec, casesYaml, lint, makeCases, only } from './helpers.js';

const GOAL_SKELETON = '## Goal\n\nWho uses this, what they need from it, and what a failure costs them and the business.\n\n';

/** Applies the first fix of the one `code` diagnostic and checks that the fixed text is clean for that rule. */
function fix(text: string, code: string): { fixed: string; diagnostic: Diagnostic } {
  const found = only(lint(text).diagnostics, code);
  assert.equal(found.length, 1, `one ${code} expected`);
  const diagnostic = found[0]!;
  assert.ok(diagnostic.fixes && diagnostic.fixes.length > 0, `${code} offers a fix`);
  const fixed = applyEdits(text, diagnostic.fixes[0]!.edits);
  const after = lint(fixed);
  assert.deepEqual(after.spec.diagnostics, [], 'the fixed spec parses cleanly');
  assert.deepEqual(only(after.diagnostics, code), [], `${code} is fixed`);
  return { fixed, diagnostic };
}

describe('lint quick fixes', () => {
  it('missing-goal: inserts a Goal section under the title', () => {
    const text = buildSpec({ goal: null });
    const { fixed, diagnostic } = fix(text, 'missing-goal');
    assert.equal(diagnostic.fixes![0]!.title, 'Add a Goal section');
    assert.equal(fixed, text.replace('# Refund helper\n\n', `# Refund helper\n\n${GOAL_SKELETON}`));
  });

  it('missing-goal: inserts it after the frontmatter when there is no title, keeping CRLF line endings', () => {
    const text = buildSpec({ goal: null, title: null }).replace(/\n/g, '\r\n');
    const { fixed } = fix(text, 'missing-goal');
    assert.equal(fixed, text.replace('---\r\n\r\n## Rubric', `---\r\n\r\n${GOAL_SKELETON.replace(/\n/g, '\r\n')}## Rubric`));
  });

  it('missing-rubric: inserts a rubric section after the Goal', () => {
    const noLabels = FRONTMATTER.replace('labels: [refuse, answer]\n', '');
    const text = buildSpec({ frontmatter: noLabels, rubric: null });
    const { fixed } = fix(text, 'missing-rubric');
    const rubric = '## Rubric\n\n```yaml rubric\n- id: first-criterion\n  criterion: One observable thing every output must do or never do.\n```\n\n';
    assert.equal(fixed, text.replace('\n\n## Anti-patterns', `\n\n${rubric}## Anti-patterns`));
  });

  it('missing-anti-patterns: inserts a CAUTION callout after the rubric block', () => {
    const text = buildSpec({ antiPatterns: null });
    const { fixed } = fix(text, 'missing-anti-patterns');
    const callout = '> [!CAUTION]\n> **Anti-pattern: name it.** What a plausible wrong output does, and why it hurts.\n\n';
    assert.equal(fixed, text.replace('```\n\n## Examples', `\`\`\`\n\n${callout}## Examples`));
  });

  it('missing-examples: adds the missing fail example to the Examples section', () => {
    const text = buildSpec({ examples: PASS_EXAMPLE });
    const { fixed, diagnostic } = fix(text, 'missing-examples');
    assert.equal(diagnostic.fixes![0]!.title, 'Add a fail example');
    const fail = '> [!WARNING]\n> **Fails.** User: *the same request* Assistant: *a plausible answer that breaks a criterion*\n\n';
    assert.equal(fixed, text.replace('\n\n## Cases', `\n\n${fail}## Cases`));
  });

  it('missing-examples: adds an Examples section with both callouts before the cases', () => {
    const text = buildSpec({ examples: null });
    const { fixed } = fix(text, 'missing-examples');
    const section =
      '## Examples\n\n> [!TIP]\n> **Passes.** User: *a typical request* Assistant: *an answer that meets every criterion*\n\n' +
      '> [!WARNING]\n> **Fails.** User: *the same request* Assistant: *a plausible answer that breaks a criterion*\n\n';
    assert.equal(fixed, text.replace('## Cases', `${section}## Cases`));
    assert.ok(!fixed.includes(FAIL_EXAMPLE));
  });

  it('missing-gates: appends a gates map to the frontmatter', () => {
    const text = buildSpec({ frontmatter: FRONTMATTER.replace('gates:\n  pass_rate: 0.8', 'owner: maya') });
    const { fixed } = fix(text, 'missing-gates');
    assert.equal(fixed, text.replace('owner: maya\n---', 'owner: maya\ngates:\n  pass_rate: 0.9\n---'));
  });

  it('missing-gates: adds pass_rate as the first key of an existing gates map, and under an empty gates key', () => {
    const text = buildSpec({ frontmatter: FRONTMATTER.replace('pass_rate: 0.8', 'per_tag:\n    edge: 0.5') });
    assert.equal(fix(text, 'missing-gates').fixed, text.replace('gates:\n  per_tag:', 'gates:\n  pass_rate: 0.9\n  per_tag:'));
    const empty = buildSpec({ frontmatter: FRONTMATTER.replace('gates:\n  pass_rate: 0.8', 'gates:\nowner: maya') });
    assert.equal(fix(empty, 'missing-gates').fixed, empty.replace('gates:\nowner', 'gates:\n  pass_rate: 0.9\nowner'));
  });

  it('missing-gates: offers no fix for a flow-style gates map', () => {
    const text = buildSpec({ frontmatter: FRONTMATTER.replace('gates:\n  pass_rate: 0.8', 'gates: { per_tag: { edge: 0.5 } }') });
    assert.equal(only(lint(text).diagnostics, 'missing-gates')[0]!.fixes, undefined);
  });

  it('missing-cases: appends a Cases section with a skeleton case', () => {
    const text = buildSpec({ cases: null });
    const { fixed } = fix(text, 'missing-cases');
    assert.equal(fixed, `${text}\n## Cases\n\n\`\`\`yaml cases\n- id: first-case\n  input: A realistic request from a user\n  tags: [core]\n\`\`\`\n`);
  });

  it('duplicate-case-id: renames the copy to the first free id', () => {
    const cases = casesYaml(makeCases(20, (i, c) => (i === 4 ? { ...c, id: 'case-2' } : i === 5 ? { ...c, id: 'case-2-2' } : c)));
    const text = buildSpec({ cases });
    const { fixed, diagnostic } = fix(text, 'duplicate-case-id');
    assert.equal(diagnostic.fixes![0]!.title, 'Rename to "case-2-3"');
    assert.equal(fixed, text.replace('- id: case-2\n  input: Question 5', '- id: case-2-3\n  input: Question 5'));
  });

  it('system-looks-like-path: renames the key to system_file', () => {
    const text = buildSpec({ frontmatter: FRONTMATTER.replace('system: You answer questions about our refund policy.', 'system: prompts/refund.md') });
    const { fixed } = fix(text, 'system-looks-like-path');
    assert.equal(fixed, text.replace('system: prompts/refund.md', 'system_file: prompts/refund.md'));
  });

  it('lint-config: replaces a misspelt rule id with the suggestion', () => {
    const text = buildSpec({ frontmatter: `${FRONTMATTER}\nlint:\n  missing-example: off`, examples: null });
    const { fixed } = fix(text, 'lint-config');
    assert.equal(fixed, text.replace('missing-example: off', 'missing-examples: off'));
    assert.deepEqual(only(lint(fixed).diagnostics, 'missing-examples'), [], 'the corrected key now turns the rule off');
  });
});
