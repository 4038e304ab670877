// Which documents are shown in a visible text editor right now, kept as a set of URIs that follows
// onDidChangeVisibleTextEditors. A CodeLens change event makes VS Code ask every provider again for every
// visible editor of the language, so a view that changed for one spec fires it only when that spec is shown:
// a run of a spec nobody looks at must not re-provide the 10,000 lenses of a large spec open beside it.
// `vscode` is a type here (the window is passed in), so plain mocha tests the logic.
import type * as vscode from 'vscode';
import { Disposable } from './dispose.js';

/** The part of vscode.window this follows. */
export type EditorWindow = Pick<typeof vscode.window, 'visibleTextEditors' | 'onDidChangeVisibleTextEditors'>;

export class ShownEditors extends Disposable {
  private shown = new Set<string>();

  constructor(window: EditorWindow) {
    super();
    const update = (editors: readonly vscode.TextEditor[]) => {
      this.shown = new Set(editors.map((e) => e.document.uri.toString()));
    };
    update(window.visibleTextEditors);
    this._register(window.onDidChangeVisibleTextEditors(update));
  }

  /** Whether a visible text editor shows this document (by URI: a file shown in two editors counts once). */
  isShown(uri: vscode.Uri | string): boolean {
    return this.shown.has(typeof uri === 'string' ? uri : uri.toString());
  }
}
