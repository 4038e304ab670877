// The action's check and eval commands, run as the runner runs them (action/run.mjs with fake GitHub files)
// on copies of the bundled examples, which replay recorded outputs: no key, no network.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli } from '../cli/run-cli.js';
import { removeTemporaryFolders, runAction, workspaceWith } from './run-action.js';

describe('GitHub Action: check and eval (scripts run locally)', function () {
  this.timeout(120_000);
  before(buildCli);
  after(removeTemporaryFolders);

  it('check: a clean repository is verdict clean, exit 0, with a summary line', async () => {
    const workspace = workspaceWith('health-assistant', 'support-triage');
    const r = await runAction({ workspace, inputs: { command: 'check' } });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual([r.outputs['exit-code'], r.outputs.verdict], ['0', 'clean']);
    assert.match(r.summary, /^✅ \*\*aispec check\*\*: no errors in every spec in the repository\./);
    // The CLI's --format github annotations reach the log, with paths from the repository root.
    assert.match(r.stdout, /^::warning file=support-triage\/support-triage\.aispec\.md,line=\d+,.*title=aispec rare-label::/m);
  });

  it('check: an error is annotated on its line, verdict errors, exit 1', async () => {
    const workspace = workspaceWith();
    writeFileSync(join(workspace, 'broken.aispec.md'), '---\naispec: 1\nid: b\ntitle: B\ntarget: { provider: recorded, path: o.jsonl }\ngates:\n  pass_rat: 0.9\n---\n\n## Goal\nX.\n');
    const r = await runAction({ workspace, inputs: { command: 'check', specs: 'broken.aispec.md' } });
    assert.equal(r.code, 1);
    assert.deepEqual([r.outputs['exit-code'], r.outputs.verdict], ['1', 'errors']);
    assert.match(r.stdout, /^::error file=broken\.aispec\.md,line=7,col=3,.*title=aispec schema::Unknown key "pass_rat"/m);
    assert.match(r.summary, /^❌ \*\*aispec check\*\*: errors in `broken\.aispec\.md`/);
  });

  it('eval: a failing gate is exit 1 and verdict fail; JSON, JUnit and Markdown are written, the report is the job summary, annotations are in the log', async () => {
    const workspace = workspaceWith('support-triage');
    const r = await runAction({ workspace, inputs: { command: 'eval', specs: 'support-triage/support-triage.aispec.md' } });
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual([r.outputs['exit-code'], r.outputs.verdict], ['1', 'fail']);
    assert.equal(r.outputs.results, 'aispec-results/support-triage.json');
    assert.equal(r.outputs.junit, 'aispec-results/support-triage.junit.xml');
    assert.equal(r.outputs.markdown, 'aispec-results/support-triage.md');

    const results = JSON.parse(readFileSync(join(workspace, r.outputs.results!), 'utf8'));
    assert.equal(results.summary.verdict, 'fail');
    assert.equal(results.cases.length, 239);
    const junit = readFileSync(join(workspace, r.outputs.junit!), 'utf8');
    assert.match(junit, /^<\?xml /);
    assert.equal((junit.match(/<testcase /g) ?? []).length, 239 + results.summary.gates.length, 'one test per case and per gate');
    assert.equal(r.summary, `${readFileSync(join(workspace, r.outputs.markdown!), 'utf8')}\n`);
    assert.match(r.summary, /recall\.abuse/);
    assert.match(r.stdout, /^::error file=support-triage\/support-triage\.aispec\.md,title=aispec gate recall\.abuse failed \(support-triage\)::/m);
  });

  it('eval: a passing spec is exit 0, verdict pass', async () => {
    const workspace = workspaceWith('health-assistant');
    const r = await runAction({ workspace, inputs: { command: 'eval', specs: 'health-assistant/health-assistant.aispec.md', 'results-dir': 'out/eval' } });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual([r.outputs['exit-code'], r.outputs.verdict, r.outputs.results], ['0', 'pass', 'out/eval/health-assistant.json']);
    // Failed cases are annotated on their lines; no gate is.
    assert.match(r.stdout, /^::error file=health-assistant\/health-assistant\.aispec\.md,line=\d+,title=aispec case /m);
    assert.doesNotMatch(r.stdout, /^::error [^\n]*title=aispec gate/m);
  });

  it('eval: a spec that cannot run is exit 2, verdict error, and the summary says nothing ran', async () => {
    const workspace = workspaceWith();
    const r = await runAction({ workspace, inputs: { command: 'eval', specs: 'missing.aispec.md' } });
    assert.equal(r.code, 2);
    assert.deepEqual([r.outputs['exit-code'], r.outputs.verdict, r.outputs.results], ['2', 'error', undefined]);
    assert.match(r.summary, /aispec eval\*\* `missing\.aispec\.md`: nothing ran \(exit 2\)/);
  });

  for (const [name, inputs, message] of [
    ['an unknown command', { command: 'deploy' }, /input command must be one of check, eval, merge, review; got "deploy"/],
    ['eval with two specs', { command: 'eval', specs: 'a.aispec.md b.aispec.md' }, /command eval runs one spec; specs has 2/],
    ['a malformed shard', { command: 'eval', specs: 'a.aispec.md', shard: '2of4' }, /input shard is i\/n, such as 2\/4; got "2of4"/],
    ['a grant in args', { command: 'eval', specs: 'a.aispec.md', args: '--tag x --allow-command' }, /input args cannot grant permissions \(--allow-command\)/],
    ['a boolean that is not one', { command: 'eval', specs: 'a.aispec.md', 'allow-command': 'yes' }, /input allow-command must be true or false; got "yes"/],
    ['merge without shards', { command: 'merge' }, /command merge needs shards/],
    ['review without base', { command: 'review' }, /command review needs base/],
  ] as const) {
    it(`a mistake in the inputs (${name}) is an error annotation and exit 2`, async () => {
      const r = await runAction({ workspace: workspaceWith(), inputs: { ...inputs } });
      assert.equal(r.code, 2, r.stderr);
      assert.deepEqual([r.outputs['exit-code'], r.outputs.verdict], ['2', 'error']);
      assert.match(r.stdout, /^::error title=aispec action::/m);
      assert.match(r.stdout, message);
    });
  }
});
