// A spec that compares several targets (`targets:`) in the editor, on the running/compared fixture (two
// recorded targets on three cases: `steady` answers all three right, `cheap` gets `differs` wrong): the
// lenses on `targets:` and on each target, a run of every target and of one, each target's last result in
// its lens, the gutter mark and hover per target, and the Test Explorer's spec > target > case level.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../../src/extension/running/run-manager.js';
import type { TestReport } from '../../../src/extension/running/test-controller.js';
import { latestRunFile, runsFolder } from '../../../src/node/run-store.js';
import { lineOf, openSpec, removeIfExists, runningApi, titles, waitFor, waitForLenses, workspaceUri, type Api } from './running-support.js';

const SPEC = ['running', 'compared', 'compared.aispec.md'];
const SPEC_ID = 'running-compared';
const STEADY_RATE = 'pass rate 1.000 (0.439–1.000) · PASS 1/1 gates';
const CHEAP_RATE = 'pass rate 0.667 (0.208–0.939) · PASS 1/1 gates';

describe('running: a spec with several targets', () => {
  let api: Api;
  let editor: vscode.TextEditor;
  /** The saved file of cheap's first run (its latest file is replaced by later runs). */
  let firstCheapRun: string | undefined;
  const uri = () => workspaceUri(...SPEC);
  const lensesAt = (lenses: vscode.CodeLens[], line: number) => lenses.filter((l) => l.range.start.line === line);

  before(async () => {
    api = await runningApi();
    editor = await openSpec(...SPEC);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows "Run eval on 2 targets" on targets: and "Run eval: NAME" on each target before any run', async () => {
    const doc = editor.document;
    const lenses = await waitForLenses(uri(), 'the targets lenses', (l) => titles(l).includes('$(play) Run eval on 2 targets'));
    const all = lensesAt(lenses, lineOf(doc, 'targets:'));
    assert.deepEqual(all.map((l) => l.command?.title), ['$(play) Run eval on 2 targets']);
    assert.equal(all[0]!.command?.command, 'aispec.runEval');
    assert.deepEqual(all[0]!.command?.arguments?.length, 1, 'every target: no names');
    for (const name of ['steady', 'cheap']) {
      const here = lensesAt(lenses, lineOf(doc, `  ${name}:`));
      assert.deepEqual(here.map((l) => l.command?.title), [`$(play) Run eval: ${name}`], `only the run lens on ${name} before a run`);
      assert.deepEqual(here[0]!.command?.arguments?.[1], [name]);
    }
    assert.deepEqual(lensesAt(lenses, 0).map((l) => l.command?.title), ['$(play) Run eval', '3 cases'], 'no headline of its own');
  });

  it('"Run eval on 2 targets" runs both, saves latest.<target>.json and shows each target\'s pass rate on its entry', async () => {
    const file = uri().fsPath;
    const outcome = await vscode.commands.executeCommand<RunOutcome>('aispec.runEval', uri());
    assert.equal(outcome?.kind, 'compared', `outcome: ${JSON.stringify(outcome).slice(0, 400)}`);
    assert.ok(outcome.kind === 'compared');
    assert.deepEqual(outcome.runs.map((r) => [r.target, r.results.summary.passed]), [['steady', 3], ['cheap', 2]]);
    assert.equal(outcome.comparison.comparison.recommended, 'cheap');
    for (const name of ['steady', 'cheap']) assert.ok(existsSync(latestRunFile(file, SPEC_ID, name)), `latest.${name}.json was written`);
    firstCheapRun = `${runsFolder(file, SPEC_ID)}/${outcome.runs[1]!.results.run.id}.json`;
    assert.ok(existsSync(firstCheapRun), "cheap's run is saved under its id");
    assert.equal(existsSync(latestRunFile(file, SPEC_ID)), false, 'no latest.json: a compared spec has no run of its own');

    const doc = editor.document;
    const lenses = await waitForLenses(uri(), "each target's pass rate", (l) => titles(l).includes(STEADY_RATE) && titles(l).includes(CHEAP_RATE));
    assert.deepEqual(lensesAt(lenses, lineOf(doc, '  steady:')).map((l) => l.command?.title), ['$(play) Run eval: steady', STEADY_RATE]);
    assert.deepEqual(lensesAt(lenses, lineOf(doc, '  cheap:')).map((l) => l.command?.title), ['$(play) Run eval: cheap', CHEAP_RATE]);
    assert.ok(titles(lensesAt(lenses, lineOf(doc, '- id: differs'))).includes('$(pass) steady · $(error) cheap'), 'a case shows every target\'s status');
    assert.ok(titles(lensesAt(lenses, lineOf(doc, '- id: agrees'))).includes('$(pass) steady · $(pass) cheap'));
  });

  it("marks a case with the first target's status and hovers every target's", async () => {
    const doc = editor.document;
    const marks = await waitFor('three marks', () => {
      const current = vscode.window.visibleTextEditors.find((e) => e.document === doc);
      const m = current ? api.marks.marks(current) : [];
      return m.length === 3 ? m : undefined;
    });
    const differs = marks.find((m) => m.line === lineOf(doc, '- id: differs'))!;
    assert.equal(differs.status, 'pass', "steady's, the first target");
    assert.deepEqual(differs.targets?.map((t) => [t.target, t.result.status]), [['steady', 'pass'], ['cheap', 'fail']]);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(lineOf(doc, '- id: differs'), 4));
    const text = hovers.flatMap((h) => h.contents.map((c) => (c as vscode.MarkdownString).value ?? '')).join('\n');
    assert.match(text, /\$\(pass\) steady passed · \$\(error\) cheap failed/);
    assert.match(text, /aispec · steady · passed in the run of/);
    assert.match(text, /aispec · cheap · failed in the run of/);
  });

  it('"Run eval: cheap" runs that target only and updates its lens', async () => {
    const steadyRun = api.state.get(uri().fsPath, 'steady')?.latest.run.id;
    const outcome = await vscode.commands.executeCommand<RunOutcome>('aispec.runEval', uri(), ['cheap']);
    assert.ok(outcome?.kind === 'compared', `outcome: ${JSON.stringify(outcome).slice(0, 400)}`);
    assert.deepEqual(outcome.runs.map((r) => r.target), ['cheap']);
    await waitFor("cheap's new run in the state", () => api.state.get(uri().fsPath, 'cheap')?.latest.run.id === outcome.runs[0]!.results.run.id || undefined);
    assert.equal(api.state.get(uri().fsPath, 'steady')?.latest.run.id, steadyRun, "steady's last run stays");
  });

  it("Compare with Baseline compares a target's latest run with an earlier run of that target", async () => {
    assert.ok(firstCheapRun);
    const shown = await vscode.commands.executeCommand<{ text: string; document: vscode.TextDocument }>('aispec.compareWithBaseline', uri(), firstCheapRun, 'cheap');
    assert.ok(shown, 'a comparison was shown');
    assert.match(shown.text, /^aispec diff .* → latest run of .*compared\.aispec\.md on cheap\n/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('lists the targets as a level under the spec in the Test Explorer, each with the cases', async () => {
    const spec = api.tests.specItem(uri());
    await api.tests.resolveSpec(spec);
    const targets: vscode.TestItem[] = [];
    spec.children.forEach((t) => targets.push(t));
    assert.deepEqual(targets.map((t) => [t.id, t.description]), [['steady', 'recorded'], ['cheap', 'recorded']]);
    const doc = editor.document;
    assert.equal(targets[1]!.range?.start.line, lineOf(doc, '  cheap:'), 'a target sits at its entry');
    const cases: string[] = [];
    targets[1]!.children.forEach((c) => cases.push(c.id));
    assert.deepEqual(cases, ['agrees', 'differs', 'declines']);
    assert.equal(targets[1]!.children.get('differs')!.range?.start.line, lineOf(doc, '- id: differs'));
  });

  it('running a target item runs that target and reports its cases under it', async () => {
    const spec = api.tests.specItem(uri());
    const cheap = spec.children.get('cheap')!;
    const reports: TestReport[] = [];
    const sub = api.tests.onDidReport((r) => reports.push(r));
    const outcomes: RunOutcome[] = [];
    const finished = api.manager.onDidFinish(({ outcome }) => outcomes.push(outcome));
    try {
      await api.tests.runTests(new vscode.TestRunRequest([cheap]), new vscode.CancellationTokenSource().token, false);
      assert.deepEqual(reports.map((r) => [r.item.parent?.id, r.item.id, r.state]), [['cheap', 'agrees', 'passed'], ['cheap', 'differs', 'failed'], ['cheap', 'declines', 'passed']]);
      assert.deepEqual(outcomes.map((o) => (o.kind === 'compared' ? o.runs.map((r) => r.target) : o.kind)), [['cheap']]);
    } finally {
      sub.dispose();
      finished.dispose();
    }
  });

  it('one case chosen under both targets runs once, on both, and reports under each', async () => {
    const spec = api.tests.specItem(uri());
    const items = ['steady', 'cheap'].map((t) => spec.children.get(t)!.children.get('differs')!);
    const reports: TestReport[] = [];
    const sub = api.tests.onDidReport((r) => reports.push(r));
    const outcomes: RunOutcome[] = [];
    const finished = api.manager.onDidFinish(({ outcome }) => outcomes.push(outcome));
    try {
      await api.tests.runTests(new vscode.TestRunRequest(items), new vscode.CancellationTokenSource().token, false);
      assert.deepEqual(reports.map((r) => [r.item.parent?.id, r.item.id, r.state]), [['steady', 'differs', 'passed'], ['cheap', 'differs', 'failed']]);
      assert.equal(outcomes.length, 1, 'one run');
      const [outcome] = outcomes;
      assert.ok(outcome?.kind === 'compared');
      assert.deepEqual(outcome.runs.map((r) => [r.target, r.results.cases.map((c) => c.id)]), [['steady', ['differs']], ['cheap', ['differs']]]);
    } finally {
      sub.dispose();
      finished.dispose();
    }
  });
});

describe('running: a spec with several targets, one of which asks for what the user has not allowed', () => {
  const folder = () => workspaceUri('running', 'compared-refused');
  const spec = () => vscode.Uri.joinPath(folder(), 'refused.aispec.md');

  before(async () => {
    await runningApi();
    const text = [
      '---',
      'aispec: 1',
      'id: running-compared-refused',
      'title: A compared spec whose second target needs a key the user has not allowed',
      'targets:',
      '  local: { provider: recorded, path: steady.outputs.jsonl }',
      '  remote:',
      '    provider: openai',
      '    model: fixture-model',
      '    base_url: http://127.0.0.1:9/v1',
      '    api_key_env: AISPEC_COMPARED_REFUSED_KEY',
      'labels: [yes, no]',
      'classify:',
      '  yes: { icontains: "yes" }',
      '  no: { otherwise: true }',
      '---',
      '',
      '# Refused',
      '',
      '## Goal',
      '',
      'Nothing runs: the remote target would send a key to a host nobody allowed.',
      '',
      '```yaml cases',
      '- id: agrees',
      '  input: Say yes',
      '  expect: "yes"',
      '```',
      '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(spec(), new TextEncoder().encode(text));
    // The recorded outputs beside the copy: a spec reads only files inside its project.
    await vscode.workspace.fs.copy(workspaceUri('running', 'compared', 'steady.outputs.jsonl'), vscode.Uri.joinPath(folder(), 'steady.outputs.jsonl'), { overwrite: true });
  });

  after(async () => {
    await removeIfExists(folder());
  });

  it('runs no target at all and says what to allow, at the target\'s key', async () => {
    const outcome = await vscode.commands.executeCommand<RunOutcome>('aispec.runEval', spec());
    assert.equal(outcome?.kind, 'not-permitted', JSON.stringify(outcome).slice(0, 400));
    assert.ok(outcome.kind === 'not-permitted');
    assert.equal(outcome.problems.length, 1);
    assert.match(outcome.problems[0]!, /refused\.aispec\.md:11:5 targets\.remote\.api_key_env: the spec asks to send the environment variable AISPEC_COMPARED_REFUSED_KEY to 127\.0\.0\.1:9/);
    assert.match(outcome.message, /targets\.remote\.api_key_env: .*add "AISPEC_COMPARED_REFUSED_KEY" to the user setting aispec\.allowEnv/);
    assert.equal(existsSync(latestRunFile(spec().fsPath, 'running-compared-refused', 'local')), false, 'the allowed target did not run either');
  });
});
