// The editor's texts for a spec that compares several targets, from a real run of the bundled model-choice
// example (three recorded targets) through runSpecTargets, the run path the editor takes for such a spec;
// and the API key names the Set API Key picker offers, from every target of a spec.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { caseTargetsLine, caseTargetsTitle, comparisonSummaryLine, runSummaryLine, runTargetsTitle, targetSummaryLine } from '../../../src/extension/running/format.js';
import { keyNamesUsed } from '../../../src/extension/running/key-names.js';
import { runSpecTargets } from '../../../src/node/run-targets.js';
import type { ComparisonResults } from '../../../src/shared/comparison.js';
import { NO_GRANT_OPTIONS } from '../../support/grants.js';

const MODEL_CHOICE = join(import.meta.dirname, '../../../examples/model-choice/model-choice.aispec.md');

describe('extension running: several targets', () => {
  let comparison: ComparisonResults;
  before(async () => {
    const outcome = await runSpecTargets(MODEL_CHOICE, { aispecVersion: 'test', save: false, cache: false, ...NO_GRANT_OPTIONS });
    assert.equal(outcome.kind, 'ran');
    comparison = outcome.kind === 'ran' ? outcome.comparison : (undefined as never);
  });

  it('the run line names how many targets ran and the recommendation', () => {
    assert.deepEqual(Object.keys(comparison.targets), ['gpt-4o-mini', 'gpt-4o', 'gpt-4o-mini-fewshot']);
    const recommended = comparison.comparison.recommended;
    assert.equal(comparisonSummaryLine(comparison), `support-triage-model-choice: 3 targets · ${recommended === null ? 'no target recommended' : `recommended ${recommended}`}`);
    const none = structuredClone(comparison);
    none.comparison.recommended = null;
    assert.equal(comparisonSummaryLine(none), 'support-triage-model-choice: 3 targets · no target recommended');
  });

  it("a target's line is its run's line with the target's name where the spec's id stands", () => {
    const results = comparison.targets['gpt-4o']!;
    const line = targetSummaryLine('gpt-4o', results);
    assert.equal(line, `gpt-4o: ${runSummaryLine(results).slice('support-triage-model-choice: '.length)}`);
    assert.match(line, /^gpt-4o: pass rate \d\.\d{3} \(\d\.\d{3}–\d\.\d{3}\) · (PASS|FAIL) \d\/4 gates · /);
  });

  it('the lens on targets: and the per-target case lens and hover line', () => {
    assert.equal(runTargetsTitle(3), '$(play) Run eval on 3 targets');
    assert.equal(runTargetsTitle(1), '$(play) Run eval on 1 target');
    const caseId = comparison.targets['gpt-4o']!.cases[0]!.id;
    const perTarget = Object.entries(comparison.targets).map(([target, results]) => ({ target, result: results.cases.find((c) => c.id === caseId)! }));
    const icon = (status: string) => (status === 'pass' ? '$(pass)' : status === 'fail' ? '$(error)' : '$(warning)');
    assert.equal(caseTargetsTitle(perTarget), perTarget.map((t) => `${icon(t.result.status)} ${t.target}`).join(' · '));
    // In the hover (Markdown) the target names are escaped: a name is the spec's text.
    assert.match(caseTargetsLine(perTarget), /^\$\(\w+\) gpt\\-4o\\-mini (passed|failed|error) · /);
  });
});

describe('extension running: API key names the specs use', () => {
  it('lists the key of every target under targets:, the judge\'s and ${VAR} references', () => {
    const names = keyNamesUsed([
      {
        targets: {
          small: { provider: 'openai', model: 'gpt-4o-mini' },
          claude: { provider: 'anthropic', model: 'claude-x' },
          gateway: { provider: 'http', url: 'https://gw.example/v1', headers: { Authorization: 'Bearer ${GATEWAY_TOKEN}' }, body: '{"k": "${BODY_KEY}"}' },
          azure: { provider: 'openai', api_key_env: 'AZURE_OPENAI_API_KEY' },
          broken: 'not a target',
        },
        judge: { provider: 'openai', api_key_env: 'JUDGE_KEY' },
      },
    ]);
    assert.deepEqual(names.sort(), ['ANTHROPIC_API_KEY', 'AZURE_OPENAI_API_KEY', 'BODY_KEY', 'GATEWAY_TOKEN', 'JUDGE_KEY', 'OPENAI_API_KEY']);
  });

  it('reads the single target: as before, and ignores what is not a frontmatter or not a variable name', () => {
    assert.deepEqual(keyNamesUsed([{ target: { provider: 'anthropic' } }, null, 'text', { target: { provider: 'openai', api_key_env: 'not a name' } }]), ['ANTHROPIC_API_KEY']);
  });
});
