// Compare with Base Branch in a real VS Code (code-server + Chromium), on a git repository made here with two
// commits: `main` holds the base version of a recorded spec (run once there), and a `feature` branch lowers
// its gate, drops a case and changes an output. The command finds `main` by itself (no origin/HEAD, only
// main), opens the diff editor with the base version as a read-only `aispec-base:` document, and shows the
// Spec change view in the results panel: the spec diff, then no head run (said, with the way to it), then,
// once the eval ran on the working file, the run comparison against the run saved on main (matched by its
// spec digest). Gates and cases reveal their line on their side; an untrusted workspace runs no git.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { BaseBranchChange } from '../../../src/extension/spec-review/base-branch-change.js';
import type { ResultsPanel } from '../../../src/extension/results-panel/panel.js';
import type { RunOutcome } from '../../../src/extension/running/run-manager.js';
import { runningApi, waitFor, workspaceUri, type Api } from './running-support.js';

const SPEC = (passRate: string) => `---
aispec: 1
id: base-branch-demo
title: Replies say yes
target: { provider: recorded, path: outputs.jsonl }
cases: cases.jsonl
gates:
  pass_rate: ${passRate}
---

## Goal

Every reply says yes.
`;
const casesOf = (n: number) => Array.from({ length: n }, (_, i) => `{"id":"c${i + 1}","input":"question ${i + 1}","tags":["adversarial"],"checks":[{"contains":"yes"}]}\n`).join('');
const outputsOf = (answers: string[]) => answers.map((a, i) => `{"id":"c${i + 1}","output":"${a}"}\n`).join('');

