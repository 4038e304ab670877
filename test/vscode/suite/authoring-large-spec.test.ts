// A large spec in a real VS Code: its live check runs in the check worker (spec-documents.ts), yet its problems
// still appear, correct and at the exact value, and while edits come faster than checks, a check that a newer
// edit overtook never replaces the newer one's problems. No timing is asserted: every wait polls or listens
// with a deadline.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { modelCases } from '../../../src/extension/editor-model.js';
import { codeOf, problems, scratch, services, waitFor } from './authoring-support.js';

const CASES = 10_000;
const LABELS = ['billing', 'technical', 'account'];
/** The case whose label the first test gets wrong, and the cases the second test types into. */
const BROKEN_CASE = 7_777;
const TYPED_CASES = [1_234, 4_321, 8_765, 9_876];

function largeSpec(): string {
  const cases = Array.from({ length: CASES }, (_, i) => {
    const label = i === BROKEN_CASE ? 'billingz' : LABELS[i % LABELS.length];
    return `- id: case-${String(i).padStart(5, '0')}\n  input: "Ticket #${i}: which queue?"\n  expect: ${label}\n`;
  });
  return `---\naispec: 1\nid: large-spec\ntitle: A large spec\nlabels: [${LABELS.join(', ')}]\n---\n\n# Large\n\n## Goal\nRoute tickets.\n\n## Cases\n\n\`\`\`yaml cases\n${cases.join('')}\`\`\`\n`;
}

/** The 0-based line of `expect:` in case `i`. */
function expectLine(document: vscode.TextDocument, i: number): number {
  const id = document.getText().indexOf(`- id: case-${String(i).padStart(5, '0')}\n`);
  if (id < 0) throw new Error(`case ${i} is not in the spec`);
  return document.positionAt(id).line + 2;
}

/** The typed labels (`zzN`) that the spec's problems quote now. */
function typedLabelsShown(uri: vscode.Uri): number[] {
  return problems(uri).flatMap((d) => [...d.message.matchAll(/zz(\d+)/g)].map((m) => Number(m[1])));
}

describe('authoring: a 10,000-case spec', function () {
  this.timeout(180_000);
  let files: Awaited<ReturnType<typeof scratch>>;
  let document: vscode.TextDocument;

  before(async () => {
    await services();
    files = await scratch('scratch-large', { 'large.aispec.md': largeSpec() });
    document = await vscode.workspace.openTextDocument(files.uri('large.aispec.md'));
    await vscode.window.showTextDocument(document);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await files.remove();
  });

  it('shows its problem at the exact value, with the code and message of aispec check', async () => {
    const line = expectLine(document, BROKEN_CASE);
    const problem = await waitFor('the unknown label\'s problem', () => problems(document.uri).find((d) => d.range.start.line === line), { timeoutMs: 120_000 });
    assert.equal(document.getText(problem.range), 'billingz');
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(codeOf(problem), 'schema');
    assert.match(problem.message, /billingz/);
    assert.equal(problems(document.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length, 1, 'no other error in 10,000 valid cases');
  });

  it('never shows an overtaken check\'s problems after a newer one\'s, and ends on the text as last typed', async () => {
    await waitFor('the first check', () => problems(document.uri).length > 0, { timeoutMs: 120_000 });
    const seen: number[][] = [];
    const listener = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === document.uri.toString())) seen.push(typedLabelsShown(document.uri));
    });
    const modeled: number[] = [];
    const models = (await services()).specs.onDidModel((m) => m.uri.toString() === document.uri.toString() && modeled.push(m.version));
    try {
      const editor = await vscode.window.showTextDocument(document);
      // Each edit types a new wrong label (zzN) into another case and puts the previous one back, so the text
      // has exactly one typed label, the newest. Some edits come within the debounce, others after it, so that
      // checks start in the worker and are then overtaken.
      let previous: { line: number; label: string } | undefined;
      for (const [n, i] of TYPED_CASES.entries()) {
        const line = expectLine(document, i);
        const label = document.lineAt(line).text.split(': ')[1]!;
        await editor.edit((b) => {
          const at = (l: number) => new vscode.Range(l, document.lineAt(l).text.indexOf(': ') + 2, l, document.lineAt(l).text.length);
          if (previous) b.replace(at(previous.line), previous.label);
          b.replace(at(line), `zz${n + 1}`);
        });
        previous = { line, label };
        if (n % 2) await new Promise((r) => setTimeout(r, 400));
      }
      const last = TYPED_CASES.length;
      await waitFor(`the problems of the last edit (zz${last})`, () => typedLabelsShown(document.uri).includes(last), { timeoutMs: 120_000 });
      // Whatever is still in flight lands before the parsed spec of the current version is handed out.
      await (await services()).specs.get(document);
      assert.deepEqual(typedLabelsShown(document.uri), [last], 'the newest problems stay');
      const order = seen.map((labels) => Math.max(0, ...labels));
      assert.deepEqual(order, [...order].sort((a, b) => a - b), `published in the order typed, never an older check after a newer: ${JSON.stringify(seen)}`);
      assert.ok(seen.every((labels) => labels.length <= 1), `each publication is of one text: ${JSON.stringify(seen)}`);
      // The model the views are drawn from (made in the worker) ends on the text as last typed, and never went back.
      const { model, version } = await (await services()).specs.model(document);
      assert.equal(version, document.version);
      assert.deepEqual(modeled, [...modeled].sort((a, b) => a - b), `models in the order typed: ${JSON.stringify(modeled)}`);
      assert.equal(model.cases.ids.length, CASES);
      const typed = modelCases(model).find((c) => c.id === `case-${String(TYPED_CASES[last - 1]).padStart(5, '0')}`)!;
      assert.match(typed.description, new RegExp(`^→ zz${last} `));
      assert.equal(typed.range.start.line, expectLine(document, TYPED_CASES[last - 1]!) - 2, 'at its `- id:` line');
    } finally {
      listener.dispose();
      models.dispose();
    }
  });

  it('gives each case its Run case lens around the lines the editor shows, and follows a scroll (a large spec)', async () => {
    const editor = await vscode.window.showTextDocument(document);
    /** The cases (by number) with a Run case lens now. */
    const lensedCases = async (): Promise<Set<number>> => {
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 0)) ?? [];
      return new Set(lenses.filter((l) => l.command?.command === 'aispec.runCases' && (l.command.arguments?.[1] as string[] | undefined)?.length === 1).map((l) => Number(String((l.command!.arguments![1] as string[])[0]).slice('case-'.length))));
    };
    const near = 100;
    const far = 9_000;
    editor.revealRange(new vscode.Range(expectLine(document, near), 0, expectLine(document, near), 0), vscode.TextEditorRevealType.AtTop);
    const before = await waitFor('the lenses around case 100', async () => {
      const cases = await lensedCases();
      return cases.has(near) ? cases : undefined;
    }, { timeoutMs: 60_000 });
    assert.ok(!before.has(far), `case ${far}, some 30,000 lines below the shown ones, has no lens yet`);
    assert.ok(before.size < 1_000, `only the cases around the shown lines have lenses (${before.size} of ${CASES})`);
    editor.revealRange(new vscode.Range(expectLine(document, far), 0, expectLine(document, far), 0), vscode.TextEditorRevealType.AtTop);
    const after = await waitFor('the lenses around case 9,000 after the scroll', async () => {
      const cases = await lensedCases();
      return cases.has(far) ? cases : undefined;
    }, { timeoutMs: 60_000 });
    assert.ok(!after.has(near), 'the lenses left the lines scrolled away from');
  });
});
