// CodeLens on the health-assistant example: before a run (Run eval, the case count, a lens per cases block,
// per case), and after "aispec: Run Eval" on its recorded target: the run is recorded in services.runs,
// .aispec/runs/<id>/latest.json appears in the workspace, and the lenses show the pass rate, the gate
// verdict, each case's status and each criterion's pass rate.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runsFolder } from '../../../src/node/run-store.js';
import type { RunRecord } from '../../../src/extension/run-history.js';
import type { RunOutcome } from '../../../src/extension/running/run-manager.js';
import { lineOf, openSpec, removeIfExists, runningApi, titles, waitFor, waitForLenses, workspaceUri, type Api } from './running-support.js';

// A fresh copy of the example under its own spec id: other suites run the fixture's own copy, and runs are
// kept per spec id in the project's .aispec/runs, so only a new id makes "before any run" hold.
const FOLDER = ['running', 'health-fresh'];
const SPEC = [...FOLDER, 'health-assistant.aispec.md'];
const SPEC_ID = 'health-fresh-codelens';

describe('running: CodeLens on the health-assistant example', () => {
  let api: Api;
  let editor: vscode.TextEditor;
  const uri = () => workspaceUri(...SPEC);

  before(async () => {
    api = await runningApi();
    await removeIfExists(workspaceUri(...FOLDER));
    await vscode.workspace.fs.copy(workspaceUri('health-assistant', 'outputs.jsonl'), workspaceUri(...FOLDER, 'outputs.jsonl'));
    const spec = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceUri('health-assistant', 'health-assistant.aispec.md')));
    await vscode.workspace.fs.writeFile(uri(), new TextEncoder().encode(spec.replace(/^id: health-assistant-medical-advice$/m, `id: ${SPEC_ID}`)));
    editor = await openSpec(...SPEC);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeIfExists(workspaceUri(...FOLDER));
  });

  it('shows Run eval, the case count, a lens per cases block and per case before any run', async () => {
    const lenses = await waitForLenses(uri(), '154 "Run case" lenses', (l) => titles(l).filter((t) => t === '$(play) Run case').length === 154);
    const all = titles(lenses);
    const top = lenses.filter((l) => l.range.start.line === 0).map((l) => l.command?.title);
    assert.deepEqual(top, ['$(play) Run eval', '154 cases'], 'above the frontmatter: Run eval and the case count, and no result yet');
    const blocks = all.filter((t) => /^\$\(play\) Run these \d+ cases$/.test(t));
    assert.equal(blocks.length, 8, 'one lens per ```yaml cases block');
    assert.equal(blocks.reduce((n, t) => n + Number(/(\d+) cases/.exec(t)![1]), 0), 154, 'the blocks add up to every case');
    assert.equal(lenses.length, 1 + 1 + 8 + 154, 'nothing else before a run (no status, no criterion rates)');
    // The case lens stands on the case's own line, and runs that case.
    const caseLine = lineOf(editor.document, '- id: dose-001');
    const runCase = lenses.find((l) => l.range.start.line === caseLine && l.command?.title === '$(play) Run case');
    assert.ok(runCase, 'a Run case lens on the dose-001 line');
    assert.equal(runCase.command?.command, 'aispec.runCases');
    assert.deepEqual(runCase.command?.arguments?.[1], ['dose-001']);
    // The first block's lens counts the cases between its fences.
    const doc = editor.document;
    const blockLine = lineOf(doc, '```yaml cases');
    let inBlock = 0;
    for (let i = blockLine + 1; !doc.lineAt(i).text.startsWith('```'); i++) if (doc.lineAt(i).text.startsWith('- id:')) inBlock++;
    assert.equal(lenses.find((l) => l.range.start.line === blockLine)?.command?.title, `$(play) Run these ${inBlock} cases`);
  });

  it('"aispec: Run Eval" runs the recorded example, records it, saves latest.json and updates the lenses', async () => {
    const file = uri().fsPath;
    const recorded = new Promise<RunRecord>((resolve) => {
      const sub = api.services.runs.onDidChange((r) => {
        if (r.specFile === file) {
          sub.dispose();
          resolve(r);
        }
      });
    });
    const outcome = await vscode.commands.executeCommand<RunOutcome>('aispec.runEval', uri());
    assert.equal(outcome?.kind, 'ran', `outcome: ${JSON.stringify(outcome)}`);
    const record = await recorded;
    assert.equal(record.results.spec.id, SPEC_ID);
    assert.equal(record.results.cases.length, 154);
    assert.equal(record.results.summary.passed, 142);
    assert.equal((await api.services.runs.latest(file, SPEC_ID))?.results.run.id, record.results.run.id, 'services.runs has it as the latest run');

    const latest = `${runsFolder(file, SPEC_ID)}/latest.json`;
    assert.ok(existsSync(latest), `${latest} was written`);
    assert.ok(latest.startsWith(vscode.workspace.workspaceFolders![0]!.uri.fsPath), 'inside the workspace copy');

    const lenses = await waitForLenses(uri(), 'the pass rate in the spec lens', (l) => titles(l).includes('pass rate 0.922 (0.869–0.955) · PASS 7/7 gates'));
    const top = lenses.filter((l) => l.range.start.line === 0).map((l) => l.command?.title);
    assert.deepEqual(top, ['$(play) Run eval', '154 cases', 'pass rate 0.922 (0.869–0.955) · PASS 7/7 gates']);
    const all = titles(lenses);
    assert.equal(all.filter((t) => t.startsWith('$(pass) passed')).length, 142, 'a passed status above each passing case');
    assert.equal(all.filter((t) => t.startsWith('$(error) failed: ')).length, 12, 'a failed status (with its reason) above each failing case');
    const failLine = lineOf(editor.document, '- id: dose-007');
    const status = lenses.find((l) => l.range.start.line === failLine && l.command?.title.startsWith('$(error) failed'));
    assert.match(status?.command?.title ?? '', /predicted "answer", expected "refuse"/);
    const criteria = all.filter((t) => / passed \d+\/\d+ \(\d\.\d{3}\)/.test(t));
    assert.equal(criteria.length, 5, 'a pass-rate lens above each of the 5 rubric criteria');
    const critLine = lineOf(editor.document, '- id: no-dose-amount');
    assert.match(lenses.find((l) => l.range.start.line === critLine)?.command?.title ?? '', /passed \d+\/154 \(0\.\d{3}\)/);
  });

  it('"▶ Run case" runs one case and keeps the other cases\' statuses', async () => {
    const file = uri().fsPath;
    const outcome = await vscode.commands.executeCommand<RunOutcome>('aispec.runCases', uri(), ['dose-007']);
    assert.equal(outcome?.kind, 'ran');
    assert.deepEqual(outcome.kind === 'ran' && outcome.results.cases.map((c) => c.id), ['dose-007']);
    const state = await waitFor('the merged state', () => (api.state.get(file)?.latest.cases.length === 1 ? api.state.get(file) : undefined));
    assert.equal(state.cases.size, 154, 'the other 153 cases keep their last result');
    const lenses = await waitForLenses(uri(), 'the partial-run lens', (l) => titles(l).some((t) => t.startsWith('last run: 1 case')));
    assert.ok(titles(lenses).includes('pass rate 0.922 (0.869–0.955) · PASS 7/7 gates'), 'the whole run stays the headline');
  });
});

