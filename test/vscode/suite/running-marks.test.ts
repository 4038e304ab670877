// After a run: a gutter mark per case (passed / failed / error) and a hover over the case with the output,
// expected and predicted labels and the graders' reasons, where text from the model stays inert.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../../src/extension/running/run-manager.js';
import { lineOf, openSpec, runningApi, waitFor, type Api } from './running-support.js';

describe('running: gutter marks and hovers after a run', () => {
  let api: Api;
  let editor: vscode.TextEditor;

  before(async () => {
    api = await runningApi();
    editor = await openSpec('running', 'mixed.aispec.md');
    const outcome = await vscode.commands.executeCommand<RunOutcome>('aispec.runEval', editor.document.uri);
    assert.equal(outcome?.kind, 'ran');
  });

  it('marks each case line with its status', async () => {
    const doc = editor.document;
    const marks = await waitFor('three marks', () => {
      const current = vscode.window.visibleTextEditors.find((e) => e.document === doc);
      const m = current ? api.marks.marks(current) : [];
      return m.length === 3 ? m : undefined;
    });
    const byLine = new Map(marks.map((m) => [m.line, m.status]));
    assert.equal(byLine.get(lineOf(doc, '- id: passes')), 'pass');
    assert.equal(byLine.get(lineOf(doc, '- id: fails-label')), 'fail');
    assert.equal(byLine.get(lineOf(doc, '- id: errors')), 'error');
  });

  it('hovering a failed case shows expected, predicted, the reason and the output, with model text escaped', async () => {
    const doc = editor.document;
    const line = lineOf(doc, 'input: Say yes again'); // inside the case, not only its first line
    const hovers = await waitFor('a hover on the failed case', async () => {
      const found = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, 4));
      return found?.some((h) => h.contents.some((c) => (c as vscode.MarkdownString).value?.includes('Predicted'))) ? found : undefined;
    });
    const text = hovers.flatMap((h) => h.contents.map((c) => (c as vscode.MarkdownString).value ?? String(c))).find((v) => v.includes('Predicted'))!;
    assert.match(text, /\*\*fails\\-label failed\*\*/);
    assert.match(text, /\*\*Expected\*\* `yes` · \*\*Predicted\*\* `no`/);
    assert.match(text, /\*\*Why:\*\* predicted \\"no\\", expected \\"yes\\"/);
    // The model's output is in a fence: its link, HTML and icon syntax are shown, never rendered.
    const fence = /```text\n([\s\S]*?)\n```/.exec(text);
    assert.ok(fence, 'the output is fenced');
    assert.ok(fence[1]!.includes('[click](command:workbench.action.quit)'));
    assert.equal(text.replace(fence[0], '').includes('](command:'), false, 'no command link outside the fence');
  });

  it('hovering the errored case shows why it errored', async () => {
    const doc = editor.document;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(lineOf(doc, '- id: errors'), 4));
    const text = hovers.flatMap((h) => h.contents.map((c) => (c as vscode.MarkdownString).value ?? '')).join('\n');
    assert.match(text, /errors error\*\*/);
    assert.match(text, /no recorded output for case errors/);
  });
});
