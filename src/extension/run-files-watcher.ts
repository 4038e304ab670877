// The one watcher of saved runs on disk: .aispec/runs/<spec id>/*.json, written by the editor's runs and by
// the CLI in a terminal. RunHistory (which latest.json to re-read) and ResultsState (which results to reload)
// both follow its event, so the workspace is watched once.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { isTempFileName } from '../node/temp-files.js';
import { Disposable } from './dispose.js';

export class RunFilesWatcher extends Disposable {
  private readonly emitter = this._register(new vscode.EventEmitter<vscode.Uri>());
  /**
   * Fires with a path created or changed under some .aispec/runs folder, or with an .aispec folder created. The
   * folders are often created in the same instant as the file (mkdir -p, then an atomic rename), and a file
   * watcher can miss a file in a folder it has not started watching yet, so folder creations count too.
   * Deletions are not reported: what the editor has loaded stays as it was; nor are aispec's temp files.
   */
  readonly onDidChange = this.emitter.event;

  constructor() {
    super();
    for (const glob of ['**/.aispec', '**/.aispec/runs/**']) {
      const watcher = this._register(vscode.workspace.createFileSystemWatcher(glob, false, false, true));
      this._register(watcher.onDidChange((uri) => this.report(uri)));
      this._register(watcher.onDidCreate((uri) => this.report(uri)));
    }
  }

  /** A path, unless it is a temp file of a run being written (its finished file is reported when renamed into place). */
  private report(uri: vscode.Uri): void {
    if (!isTempFileName(basename(uri.fsPath))) this.emitter.fire(uri);
  }
}