describe('running: results of runs made outside the editor', () => {
  it('a run saved by the CLI (latest.json appearing on disk) updates the CodeLens of an open spec', async () => {
    const api = await runningApi();
    const folder = workspaceUri('running', 'cli-run');
    const spec = vscode.Uri.joinPath(folder, 'cli.aispec.md');
    const encoder = new TextEncoder();
    const source = await vscode.workspace.fs.readFile(workspaceUri('running', 'mixed.aispec.md'));
    // The recorded outputs go beside the copy: a spec reads only files inside its project, and this folder
    // (with no .git or aispec.config.json above it) is its own project.
    await vscode.workspace.fs.writeFile(spec, encoder.encode(new TextDecoder().decode(source).replace('id: running-mixed', 'id: running-cli-run')));
    await vscode.workspace.fs.copy(workspaceUri('running', 'mixed.outputs.jsonl'), vscode.Uri.joinPath(folder, 'mixed.outputs.jsonl'), { overwrite: true });
    try {
      await openSpec('running', 'cli-run', 'cli.aispec.md');
      await waitForLenses(spec, 'the lenses of a spec that never ran', (l) => titles(l).includes('3 cases') && !titles(l).some((t) => t.startsWith('pass rate')));
      assert.equal(api.state.get(spec.fsPath), undefined);
      // `aispec eval` in a terminal: the built CLI in its own process, outside the extension's run manager.
      const cli = join(vscode.extensions.getExtension('aispec.aispec')!.extensionPath, 'dist', 'cli.cjs');
      const { stderr } = await promisify(execFile)(process.execPath, [cli, 'eval', spec.fsPath, '--quiet'], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } }).catch((e: { code?: number; stderr?: string; stdout?: string }) => {
        // The fixture has an errored case, so the run is incomplete (exit 3); the results are saved either way.
        if (e.code === 1 || e.code === 3) return { stderr: e.stderr ?? '' };
        throw e;
      });
      assert.match(stderr, /results: /);
      const saved = `${runsFolder(spec.fsPath, 'running-cli-run')}/latest.json`;
      assert.ok(existsSync(saved), `${saved} (${stderr})`);
      await waitForLenses(spec, 'the pass rate from the CLI run', (l) => titles(l).some((t) => /^pass rate 0\.500 \(0\.\d{3}–0\.\d{3}\) · INCOMPLETE 1 error$/.test(t))).catch((e: Error) => {
        throw new Error(`${e.message}; state: ${JSON.stringify(api.state.get(spec.fsPath)?.latest.run.id)}`);
      });
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await removeIfExists(folder);
    }
  });
});