describe('Compare with Base Branch', () => {
  let api: Api;
  let folder: string;
  let spec: vscode.Uri;
  let opened: { panel: ResultsPanel; change: BaseBranchChange };
  let baseRunId: string;

  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=aispec', '-c', 'user.email=dev@aispec.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: folder, encoding: 'utf8' });
  const specTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.fsPath === spec.fsPath);

  before(async () => {
    api = await runningApi();
    folder = workspaceUri('base-branch').fsPath;
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    spec = vscode.Uri.file(join(folder, 'demo.aispec.md'));
    git('init', '-q', '-b', 'main');
    writeFileSync(spec.fsPath, SPEC('0.9'));
    writeFileSync(join(folder, 'cases.jsonl'), casesOf(4));
    writeFileSync(join(folder, 'outputs.jsonl'), outputsOf(['yes', 'yes', 'yes', 'yes']));
    writeFileSync(join(folder, '.gitignore'), '.aispec/\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    const base = await vscode.commands.executeCommand<RunOutcome>('aispec.runEval', spec);
    assert.equal(base?.kind, 'ran');
    baseRunId = base.kind === 'ran' ? base.results.run.id : '';
    git('checkout', '-q', '-b', 'feature');
    writeFileSync(spec.fsPath, SPEC('0.5'));
    writeFileSync(join(folder, 'cases.jsonl'), casesOf(3));
    writeFileSync(join(folder, 'outputs.jsonl'), outputsOf(['no', 'yes', 'yes']));
    git('commit', '-q', '-am', 'feature: lower the bar');
  });

  after(async () => {
    opened?.panel.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(folder, { recursive: true, force: true });
  });

  it('is contributed to the palette and to the spec editor’s title and context menus, with a base branch setting', () => {
    const pkg = vscode.extensions.getExtension('aispec.aispec')!.packageJSON;
    assert.ok(pkg.contributes.commands.some((c: { command: string }) => c.command === 'aispec.compareWithBaseBranch'));
    assert.ok(pkg.contributes.menus['editor/title'].some((m: { command: string }) => m.command === 'aispec.compareWithBaseBranch'));
    assert.ok(pkg.contributes.menus['editor/context'].some((m: { command: string }) => m.command === 'aispec.compareWithBaseBranch'));
    assert.equal(pkg.contributes.configuration.properties['aispec.baseBranch'].type, 'string');
  });

  it('opens the diff editor against main and the Spec change view; no head run yet is said', async () => {
    opened = (await vscode.commands.executeCommand<{ panel: ResultsPanel; change: BaseBranchChange }>('aispec.compareWithBaseBranch', spec))!;
    assert.ok(opened, 'the command resolves to what it opened');
    assert.equal(opened.change.baseRevision, 'main', 'main is the only candidate, so no question is asked');
    const [tab] = specTabs();
    assert.ok(tab, 'a diff editor of the spec is open');
    const original = (tab.input as vscode.TabInputTextDiff).original;
    assert.equal(original.scheme, 'aispec-base');
    const baseDocument = await vscode.workspace.openTextDocument(original);
    assert.equal(baseDocument.getText(), SPEC('0.9'));
    await waitFor('the webview to say ready', () => opened.panel.isReady, { timeoutMs: 30_000 });
    const data = await waitFor('the spec change in the panel', () => opened.panel.shownSpecChange);
    assert.equal(data.base.revision, 'main');
    assert.equal(data.base.commit, git('rev-parse', 'main').trim());
    assert.deepEqual(data.spec.gates.map((g) => [g.name, g.from, g.to, g.change]), [['pass_rate', 0.9, 0.5, 'loosened']]);
    assert.deepEqual(data.spec.cases.removed, ['c4']);
    assert.deepEqual(data.spec.summary.coverage_fell, ['adversarial']);
    assert.ok('missing' in data.runs && data.runs.side === 'head', `runs: ${JSON.stringify(data.runs).slice(0, 200)}`);
  });

  it('a run of the working file brings the run comparison against the run saved on main', async () => {
    assert.equal(await opened.change.provideRun('head'), true);
    await opened.panel.refresh(true);
    const data = await waitFor('the run comparison', () => {
      const shown = opened.panel.shownSpecChange;
      return shown && 'diff' in shown.runs ? shown.runs.diff : null;
    });
    assert.equal(data.base.runId, baseRunId);
    assert.equal(data.quality.n, 3, 'the three cases in both runs are paired');
    assert.deepEqual(data.newlyFailing.map((c) => c.id), ['c1']);
    assert.equal(data.quality.verdict, 'no detectable change');
  });

  it('a gate reveals its line in the diff editor; a removed case its line in the base version of the case file', async () => {
    const gate = opened.panel.shownSpecChange!.spec.gates[0]!;
    await opened.change.reveal('gate', 'pass_rate', 'head');
    const editor = await waitFor('the spec at the gate', () => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.fsPath === spec.fsPath && e.selection.active.line === gate.line - 1 ? e : null;
    });
    assert.equal(editor.document.lineAt(gate.line - 1).text.trim(), 'pass_rate: 0.5');
    assert.equal(specTabs().length, 1, 'the same diff editor, not another');
    await opened.change.reveal('case', 'c4', 'base');
    const base = await waitFor('the base case file', () => (vscode.window.activeTextEditor?.document.uri.scheme === 'aispec-base' ? vscode.window.activeTextEditor : null));
    assert.equal(base.document.uri.path.endsWith('/cases.jsonl'), true);
    assert.match(base.document.lineAt(base.selection.active.line).text, /"id":"c4"/);
  });

  it('saving the spec compares again', async () => {
    const document = await vscode.workspace.openTextDocument(spec);
    const edit = new vscode.WorkspaceEdit();
    const line = document.getText().split('\n').findIndex((l) => l.includes('pass_rate: 0.5'));
    edit.replace(spec, document.lineAt(line).range, '  pass_rate: 0.95');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await document.save());
    const data = await waitFor('the tightened gate in the panel', () => {
      const gate = opened.panel.shownSpecChange?.spec.gates[0];
      return gate?.to === 0.95 ? gate : null;
    });
    assert.equal(data.change, 'tightened');
  });

  it('runs no git in an untrusted workspace', async () => {
    api.trust.setOverrideForTests(false);
    try {
      assert.equal(await vscode.commands.executeCommand('aispec.compareWithBaseBranch', spec, 'main'), undefined);
      await assert.rejects(opened.change.load(), /trusted workspace/);
    } finally {
      api.trust.setOverrideForTests(undefined);
    }
  });
});
