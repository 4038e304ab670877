// The stand-ins of a lazily loaded extension (see extension.ts): contributed commands and the results panel's
// serializer are registered at activation as stand-ins that load the features on first use, then hand over
// to the real registrations. VS Code allows one registration per command, so the stand-ins go before the
// features register theirs. When the features fail to load, the commands are not left unregistered (VS Code
// would say "command not found", which hides the cause): each is registered again as a stand-in that shows
// why aispec could not start. vscode is only a type here, so plain mocha tests this.
import type * as vscode from 'vscode';

/** What the loader needs from VS Code: narrow, so a test can stand in for it. */
export interface StandInHost {
  registerCommand(command: string, run: (...args: unknown[]) => unknown): vscode.Disposable;
  executeCommand(command: string, ...args: unknown[]): Thenable<unknown>;
  /** Registers the results panel's serializer, which restores a panel with the features once loaded. */
  registerPanelSerializer(restore: (panel: vscode.WebviewPanel, state: unknown) => Thenable<void> | void): vscode.Disposable;
  /** Tells the user the features failed to load (shown each time a command is tried, logged once by the caller). */
  showFailure(error: unknown): void;
}

export interface FeatureLoader<S> extends vscode.Disposable {
  /** The loaded features, loading them first; throws (after showing it) when they failed to load. */
  load(): S;
}

export function createFeatureLoader<S extends { restoreResultsPanel?: (panel: vscode.WebviewPanel, state: unknown) => Thenable<void> | void }>(
  commands: readonly string[],
  host: StandInHost,
  loadFeatures: () => S,
  onFailure: (error: unknown) => void,
): FeatureLoader<S> {
  const standIns: vscode.Disposable[] = [];
  let features: S | undefined;
  let failure: { error: unknown } | undefined;

  const load = (): S => {
    if (features) return features;
    if (failure) {
      host.showFailure(failure.error);
      throw failure.error;
    }
    for (const standIn of standIns.splice(0)) standIn.dispose();
    try {
      features = loadFeatures();
      return features;
    } catch (error) {
      failure = { error };
      onFailure(error);
      host.showFailure(error);
      for (const command of commands) {
        try {
          standIns.push(host.registerCommand(command, () => host.showFailure(error)));
        } catch {
          // registered by the features before they failed: that registration stays
        }
      }
      throw error;
    }
  };

  for (const command of commands) {
    standIns.push(
      host.registerCommand(command, (...args: unknown[]) => {
        load();
        return host.executeCommand(command, ...args);
      }),
    );
  }
  // A panel restored with the window activates the extension (onWebviewPanel) and is handed to this serializer
  // at once: load the features, whose serializer restores it.
  standIns.push(host.registerPanelSerializer((panel, state) => load().restoreResultsPanel?.(panel, state)));

  return { load, dispose: () => standIns.splice(0).forEach((s) => s.dispose()) };
}
