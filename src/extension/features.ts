// The extension's features (dist/extension-features.cjs): everything but the entry. extension.ts, the small
// bundle VS Code loads on activation, loads this one right after activation (or at once when a command, the
// results panel or the test API needs it), so that loading the engine, the parser and the panels is not part of
// activation. Each feature registers itself from its own module.
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

export function registerFeatures(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Services {
  const specs = new SpecDocuments(
    new CheckWorkerClient(undefined, (reason) => log.warn(`${reason}; checking specs on the main thread from now on`)),
    new CheckWorkerClient(undefined, (reason) => log.warn(`${reason}; modelling, folding and outlining specs on the main thread from now on`)),
  );
  const runFiles = new RunFilesWatcher();
  const runs = new RunHistory(runFiles, (path, reason) => log.warn(`skipped ${path}: ${reason}`));
  context.subscriptions.push(specs, runFiles, runs);
  const services: Services = { context, log, specs, runFiles, runs, version: String(context.extension.packageJSON.version ?? '0.0.0') };
  for (const register of features) register(services);
  return services;
}
