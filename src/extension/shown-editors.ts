// Whether a document is shown in a visible text editor right now. A CodeLens change event makes VS Code ask
// every provider again for every visible editor of the language, so a view that changed for one spec fires it
// only when that spec is shown: a run of a spec nobody looks at must not re-provide the 10,000 lenses of a
// large spec open beside it.
// Asked of vscode.window.visibleTextEditors at each call: the extension host keeps that list up to date itself
// (before onDidChangeVisibleTextEditors fires) and answers with a copy of its few editors, so nothing is saved
// by keeping a set of our own in step with the event.
import * as vscode from 'vscode';

/** Whether a visible text editor shows this document (by URI: a file shown in two editors counts once). */
export function isShown(uri: vscode.Uri | string): boolean {
  const key = typeof uri === 'string' ? uri : uri.toString();
  return vscode.window.visibleTextEditors.some((editor) => editor.document.uri.toString() === key);
}
