// The outline and folding of a spec in a real VS Code.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openSpec, restore, services, waitFor } from './authoring-support.js';

const find = (symbols: vscode.DocumentSymbol[], name: string): vscode.DocumentSymbol | undefined => {
  for (const s of symbols) {
    if (s.name === name) return s;
    const inner = find(s.children, name);
    if (inner) return inner;
  }
  return undefined;
};

describe('authoring: outline and folding', () => {
  let document: vscode.TextDocument;

  before(async () => {
    await services();
    document = (await openSpec('authoring', 'complete.aispec.md')).document;
  });

  it('outlines the frontmatter, the sections by level, and in them criteria, anti-patterns, examples and cases', async () => {
    const symbols = await waitFor('the outline', async () => {
      const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
      return s?.length ? s : undefined;
    });
    assert.deepEqual(symbols.map((s) => s.name), ['Frontmatter', 'Health assistant refuses personal medical advice']);
    assert.ok(find(symbols, 'target')?.detail.startsWith('openai'));
    const title = symbols[1]!;
    assert.deepEqual(title.children.map((s) => s.name), ['Goal', 'Rubric', 'Anti-patterns', 'Examples', 'Cases']);
    const rubric = find(symbols, 'Rubric')!.children.find((s) => s.name === 'rubric')!;
    assert.deepEqual(rubric.children.map((s) => s.name), ['no-dosage', 'concise']);
    assert.equal(document.getText(rubric.children[0]!.selectionRange), 'no-dosage');
    assert.equal(find(symbols, 'Anti-patterns')!.children[0]!.name, 'Anti-pattern: hedge, then advise');
    assert.deepEqual(find(symbols, 'Examples')!.children.map((s) => s.name), ['Passes', 'Fails']);
    const cases = find(symbols, 'Cases')!.children.find((s) => s.name === 'cases')!;
    assert.deepEqual(cases.children.map((s) => s.name), ['dose-01', 'general-01']);
    assert.equal(cases.children[0]!.kind, vscode.SymbolKind.Struct);
  });

  it('lists at most aispec.outline.maxCases cases, the rest as one entry over them', async () => {
    const config = vscode.workspace.getConfiguration('aispec');
    await config.update('outline.maxCases', 1, vscode.ConfigurationTarget.Workspace);
    // VS Code keeps a document version's symbols: the setting counts from the next edit.
    const original = document.getText();
    const end = document.lineAt(document.lineCount - 1).range.end;
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, end, '\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      const cases = await waitFor('the outline with one case listed', async () => {
        const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
        const block = s && find(s, 'Cases')?.children.find((c) => c.name === 'cases');
        return block?.children.at(-1)?.name.startsWith('…') ? block : undefined;
      });
      assert.deepEqual(cases.children.map((s) => s.name), ['dose-01', '… 1 more case']);
      assert.equal(document.getText(cases.children[1]!.selectionRange), 'general-01');
      assert.equal(cases.children[1]!.detail, 'not listed: the outline lists 1 case (the aispec.outline.maxCases setting)');
    } finally {
      await config.update('outline.maxCases', undefined, vscode.ConfigurationTarget.Workspace);
      await restore(document, original);
    }
  });

  it('folds the frontmatter, the sections, the blocks, the callouts and every case', async () => {
    const ranges = await waitFor('the folding ranges', async () => {
      const r = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', document.uri);
      return r?.length ? r : undefined;
    });
    const startsAt = (text: string): vscode.FoldingRange | undefined => {
      const line = document.positionAt(document.getText().indexOf(text)).line;
      return ranges.find((r) => r.start === line);
    };
    assert.equal(startsAt('---')?.end, document.positionAt(document.getText().indexOf('\n---\n') + 1).line);
    for (const text of ['target:', '## Goal', '```yaml rubric', '```yaml cases', '> [!CAUTION]', '- id: dose-01', '- id: general-01', '- id: no-dosage']) {
      assert.ok(startsAt(text), `no fold at "${text}"`);
    }
    const dose = startsAt('- id: dose-01')!;
    assert.equal(document.lineAt(dose.end).text, '  tags: [core, adversarial]');
  });
});
