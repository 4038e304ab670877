// Workspace trust: in an untrusted workspace specs are still checked but nothing executes. The harness
// opens its workspace trusted (code-server runs with --disable-workspace-trust), so these tests force the
// untrusted state through the running features' trust hook; the rule itself is also unit-tested under plain
// mocha (test/unit/extension/running-trust-gate.test.ts).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../../src/extension/running/run-manager.js';
import type { TestReport } from '../../../src/extension/running/test-controller.js';
import { runsFolder } from '../../../src/node/run-store.js';
import { codeLenses, openSpec, removeIfExists, runningApi, titles, waitFor, waitForLenses, workspaceUri, type Api } from './running-support.js';

describe('running: untrusted workspace', () => {
  let api: Api;
  const spec = () => workspaceUri('running', 'untrusted-command.aispec.md');
  const marker = () => workspaceUri('running', 'ran.marker');
  const latest = () => `${runsFolder(spec().fsPath, 'running-untrusted-command')}/latest.json`;

  before(async () => {
    api = await runningApi();
    await removeIfExists(marker());
    api.trust.setOverrideForTests(false);
  });

  after(() => api.trust.setOverrideForTests(undefined));

  it('validates the spec but runs nothing from the palette', async () => {
    const editor = await openSpec('running', 'untrusted-command.aispec.md');
    const checked = await api.services.specs.get(editor.document);
    assert.equal(checked.result.diagnostics.filter((d) => d.severity === 'error').length, 0, 'the spec is checked as usual');
    const outcome = await vscode.commands.executeCommand<RunOutcome>('aispec.runEval', spec());
    assert.equal(outcome?.kind, 'blocked');
    assert.match(outcome.kind === 'blocked' ? outcome.message : '', /untrusted workspace/);
    assert.equal(existsSync(marker().fsPath), false, 'the command target never started');
    assert.equal(existsSync(latest()), false, 'no run was saved');
    assert.equal(api.state.get(spec().fsPath), undefined, 'no results recorded');
  });

  it('runs nothing from the Test Explorer either, and says why', async () => {
    const item = api.tests.specItem(spec());
    await api.tests.resolveSpec(item);
    const reports: TestReport[] = [];
    const sub = api.tests.onDidReport((r) => reports.push(r));
    try {
      await api.tests.runTests(new vscode.TestRunRequest([item]), new vscode.CancellationTokenSource().token, false);
    } finally {
      sub.dispose();
    }
    assert.deepEqual(reports.map((r) => r.state), ['errored']);
    assert.match(String(reports[0]?.message?.message), /untrusted workspace/);
    assert.equal(existsSync(marker().fsPath), false);
  });

  it('the CodeLens says a trusted workspace is needed', async () => {
    await waitForLenses(spec(), 'the untrusted lens', (l) => titles(l).includes('$(workspace-untrusted) Run eval (needs a trusted workspace)'));
  });

  it('once trusted, the same spec runs (so the fixture does execute when allowed)', async function () {
    if (process.platform === 'win32') this.skip();
    api.trust.setOverrideForTests(undefined);
    assert.equal(vscode.workspace.isTrusted, true, 'the harness workspace is trusted');
    await waitFor('the lens to say Run eval', async () => titles(await codeLenses(spec())).includes('$(play) Run eval'));
    const outcome = await vscode.commands.executeCommand<RunOutcome>('aispec.runEval', spec());
    assert.equal(outcome?.kind, 'ran', JSON.stringify(outcome));
    assert.equal(existsSync(marker().fsPath), true, 'the command target ran');
    assert.equal(existsSync(latest()), true);
    await removeIfExists(marker());
  });
});
