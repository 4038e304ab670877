// What the extension's features share: one output channel, one checker of specs, one watcher of saved runs,
// one view of past runs. Created once in activate() and handed to each feature's register function.
import type * as vscode from 'vscode';
import type { SpecChangeSource } from './results-panel/panel.js';
import type { RunFilesWatcher } from './run-files-watcher.js';
import type { RunHistory } from './run-history.js';
import type { SpecDocuments } from './spec-documents.js';

export interface Services {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  specs: SpecDocuments;
  runFiles: RunFilesWatcher;
  runs: RunHistory;
  /** The extension's version (package.json), written into results. */
  version: string;
  /** The Spec change view's source for a spec and base revision (set by the spec-review feature), so a
   * results panel restored with the window can show it again. */
  specChanges?: (specFile: string, baseRevision: string) => SpecChangeSource;
  /** Restores a results panel the window kept (set by the results-panel feature; extension.ts's serializer calls it). */
  restoreResultsPanel?: (panel: vscode.WebviewPanel, state: unknown) => Promise<void>;
}
