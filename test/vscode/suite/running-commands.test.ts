// The palette commands on small fixtures: run for a tag, re-run failed cases, cancel (finished cases kept),
// compare with a baseline, new spec from a template (then run it: the walkthrough's path), check all specs.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { CheckAllSummary } from '../../../src/extension/authoring/check-all.js';
import type { RunOutcome } from '../../../src/extension/running/run-manager.js';
import { runsFolder } from '../../../src/node/run-store.js';
import { authoringApi } from './authoring-support.js';
import { openSpec, removeIfExists, runningApi, waitFor, workspaceUri, type Api } from './running-support.js';

const ran = (o: RunOutcome | undefined) => {
  assert.equal(o?.kind, 'ran', `outcome: ${JSON.stringify(o)}`);
  return (o as Extract<RunOutcome, { kind: 'ran' }>).results;
};

describe('running: palette commands', () => {
  let api: Api;
  const mixed = () => workspaceUri('running', 'mixed.aispec.md');
  let firstRun: string | undefined;

  before(async () => {
    api = await runningApi();
  });

  it('registers every command it contributes (aispec.showResults is the results panel\'s)', async () => {
    const ext = vscode.extensions.getExtension('aispec.aispec')!;
    const registered = new Set(await vscode.commands.getCommands(true));
    const ours = ['aispec.runEval', 'aispec.runCases', 'aispec.runEvalForTag', 'aispec.rerunFailed', 'aispec.cancelRun', 'aispec.compareWithBaseline', 'aispec.setApiKey', 'aispec.newSpecFromTemplate', 'aispec.checkAllSpecs', 'aispec.openLastResults', 'aispec.openWalkthrough'];
    for (const id of ours) {
      assert.ok(registered.has(id), `${id} is registered`);
      assert.ok(ext.packageJSON.contributes.commands.some((c: { command: string }) => c.command === id), `${id} is contributed`);
    }
  });

  it('Run Eval on a spec with a pass, a fail and an error reports each', async () => {
    const results = ran(await vscode.commands.executeCommand<RunOutcome>('aispec.runEval', mixed()));
    assert.deepEqual(results.cases.map((c) => [c.id, c.status]), [['passes', 'pass'], ['fails-label', 'fail'], ['errors', 'error']]);
    firstRun = `${runsFolder(mixed().fsPath, 'running-mixed')}/${results.run.id}.json`;
    assert.ok(existsSync(firstRun), 'the run is saved under its id');
  });

  it('Run Eval for Tag runs only the cases with that tag', async () => {
    const results = ran(await vscode.commands.executeCommand<RunOutcome>('aispec.runEvalForTag', mixed(), 'edge'));
    assert.deepEqual(results.cases.map((c) => c.id), ['fails-label', 'errors']);
    assert.deepEqual(results.run.filter?.tags, ['edge']);
  });

  it('Re-run Failed Cases runs the failed and errored ones, from the latest run', async () => {
    const results = ran(await vscode.commands.executeCommand<RunOutcome>('aispec.rerunFailed', mixed()));
    assert.deepEqual(results.cases.map((c) => c.id).sort(), ['errors', 'fails-label']);
    assert.match(results.run.filter?.only_failed_from ?? '', /running-mixed\/latest\.json$/);
    const state = api.state.get(mixed().fsPath);
    assert.equal(state?.cases.get('passes')?.status, 'pass', 'the passing case keeps its result');
  });

  it('Compare with Baseline shows the diff of the latest run against a saved one', async () => {
    assert.ok(firstRun);
    const shown = await vscode.commands.executeCommand<{ text: string; document: vscode.TextDocument }>('aispec.compareWithBaseline', mixed(), firstRun);
    assert.ok(shown, 'a comparison was shown');
    assert.match(shown.text, /^aispec diff /);
    assert.equal(shown.document.getText(), shown.text, 'in a document');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('Cancel Run stops a run and keeps the cases that finished', async function () {
    if (process.platform === 'win32') this.skip(); // the fixture's command target is a POSIX shell script
    const uri = workspaceUri('running', 'slow-command.aispec.md');
    const outcome = vscode.commands.executeCommand<RunOutcome>('aispec.runEval', uri);
    await waitFor('the fast case to finish', () => api.manager.activeRuns().some((r) => r.uri.fsPath === uri.fsPath && r.done >= 1));
    assert.ok(await vscode.commands.executeCommand<number>('aispec.cancelRun', uri), 'a run was cancelled');
    const results = ran(await outcome);
    assert.equal(results.run.complete, false);
    assert.deepEqual(results.cases.map((c) => c.id), ['fast'], 'the finished case is kept');
    assert.deepEqual(results.run.unfinished, ['slow-1', 'slow-2']);
    assert.equal(results.summary.verdict, 'incomplete');
    assert.equal(api.manager.isRunning(uri), false);
  });

  it('New Spec from Template writes a spec that runs offline at once (the walkthrough path)', async () => {
    const folder = workspaceUri('running', 'from-template');
    await removeIfExists(folder);
    const uri = await vscode.commands.executeCommand<vscode.Uri>('aispec.newSpecFromTemplate', { template: 'classification-recorded', folder, name: 'My First Spec' });
    assert.ok(uri, 'a spec was created');
    assert.equal(uri.path.split('/').pop(), 'my-first-spec.aispec.md');
    assert.ok(existsSync(vscode.Uri.joinPath(folder, 'my-first-spec.outputs.jsonl').fsPath), 'with its recorded outputs');
    await waitFor('the new spec to open', () => vscode.window.activeTextEditor?.document.uri.fsPath === uri.fsPath);
    const results = ran(await vscode.commands.executeCommand<RunOutcome>('aispec.runEval'));
    assert.equal(results.spec.id, 'my-first-spec');
    assert.equal(results.summary.verdict, 'pass');
    assert.equal(results.cases.length, 8);
    // A second one never overwrites the first.
    const second = await vscode.commands.executeCommand<vscode.Uri>('aispec.newSpecFromTemplate', { template: 'classification-recorded', folder, name: 'my-first-spec', noOpen: true });
    assert.equal(second?.path.split('/').pop(), 'my-first-spec-2.aispec.md');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await removeIfExists(folder);
  });

  it('Check All Specs checks every spec and lists a closed spec\'s problems in the Problems panel', async () => {
    const folder = workspaceUri('running', 'check-all');
    const broken = vscode.Uri.joinPath(folder, 'broken.aispec.md');
    await vscode.workspace.fs.writeFile(broken, new TextEncoder().encode('---\naispec: 1\nid: broken\ntitle: Broken\ngates: { pass_rate: 95 }\n---\n\n## Goal\n\nx\n'));
    const { checkAll } = await authoringApi();
    try {
      const summary = await vscode.commands.executeCommand<CheckAllSummary>('aispec.checkAllSpecs');
      assert.ok(summary.specs >= 6, `found ${summary.specs} specs`);
      assert.equal(summary.specsWithErrors, 1, 'only the broken spec has errors');
      const diagnostics = vscode.languages.getDiagnostics(broken).filter((d) => d.source === 'aispec');
      assert.ok(diagnostics.some((d) => d.severity === vscode.DiagnosticSeverity.Error && /0\.95/.test(d.message)), `diagnostics: ${diagnostics.map((d) => d.message).join(' | ')}`);
      // Once opened, the live diagnostics own it: this collection lets go.
      await openSpec('running', 'check-all', 'broken.aispec.md');
      await waitFor('the check-all entry to be dropped', () => !checkAll.collection.has(broken));
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      await removeIfExists(folder);
      checkAll.collection.clear();
    }
  });
});
