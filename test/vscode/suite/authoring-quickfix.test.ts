// Quick fixes in a real VS Code: the core's certain fixes are code actions (95 → 0.95, a misspelt key),
// preferred, applied by the editor; also in a case file; fix-all; and every problem offers its rule's docs.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { BROKEN_SPEC, CASE_FILE_SPEC, CASES_JSONL, problems, restore, scratch, services, waitFor } from './authoring-support.js';

const PASS_RATE = /pass_rate is a fraction between 0 and 1/;
const BOTH = /statsu|pass_rate is a fraction/;

async function actionsAt(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind)) ?? [];
}

describe('authoring: quick fixes', () => {
  let files: Awaited<ReturnType<typeof scratch>>;
  let document: vscode.TextDocument;

  before(async () => {
    await services();
    files = await scratch('scratch-quickfix', { 'fix.aispec.md': BROKEN_SPEC, 'cases-fix.aispec.md': CASE_FILE_SPEC, 'cases.jsonl': CASES_JSONL });
    document = await vscode.workspace.openTextDocument(files.uri('fix.aispec.md'));
    await vscode.window.showTextDocument(document);
    await waitFor('the spec\'s problems', () => problems(document.uri).filter((d) => BOTH.test(d.message)).length === 2);
  });

  afterEach(async () => {
    await restore(document, BROKEN_SPEC);
    const cases = vscode.workspace.textDocuments.find((t) => t.uri.toString() === files.uri('cases.jsonl').toString());
    if (cases) await restore(cases, CASES_JSONL);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await files.remove();
  });

  it('changes pass_rate: 95 to 0.95 (preferred), and the problem goes', async () => {
    const problem = problems(document.uri).find((d) => PASS_RATE.test(d.message))!;
    const actions = await actionsAt(document.uri, problem.range);
    const fix = actions.find((a) => a.title === 'Change to 0.95');
    assert.ok(fix, `actions: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.equal(fix.isPreferred, true);
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.match(document.getText(), /^ {2}pass_rate: 0\.95$/m);
    await waitFor('the pass_rate problem to go', () => !problems(document.uri).some((d) => PASS_RATE.test(d.message)));
  });

  it('renames a misspelt key to the one it meant (did you mean), and offers the rule\'s docs', async () => {
    // The problem as checked on the current text: until the restored text's check is published (it runs in the
    // check worker), the problem shown is the previous text's, whose fixes are withheld (their offsets are stale).
    const { actions } = await waitFor('the statsu problem of the current text, with its fix', async () => {
      const found = problems(document.uri).find((d) => /statsu/.test(d.message));
      const offered = found && (await actionsAt(document.uri, found.range));
      return offered?.some((a) => a.title === 'Change to "status"') ? { problem: found, actions: offered } : undefined;
    });
    const fix = actions.find((a) => a.title === 'Change to "status"');
    assert.ok(fix?.isPreferred, `actions: ${actions.map((a) => `${a.title}${a.isPreferred ? ' (preferred)' : ''}`).join(' | ')}`);
    const docs = actions.find((a) => a.title === 'Show documentation for schema');
    assert.equal(docs?.command?.command, 'aispec.showRuleDocs');
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.match(document.getText(), /^status: draft$/m);
    await waitFor('the key problem to go', () => !problems(document.uri).some((d) => /statsu/.test(d.message)));
  });

  it('fixes everything certain at once (source.fixAll.aispec)', async () => {
    await waitFor('both problems back after the restore', () => problems(document.uri).filter((d) => BOTH.test(d.message)).length === 2);
    const all = await actionsAt(document.uri, new vscode.Range(0, 0, 0, 0), 'source.fixAll.aispec');
    assert.equal(all.length, 1, `actions: ${all.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(all[0]!.edit!));
    assert.match(document.getText(), /^status: draft$/m);
    assert.match(document.getText(), /pass_rate: 0\.95/);
  });

  it('fixes a case in a JSONL case file, keeping it JSON', async () => {
    const spec = await vscode.workspace.openTextDocument(files.uri('cases-fix.aispec.md'));
    await vscode.window.showTextDocument(spec);
    const jsonl = files.uri('cases.jsonl');
    const problem = await waitFor('the case file\'s problem', () => problems(jsonl).find((d) => /answr/.test(d.message)));
    const cases = await vscode.workspace.openTextDocument(jsonl); // code actions are asked of open documents
    const actions = await actionsAt(jsonl, problem.range);
    const fix = actions.find((a) => a.title === 'Change to "answer"');
    assert.ok(fix?.isPreferred);
    const addLabel = actions.find((a) => a.title === 'Add "answr" to labels');
    assert.ok(addLabel && !addLabel.isPreferred, `actions: ${actions.map((a) => a.title).join(' | ')}`);
    assert.deepEqual(addLabel.edit!.entries().map(([uri]) => uri.path.split('/').pop()), ['cases-fix.aispec.md'], 'the label is added in the spec');
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.equal(cases.lineAt(1).text, '{"id": "c2", "input": "What is ibuprofen?", "expect": "answer", "tags": ["core"]}');
    await waitFor('the case file\'s problem to go', () => !problems(jsonl).some((d) => /answr/.test(d.message)));
  });
});
