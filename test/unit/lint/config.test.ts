// Severity configuration: rule default < workspace map < the spec's own frontmatter `lint:` map; `off` removes
// a rule's diagnostics; unknown rule ids and bad values are reported as `lint-config` with a suggestion.
import assert from 'node:assert/strict';
import { LINT_CONFIG, type SeverityOverrides } from '../../../src/core/lint/index.js';
import { FRONTMATTER, buildSpec, lint, only, textAt } from './helpers.js';

/** A spec with no Goal section (missing-goal, default warning) and an optional `lint:` map. */
const noGoal = (lintMap?: string): string => buildSpec({ goal: null, frontmatter: lintMap ? `${FRONTMATTER}\nlint:\n${lintMap}` : FRONTMATTER });

const goalSeverities = (text: string, severities?: SeverityOverrides): string[] =>
  only(lint(text, { severities }).diagnostics, 'missing-goal').map((d) => d.severity);

describe('lint configuration', () => {
  it('uses the rule default without configuration', () => {
    assert.deepEqual(goalSeverities(noGoal()), ['warning']);
  });

  it('applies the workspace map over the default', () => {
    assert.deepEqual(goalSeverities(noGoal(), { 'missing-goal': 'error' }), ['error']);
    assert.deepEqual(goalSeverities(noGoal(), { 'missing-goal': 'info' }), ['info']);
  });

  it('applies the spec\'s own lint map over the workspace map', () => {
    assert.deepEqual(goalSeverities(noGoal('  missing-goal: info'), { 'missing-goal': 'error' }), ['info']);
    assert.deepEqual(goalSeverities(noGoal('  missing-goal: error'), { 'missing-goal': 'off' }), ['error']);
  });

  it('removes a rule set to off, in either map', () => {
    assert.deepEqual(goalSeverities(noGoal(), { 'missing-goal': 'off' }), []);
    assert.deepEqual(goalSeverities(noGoal('  missing-goal: off'), { 'missing-goal': 'error' }), []);
    const { diagnostics } = lint(noGoal('  missing-goal: off'));
    assert.deepEqual(diagnostics, []);
  });

  it('leaves other rules alone and ignores a bad value in the spec (schema validation reports it)', () => {
    assert.deepEqual(goalSeverities(noGoal('  missing-goal: loud\n  missing-examples: off')), ['warning']);
  });

  it('reports an unknown rule id in the spec at its key, with did-you-mean and a fix', () => {
    const { spec, diagnostics } = lint(noGoal('  missing-gaol: off'));
    const [d] = only(diagnostics, LINT_CONFIG);
    assert.ok(d);
    assert.equal(d.severity, 'warning');
    assert.equal(d.message, 'Unknown lint rule "missing-gaol" in this spec\'s "lint:" map: did you mean "missing-goal"? The rules are listed by "aispec check --list-rules".');
    assert.equal(textAt(spec, d), 'missing-gaol');
    assert.deepEqual(d.fixes?.map((f) => f.title), ['Change to "missing-goal"']);
    // The unknown id configures nothing: missing-goal keeps its default.
    assert.deepEqual(only(diagnostics, 'missing-goal').map((x) => x.severity), ['warning']);
  });

  it('accepts "_" for "-" when suggesting, and suggests nothing for a name far from every rule', () => {
    const { diagnostics } = lint(noGoal('  vague_criterion: off\n  spelling: error'));
    assert.deepEqual(
      only(diagnostics, LINT_CONFIG).map((d) => d.message),
      [
        'Unknown lint rule "vague_criterion" in this spec\'s "lint:" map: did you mean "vague-criterion"? The rules are listed by "aispec check --list-rules".',
        'Unknown lint rule "spelling" in this spec\'s "lint:" map. The rules are listed by "aispec check --list-rules".',
      ],
    );
    assert.equal(only(diagnostics, LINT_CONFIG)[1]!.fixes, undefined);
  });

  it('reports an unknown rule id or a bad value in the workspace map at the top of the spec', () => {
    const { spec, diagnostics } = lint(buildSpec(), { severities: { 'rare-lable': 'off', 'rare-label': 'warn' } as unknown as SeverityOverrides });
    const found = only(diagnostics, LINT_CONFIG);
    assert.deepEqual(
      found.map((d) => [d.message, textAt(spec, d)]),
      [
        ['Unknown lint rule "rare-lable" in the workspace lint settings: did you mean "rare-label"? The rules are listed by "aispec check --list-rules".', '# Refund helper'],
        ['The workspace lint setting for "rare-label" is "warn": use one of off, info, warning, error (did you mean "warning"?).', '# Refund helper'],
      ],
    );
    assert.ok(found.every((d) => d.fixes === undefined));
  });
});
