// A sharded eval as a job matrix runs it: four shard jobs, each writing its results into its own artifact
// folder, then a merge job over the downloaded folders. The merged run must say what one unsharded run says.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli } from '../cli/run-cli.js';
import { headings, tables } from '../report/gfm.js';
import { removeTemporaryFolders, runAction, workspaceWith } from './run-action.js';

const SPEC = 'support-triage/support-triage.aispec.md';

describe('GitHub Action: sharded eval and merge (scripts run locally)', function () {
  this.timeout(120_000);
  before(buildCli);
  after(removeTemporaryFolders);

  it('four shards merged give the unsharded run\'s metrics, verdict and exit code', async () => {
    const workspace = workspaceWith('support-triage');
    const whole = await runAction({ workspace, inputs: { command: 'eval', specs: SPEC, 'results-dir': 'whole' } });
    assert.equal(whole.code, 1, whole.stderr);

    const shards = [];
    for (const shard of ['1/4', '2/4', '3/4', '4/4']) {
      const index = shard[0]!;
      const r = await runAction({ workspace, inputs: { command: 'eval', specs: SPEC, shard, 'results-dir': `artifacts/aispec-shard-${index}` } });
      // A shard is a subset: its gates decide nothing, so it fails only when it cannot run.
      assert.deepEqual([r.code, r.outputs.verdict], [0, 'partial'], r.stderr);
      assert.equal(r.outputs.results, `artifacts/aispec-shard-${index}/support-triage.shard-${index}-of-4.json`);
      assert.match(r.summary, /PARTIAL/);
      shards.push(JSON.parse(readFileSync(join(workspace, r.outputs.results!), 'utf8')));
    }
    assert.equal(shards.reduce((n, s) => n + s.cases.length, 0), 239);

    const merged = await runAction({ workspace, inputs: { command: 'merge', shards: 'artifacts' } });
    assert.equal(merged.code, whole.code, merged.stderr);
    assert.deepEqual([merged.outputs['exit-code'], merged.outputs.verdict, merged.outputs.results], ['1', 'fail', 'aispec-results/support-triage.json']);

    const one = JSON.parse(readFileSync(join(workspace, whole.outputs.results!), 'utf8'));
    const joined = JSON.parse(readFileSync(join(workspace, merged.outputs.results!), 'utf8'));
    for (const key of ['summary', 'by_tag', 'by_criterion', 'anti_patterns', 'classification', 'cost', 'latency']) {
      assert.deepEqual(joined[key], one[key], key);
    }
    assert.deepEqual(joined.cases.map((c: { id: string }) => c.id).sort(), one.cases.map((c: { id: string }) => c.id).sort());

    // The job summary: the merged verdict, pass rate and every gate; the failed gate is annotated.
    assert.match(merged.summary, /^### aispec merge: Support tickets are routed to the right queue$/m);
    assert.match(merged.summary, /^\*\*❌ FAIL\*\*/m);
    assert.match(merged.summary, /^4 shards, 239 cases: 210 passed, 29 failed, 0 errors\. Pass rate 0\.879 \(95% CI 0\.831–0\.914, n=239\)\.$/m);
    assert.match(merged.summary, /^\| ❌ \| `recall\.abuse` recall for abuse is 0\.6 \(n=20\), below 0\.8 \| ≥ 0\.800 \| 0\.600 \| 0\.387–0\.781 \| 20 \|$/m);
    // Read as GitHub renders it: one heading, one table with a row per gate.
    assert.deepEqual(headings(merged.summary), ['### aispec merge: Support tickets are routed to the right queue']);
    const [table, ...more] = tables(merged.summary);
    assert.equal(more.length, 0);
    assert.deepEqual(table![0], ['', 'gate', 'target', 'actual', '95% CI', 'n']);
    assert.deepEqual(table!.slice(1).map((row) => row[1]!.split(' ')[0]), one.summary.gates.map((g: { name: string }) => g.name));
    assert.deepEqual(table![2], ['❌', 'recall.abuse recall for abuse is 0.6 (n=20), below 0.8', '≥ 0.800', '0.600', '0.387–0.781', '20']);
    assert.match(merged.stdout, /^::error title=aispec gate recall\.abuse failed \(support-triage%2C all shards\)::recall for abuse is 0\.6 \(n=20\), below 0\.8$/m);
  });

  it('merge with one shard found is an input error (exit 2), naming what it found', async () => {
    const workspace = workspaceWith('support-triage');
    await runAction({ workspace, inputs: { command: 'eval', specs: SPEC, shard: '1/2', 'results-dir': 'artifacts' } });
    const r = await runAction({ workspace, inputs: { command: 'merge', shards: 'artifacts' } });
    assert.equal(r.code, 2);
    assert.match(r.stdout, /command merge needs two or more shard results; found 1 in artifacts/);
  });
});
