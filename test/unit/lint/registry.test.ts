// The registry is what `--list-rules`, hovers and the docs read: every rule documented, ids unique and
// kebab-case, and each rule exercised by a failing test in rules.test.ts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { findLintRule, lintRules } from '../../../src/core/lint/index.js';

describe('lint rule registry', () => {
  it('has unique kebab-case ids, valid default severities and one-line descriptions', () => {
    const ids = lintRules.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const rule of lintRules) {
      assert.match(rule.id, /^[a-z]+(-[a-z]+)+$/, rule.id);
      assert.ok(['info', 'warning', 'error'].includes(rule.defaultSeverity), rule.id);
      assert.ok(rule.description.length > 10 && rule.description.length <= 130 && !rule.description.includes('\n'), `${rule.id}: ${rule.description}`);
      assert.ok(rule.docs.length > 100 && !rule.docs.includes('\n'), `${rule.id} docs`);
      assert.equal(findLintRule(rule.id), rule);
    }
  });

  it('includes the rules the format promises', () => {
    const required = [
      'missing-goal', 'missing-rubric', 'vague-criterion', 'compound-criterion', 'missing-anti-patterns', 'missing-examples',
      'missing-gates', 'undecidable-gate', 'missing-coverage', 'rare-label', 'label-without-cases', 'duplicate-case-id',
      'duplicate-case-input', 'case-without-expectation',
    ];
    for (const id of required) assert.ok(findLintRule(id), id);
  });

  it('has a describe block in rules.test.ts for every rule', () => {
    const source = readFileSync(new URL('./rules.test.ts', import.meta.url), 'utf8');
    for (const rule of lintRules) assert.ok(source.includes(`describe('${rule.id}'`), `no tests for ${rule.id}`);
  });
});
