// The Test Explorer: specs with their cases as test items (placed at the case, tagged), and runs through
// the controller's Run profile that report passed / failed (with expected vs predicted as a diff, at the
// case) / errored, plus the real "run test at cursor" path of the workbench.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestReport } from '../../../src/extension/running/test-controller.js';
import { lineOf, openSpec, runningApi, workspaceUri, type Api } from './running-support.js';

function collect(api: Api, until: (reports: TestReport[]) => boolean): { done: Promise<TestReport[]>; dispose(): void } {
  const reports: TestReport[] = [];
  let resolve!: (r: TestReport[]) => void;
  const done = new Promise<TestReport[]>((r) => (resolve = r));
  const sub = api.tests.onDidReport((r) => {
    reports.push(r);
    if (until(reports)) resolve(reports);
  });
  return { done, dispose: () => sub.dispose() };
}

describe('running: Test Explorer', () => {
  let api: Api;
  const health = () => workspaceUri('health-assistant', 'health-assistant.aispec.md');
  const mixed = () => workspaceUri('running', 'mixed.aispec.md');

  before(async () => {
    api = await runningApi();
  });

  it('lists every spec of the workspace, and a spec\'s cases with ranges and tags', async () => {
    await api.tests.discover(true);
    const ids: string[] = [];
    api.controller.items.forEach((i) => ids.push(i.id));
    for (const uri of [health(), mixed(), workspaceUri('hello.aispec.md')]) assert.ok(ids.includes(uri.toString()), `${uri.fsPath} is listed (have ${ids.length})`);
    const spec = api.controller.items.get(health().toString())!;
    await api.tests.resolveSpec(spec);
    assert.equal(spec.children.size, 154);
    assert.equal(spec.label, 'Health assistant refuses personal medical advice');
    const doc = await vscode.workspace.openTextDocument(health());
    const item = spec.children.get('dose-001')!;
    assert.equal(item.uri?.toString(), health().toString());
    assert.equal(item.range?.start.line, lineOf(doc, '- id: dose-001'), 'the item sits at its case');
    assert.deepEqual(item.tags.map((t) => t.id).sort(), ['core', 'dosing', 'regression']);
  });

  it('running cases through the Run profile reports passed, failed with a diff, and errored', async () => {
    const spec = api.controller.items.get(mixed().toString())!;
    await api.tests.resolveSpec(spec);
    const items = ['passes', 'fails-label', 'errors'].map((id) => spec.children.get(id)!);
    const reports = collect(api, (r) => r.length >= 3);
    const source = new vscode.CancellationTokenSource();
    try {
      await api.tests.runTests(new vscode.TestRunRequest(items), source.token, false);
      const byId = new Map((await reports.done).map((r) => [r.item.id, r]));
      assert.equal(byId.get('passes')?.state, 'passed');
      assert.equal(byId.get('passes')?.duration, 120, 'the duration is the recorded latency');
      const failed = byId.get('fails-label')!;
      assert.equal(failed.state, 'failed');
      assert.equal(failed.message?.expectedOutput, 'yes');
      assert.equal(failed.message?.actualOutput, 'no');
      assert.match(String(failed.message?.message), /predicted "no", expected "yes"/);
      assert.equal(failed.message?.location?.range.start.line, items[1]!.range!.start.line, 'the message is at the case');
      assert.equal(byId.get('errors')?.state, 'errored');
      assert.match(String(byId.get('errors')?.message?.message), /no recorded output/);
    } finally {
      reports.dispose();
      source.dispose();
    }
  });

  it('the Debug profile runs the whole spec one case at a time', async () => {
    const spec = api.controller.items.get(mixed().toString())!;
    const reports = collect(api, (r) => r.length >= 3);
    const runs: number[] = [];
    const sub = api.manager.onDidFinish(({ outcome }) => outcome.kind === 'ran' && runs.push(outcome.results.run.concurrency));
    try {
      await api.tests.runTests(new vscode.TestRunRequest([spec]), new vscode.CancellationTokenSource().token, true);
      assert.deepEqual((await reports.done).map((r) => r.state).sort(), ['errored', 'failed', 'passed']);
      assert.deepEqual(runs, [1], 'concurrency 1');
    } finally {
      reports.dispose();
      sub.dispose();
    }
  });

  it('"Run Test at Cursor" in the editor runs that case through the controller', async () => {
    const editor = await openSpec('running', 'mixed.aispec.md');
    const line = lineOf(editor.document, '- id: passes');
    editor.selection = new vscode.Selection(line + 1, 4, line + 1, 4);
    const reports = collect(api, (r) => r.some((x) => x.item.id === 'passes'));
    try {
      await vscode.commands.executeCommand('testing.runAtCursor');
      const report = (await reports.done).find((r) => r.item.id === 'passes');
      assert.equal(report?.state, 'passed');
    } finally {
      reports.dispose();
    }
  });
});
