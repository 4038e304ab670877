// Entry point VS Code loads (dist/extension.cjs). Activation is lazy: `onLanguage:aispec` is implied by the
// language contribution, commands activate on use and `onWebviewPanel:aispec.results` restores a results panel,
// so nothing here runs until a spec is opened, an aispec command is invoked or a panel comes back.
// VS Code counts loading this module as part of activation, so it is small: it creates the log and registers
// stand-ins for the contributed commands and the panel serializer, and the features themselves (the engine,
// parser, providers and panels: dist/extension-features.cjs, see features.ts) load right after activation, on
// the next turn of the event loop, or at once when a stand-in is used first. A stand-in then hands over to the
// real registration, so a command invoked during activation still does what it says (feature-loader.ts).
import * as vscode from 'vscode';
import { RESULTS_VIEW_TYPE } from '../shared/messages.js';
import { createFeatureLoader } from './feature-loader.js';
import type { Services } from './services.js';

type Features = typeof import('./features.js');

export interface ExtensionApi {
  /** The features' services (loading them first if they are not yet): for tests and the editor bench. */
  readonly services: Services;
  /** How long activate() took (not loading the features): for the editor bench. */
  activationMs: number;
  /** How long loading and registering the features took, once they are loaded. */
  featuresMs?: number;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('aispec', { log: true });
  context.subscriptions.push(log);
  const commands: unknown = context.extension.packageJSON?.contributes?.commands;
  const loader = createFeatureLoader(
    (Array.isArray(commands) ? (commands as Array<{ command: string }>) : []).map((c) => c.command),
    {
      registerCommand: (command, run) => vscode.commands.registerCommand(command, run),
      executeCommand: (command, ...args) => vscode.commands.executeCommand(command, ...args),
      registerPanelSerializer: (restore) => vscode.window.registerWebviewPanelSerializer(RESULTS_VIEW_TYPE, { deserializeWebviewPanel: async (panel, state) => restore(panel, state) }),
      // A failure to start is shown, not swallowed: the user sees why the extension does nothing.
      showFailure: (error) => {
        const message = error instanceof Error ? error.message : String(error);
        void vscode.window.showErrorMessage(`aispec failed to start: ${message}`, 'Show Log').then((choice) => choice && log.show());
      },
    },
    () => {
      const loading = performance.now();
      // A second bundle beside this one (scripts/build.mjs builds both).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const features = require('./extension-features.cjs') as Features;
      const services = features.registerFeatures(context, log);
      api.featuresMs = performance.now() - loading;
      log.info(`aispec features loaded in ${api.featuresMs.toFixed(1)} ms`);
      return services;
    },
    (error) => log.error(`activation failed: ${error instanceof Error ? error.stack : String(error)}`),
  );
  context.subscriptions.push(loader);
  const api: ExtensionApi = {
    get services() {
      return loader.load();
    },
    activationMs: 0,
  };
  // Diagnostics, CodeLens and the rest for the specs already open: as soon as activation has returned.
  setImmediate(() => {
    try {
      loader.load();
    } catch {
      // shown and logged by the loader
    }
  });
  api.activationMs = performance.now() - started;
  log.info(`aispec activated in ${api.activationMs.toFixed(1)} ms (the features load next)`);
  return api;
}

export function deactivate(): void {}
