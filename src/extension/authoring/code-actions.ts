// Quick fixes: the core attaches fixes (text edits in offsets) to the problems it is sure how to fix (a
// misspelt key, `pass_rate: 95` for 0.95, a missing section or id, a label not in `labels`); this offers
// them as code actions, in the spec and in its case files. A fix that replaces text and is its problem's
// only fix is preferred (Ctrl+. then Enter; "Auto Fix"), and `source.fixAll.aispec` applies all of those.
// Every problem with a documented code also offers its rule's documentation.
import * as vscode from 'vscode';
import { ruleDocsMarkdown, type QuickFix } from '../../core/index.js';
import type { CheckOrigin, LiveDiagnostics } from './diagnostics.js';
import { SHOW_RULE_DOCS } from './rule-docs.js';
import { CASE_FILE_SELECTOR, SPEC_SELECTOR } from '../spec-selector.js';

const FIX_ALL = vscode.CodeActionKind.SourceFixAll.append('aispec');

/** The edit of a fix, or undefined when a file it edits has changed since the check (its offsets are stale). */
function workspaceEdit(fix: QuickFix, origin: CheckOrigin): vscode.WorkspaceEdit | undefined {
  const edit = new vscode.WorkspaceEdit();
  for (const e of fix.edits) {
    const uri = origin.uriOf(e.file);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open && open.getText() !== origin.textOf(e.file)) return undefined;
    edit.replace(uri, origin.converter.range(e), e.newText);
  }
  return edit;
}

export class AuthoringCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL] };

  constructor(private readonly live: LiveDiagnostics) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const only = context.only;
    if (only && !vscode.CodeActionKind.QuickFix.intersects(only)) return FIX_ALL.intersects(only) ? this.fixAll(document) : [];
    const actions: vscode.CodeAction[] = [];
    const documented = new Set<string>();
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== 'aispec') continue;
      const problem = this.live.find(document.uri, diagnostic);
      if (!problem) continue;
      for (const fix of problem.fixes) {
        const edit = workspaceEdit(fix, problem.origin);
        if (!edit) continue;
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.edit = edit;
        action.isPreferred = fix === problem.preferred;
        actions.push(action);
      }
      const code = problem.core.code;
      if (!documented.has(code) && ruleDocsMarkdown(code)) {
        documented.add(code);
        const docs = new vscode.CodeAction(`Show documentation for ${code}`, vscode.CodeActionKind.QuickFix);
        docs.diagnostics = [diagnostic];
        docs.command = { command: SHOW_RULE_DOCS, title: `Show documentation for ${code}`, arguments: [code] };
        actions.push(docs);
      }
    }
    return actions;
  }

  /** Every preferred fix in the document at once, skipping fixes whose edits overlap an earlier one. */
  private fixAll(document: vscode.TextDocument): vscode.CodeAction[] {
    const edit = new vscode.WorkspaceEdit();
    const taken: { uri: string; range: vscode.Range }[] = [];
    let count = 0;
    for (const problem of this.live.problemsIn(document.uri)) {
      const fix = problem.preferred;
      if (!fix) continue;
      const one = workspaceEdit(fix, problem.origin);
      if (!one) continue;
      const entries = one.entries().flatMap(([uri, edits]) => edits.map((e) => ({ uri: uri.toString(), range: e.range, edit: e, target: uri })));
      if (entries.some((e) => taken.some((t) => t.uri === e.uri && t.range.intersection(e.range)))) continue;
      for (const e of entries) {
        edit.replace(e.target, e.range, e.edit.newText);
        taken.push({ uri: e.uri, range: e.range });
      }
      count++;
    }
    if (!count) return [];
    const action = new vscode.CodeAction(`Fix all aispec problems with a certain fix (${count})`, FIX_ALL);
    action.edit = edit;
    return [action];
  }
}

export function registerCodeActions(live: LiveDiagnostics): vscode.Disposable {
  const provider = new AuthoringCodeActions(live);
  return vscode.Disposable.from(
    vscode.languages.registerCodeActionsProvider(SPEC_SELECTOR, provider, AuthoringCodeActions.metadata),
    vscode.languages.registerCodeActionsProvider(CASE_FILE_SELECTOR, provider, AuthoringCodeActions.metadata),
  );
}
