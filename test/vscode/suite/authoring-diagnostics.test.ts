// Live diagnostics in a real VS Code: the problems `aispec check` reports appear in the spec as it is opened
// and edited (unsaved), with the same codes, messages and ranges, each code linking to its rule's docs; the
// problems of an external case file appear in that file, those of aispec.config.json in that file; closing
// the spec clears them.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../support/index.js';
import { BROKEN_SPEC, CASE_FILE_SPEC, CASES_JSONL, codeOf, problems, replaceText, restore, scratch, services, waitFor } from './authoring-support.js';

/** The schema problem of `pass_rate: 95` (not the lint warning a 0.95 gate may get). */
const PASS_RATE = /pass_rate is a fraction between 0 and 1/;

describe('authoring: live diagnostics', () => {
  let files: Awaited<ReturnType<typeof scratch>>;
  let document: vscode.TextDocument;

  before(async () => {
    await services();
    files = await scratch('scratch-diagnostics', { 'broken.aispec.md': BROKEN_SPEC, 'plain-name.md': BROKEN_SPEC });
    document = await vscode.workspace.openTextDocument(files.uri('broken.aispec.md'));
    await vscode.window.showTextDocument(document);
  });

  after(async () => {
    await restore(document, BROKEN_SPEC);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await files.remove();
  });

  it('shows what aispec check reports: same codes, messages and ranges, errors at the exact key or value', async () => {
    const shown = await waitFor('the spec\'s problems', () => {
      const p = problems(document.uri);
      return p.some((d) => /statsu/.test(d.message)) && p.some((d) => PASS_RATE.test(d.message)) ? p : undefined;
    });
    const statsu = shown.find((d) => /statsu/.test(d.message))!;
    assert.equal(codeOf(statsu), 'schema');
    assert.equal(statsu.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(document.getText(statsu.range), 'statsu');
    assert.match(statsu.message, /Did you mean "status"\?/);
    const passRate = shown.find((d) => PASS_RATE.test(d.message))!;
    assert.equal(document.getText(passRate.range), '95');

    // The CLI on the same file (saved, unedited so far) reports exactly these.
    const cli = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'cli.cjs');
    let out: string;
    try {
      out = execFileSync(process.execPath, [cli, 'check', '--format', 'json', document.uri.fsPath], { encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    } catch (error) {
      out = String((error as { stdout?: string }).stdout); // exit code 1: the spec has errors
    }
    type CliDiagnostic = { line: number; column: number; endLine: number; endColumn: number; severity: string; rule: string; message: string };
    const expected = (JSON.parse(out) as { diagnostics: CliDiagnostic[] }).diagnostics.map(
      (d) => `${d.rule} ${d.severity} ${d.line - 1}:${d.column - 1}-${d.endLine - 1}:${d.endColumn - 1} ${d.message}`,
    );
    const severity = ['error', 'warning', 'info', 'info'];
    const actual = shown.map((d) => `${codeOf(d)} ${severity[d.severity]} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`);
    assert.deepEqual([...actual].sort(), [...expected].sort());
  });

  it('links every code to its rule\'s documentation', async () => {
    const shown = problems(document.uri);
    const lint = shown.find((d) => codeOf(d) === 'missing-anti-patterns');
    assert.ok(lint, `no missing-anti-patterns problem among ${shown.map(codeOf).join(', ')}`);
    for (const d of [lint, shown.find((x) => codeOf(x) === 'schema')!]) {
      const target = (d.code as { target: vscode.Uri }).target;
      assert.equal(target.scheme, 'aispec-docs');
      const docs = await vscode.workspace.openTextDocument(target);
      assert.equal(docs.languageId, 'markdown');
      assert.match(docs.getText(), new RegExp(`^# ${codeOf(d)}`));
    }
  });

  it('follows the edits as you type: a fixed problem goes, a new one comes', async () => {
    await replaceText(document, 'pass_rate: 95', 'pass_rate: 0.95');
    await waitFor('the pass_rate problem to go', () => !problems(document.uri).some((d) => PASS_RATE.test(d.message)));
    await replaceText(document, 'expect: answer', 'expect: answr');
    const label = await waitFor('the label problem', () => problems(document.uri).find((d) => /answr/.test(d.message)));
    assert.equal(document.getText(label.range), 'answr');
    assert.ok(problems(document.uri).some((d) => /statsu/.test(d.message)), 'the untouched problem stays');
  });

  it('clears the spec\'s problems when it is closed', async () => {
    // VS Code keeps a document the API opened alive for minutes after its editor closes, so the close is
    // made the documented way that is immediate: changing the language fires onDidCloseTextDocument.
    // The file is not named *.aispec.md, so as Markdown it is no spec at all.
    const plain = await vscode.workspace.openTextDocument(files.uri('plain-name.md'));
    const asSpec = await vscode.languages.setTextDocumentLanguage(plain, 'aispec');
    await vscode.window.showTextDocument(asSpec);
    await waitFor('the problems of the spec', () => problems(asSpec.uri).some((d) => PASS_RATE.test(d.message)));
    await vscode.languages.setTextDocumentLanguage(asSpec, 'markdown');
    await waitFor('the problems to be cleared on close', () => problems(asSpec.uri).length === 0);
  });

  it('does not check a spec again when it is saved with the text already checked', async () => {
    const { specs } = await services();
    const published: number[] = [];
    const listener = specs.onDidCheckLive((c) => c.uri.toString() === document.uri.toString() && published.push(c.version));
    // Every check of this spec the worker is asked for (structural: no time is measured).
    const asked: number[] = [];
    const ask = specs.worker.ask.bind(specs.worker);
    specs.worker.ask = ((request: Parameters<typeof ask>[0]) => {
      if (request.file === document.uri.fsPath) asked.push(document.version);
      return ask(request);
    }) as typeof specs.worker.ask;
    try {
      await replaceText(document, 'statsu', 'statsuu');
      await waitFor('the edit\'s check', () => published.includes(document.version));
      asked.length = 0;
      if (document.isDirty) await document.save(); // code-server may have saved it already (auto-save)
      // A check the save asked for would start at once: give it the time to be asked, then look.
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.deepEqual(asked, [], 'no check of the text just saved');
      // An edit after the save is checked as always.
      await replaceText(document, 'statsuu', 'statsu');
      await waitFor('the next edit\'s check', () => published.includes(document.version));
      assert.deepEqual(asked.slice(-1), [document.version]);
    } finally {
      delete (specs.worker as { ask?: unknown }).ask; // the prototype's again
      listener.dispose();
    }
  });
});

describe('authoring: diagnostics in a case file', () => {
  let files: Awaited<ReturnType<typeof scratch>>;

  before(async () => {
    await services();
    files = await scratch('scratch-case-file', { 'case-file.aispec.md': CASE_FILE_SPEC, 'cases.jsonl': CASES_JSONL });
  });

  after(async () => {
    const cases = vscode.workspace.textDocuments.find((t) => t.uri.toString() === files.uri('cases.jsonl').toString());
    if (cases) await restore(cases, CASES_JSONL);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await files.remove();
  });

  it('puts a case\'s problem in cases.jsonl, at the value, and updates it when the case file is edited', async () => {
    const spec = await vscode.workspace.openTextDocument(files.uri('case-file.aispec.md'));
    await vscode.window.showTextDocument(spec);
    const jsonl = files.uri('cases.jsonl');
    const problem = await waitFor('the case file\'s problem', () => problems(jsonl).find((d) => /answr/.test(d.message)));
    assert.equal(codeOf(problem), 'schema');
    assert.equal(problem.range.start.line, 1);
    const cases = await vscode.workspace.openTextDocument(jsonl);
    assert.equal(cases.getText(problem.range), '"answr"');
    assert.ok(!problems(spec.uri).some((d) => /answr/.test(d.message)), 'not in the spec');
    // Editing the case file (unsaved) re-checks the spec that reads it.
    await replaceText(cases, '"answr"', '"answer"');
    await waitFor('the case file\'s problem to go', () => !problems(jsonl).some((d) => /answr/.test(d.message)));
  });
});

describe('authoring: diagnostics in aispec.config.json', () => {
  const CONFIG = '{\n  "lint": {\n    "missing-gaol": "off",\n    "missing-goal": "warn"\n  }\n}\n';
  let files: Awaited<ReturnType<typeof scratch>>;

  before(async () => {
    await services();
    files = await scratch('scratch-config', { 'aispec.config.json': CONFIG, 'configured.aispec.md': '---\naispec: 1\nid: configured\ntitle: Configured\n---\n\n# Configured\n' });
  });

  after(async () => {
    const config = vscode.workspace.textDocuments.find((t) => t.uri.toString() === files.uri('aispec.config.json').toString());
    if (config) await restore(config, CONFIG);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await files.remove();
  });

  it('puts the configuration\'s problems in the configuration file, at the id and the value, and follows its edits', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(files.uri('configured.aispec.md')));
    const configUri = files.uri('aispec.config.json');
    const shown = await waitFor('the configuration\'s problems', () => {
      const p = problems(configUri);
      return p.length === 2 ? p : undefined;
    });
    const config = await vscode.workspace.openTextDocument(configUri);
    assert.deepEqual(shown.map((d) => [codeOf(d), config.getText(d.range)]).sort(), [['lint-config', '"warn"'], ['lint-config', 'missing-gaol']]);
    assert.match(shown.find((d) => config.getText(d.range) === 'missing-gaol')!.message, /did you mean "missing-goal"\?/);
    // Editing the configuration (unsaved) re-checks the spec that applies it.
    await replaceText(config, '"warn"', '"warning"');
    await waitFor('the fixed setting\'s problem to go', () => problems(configUri).length === 1);
  });
});
