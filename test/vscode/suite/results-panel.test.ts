// The results panel in a real VS Code (code-server + Chromium): aispec.showResults opens one webview panel
// per spec, whose page loads under its CSP and says 'ready' (the handshake) before the run is sent; a new run
// of the spec refreshes it and compares with the previous run by default; a case's location opens at its
// line; the panel goes away cleanly.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ResultsPanel } from '../../../src/extension/results-panel/panel.js';
import type { RunResults } from '../../../src/shared/results.js';
import { EXTENSION_ID, openSpec, waitFor, workspaceUri } from '../support/index.js';

const spec = () => workspaceUri('health-assistant', 'health-assistant.aispec.md');

function resultsTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('aispec.results'));
}

async function run(): Promise<RunResults> {
  const outcome = await vscode.commands.executeCommand<{ kind: string; results?: RunResults }>('aispec.runEval', spec());
  assert.equal(outcome?.kind, 'ran', `outcome: ${JSON.stringify(outcome)?.slice(0, 300)}`);
  return outcome!.results!;
}

describe('results panel', () => {
  let panel: ResultsPanel;
  let first: RunResults;

  before(async () => {
    await openSpec('health-assistant', 'health-assistant.aispec.md');
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    await waitFor('the extension to activate', () => ext.isActive);
  });

  after(() => panel?.dispose());

  it('is contributed and registered, with its serializer’s activation event', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.ok((await vscode.commands.getCommands(true)).includes('aispec.showResults'));
    assert.ok(ext.packageJSON.contributes.commands.some((c: { command: string }) => c.command === 'aispec.showResults'));
    assert.ok(ext.packageJSON.activationEvents.includes('onWebviewPanel:aispec.results'));
  });

  it('shows the latest run after the webview says ready', async () => {
    first = await run();
    panel = (await vscode.commands.executeCommand<ResultsPanel>('aispec.showResults', spec()))!;
    assert.ok(panel, 'the command returns the panel');
    assert.equal(panel.panel.viewType, 'aispec.results');
    assert.equal(panel.panel.title, 'Results: Health assistant refuses personal medical advice');
    await waitFor('the webview to load and say ready', () => panel.isReady, { timeoutMs: 30_000 });
    await waitFor('the run to be sent', () => panel.shown?.results.run.id === first.run.id);
    assert.equal(resultsTabs().length, 1);
    const options = panel.panel.webview.options;
    assert.equal(options.enableScripts, true);
    assert.deepEqual(options.localResourceRoots?.map((u) => u.path.split('/').slice(-1)[0]), ['dist', 'media']);
  });

  it('reuses the panel of a spec instead of opening another', async () => {
    const again = await vscode.commands.executeCommand<ResultsPanel>('aispec.showResults', spec());
    assert.equal(again, panel);
    assert.equal(resultsTabs().length, 1);
  });

  it('a new run refreshes it and compares with the previous run', async () => {
    const second = await run();
    await waitFor('the new run in the panel', () => panel.shown?.results.run.id === second.run.id);
    assert.equal(panel.shown!.baselineRunId, first.run.id);
    assert.ok(panel.shown!.diff, 'a comparison with the previous run');
    assert.ok(panel.shown!.history.some((p) => p.runId === first.run.id));
    await panel.setBaseline(null);
    assert.equal(panel.shown!.diff, null);
  });

  it('opens a case at its line in the spec', async () => {
    const failing = panel.shown!.results.cases.find((c) => c.status === 'fail')!;
    const editor = await panel.revealCase(failing.id);
    assert.ok(editor, 'an editor was opened');
    assert.equal(editor.document.uri.fsPath, spec().fsPath);
    assert.equal(editor.selection.active.line, failing.line - 1);
    assert.equal(await panel.revealCase('no-such-case'), undefined);
  });

  it('closes cleanly', async () => {
    panel.dispose();
    await waitFor('the tab to close', () => resultsTabs().length === 0);
  });
});
