// Entry point VS Code loads (dist/extension.cjs). Activation is lazy: `onLanguage:aispec` is implied by the
// language contribution and commands activate on use, so nothing here runs until a spec is opened or an
// aispec command is invoked. Each feature registers itself from its own module.
import * as vscode from 'vscode';
import { registerAuthoring } from './authoring/index.js';
import { CheckWorkerClient } from './check-worker-client.js';
import { registerResultsPanel } from './results-panel/index.js';
import { RunFilesWatcher } from './run-files-watcher.js';
import { RunHistory } from './run-history.js';
import { registerRunning } from './running/index.js';
import type { Services } from './services.js';
import { SpecDocuments } from './spec-documents.js';

/** Features, in registration order. Each returns nothing: it pushes its disposables to the context. */
const features: Array<(services: Services) => void> = [registerRunning, registerResultsPanel, registerAuthoring];

export function activate(context: vscode.ExtensionContext): { services: Services; activationMs: number } {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('aispec', { log: true });
  context.subscriptions.push(log);
  try {
    const specs = new SpecDocuments(new CheckWorkerClient(undefined, (reason) => log.warn(`${reason}; checking specs on the main thread from now on`)));
    const runFiles = new RunFilesWatcher();
    const runs = new RunHistory(runFiles, (path, reason) => log.warn(`skipped ${path}: ${reason}`));
    context.subscriptions.push(specs, runFiles, runs);
    const services: Services = { context, log, specs, runFiles, runs, version: String(context.extension.packageJSON.version ?? '0.0.0') };
    for (const register of features) register(services);
    const activationMs = performance.now() - started;
    log.info(`aispec activated in ${activationMs.toFixed(1)} ms`);
    // activationMs: for the editor bench (bench/editor.bench.ts), which measures activation in a real host.
    return { services, activationMs };
  } catch (error) {
    // An activation error is shown, not swallowed: the user sees why the extension does nothing.
    const message = error instanceof Error ? error.message : String(error);
    log.error(`activation failed: ${error instanceof Error ? error.stack : message}`);
    void vscode.window.showErrorMessage(`aispec failed to start: ${message}`, 'Show Log').then((choice) => choice && log.show());
    throw error;
  }
}

export function deactivate(): void {}
