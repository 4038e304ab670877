// The running half of the extension: CodeLens, the run commands, Test Explorer, gutter marks and hovers,
// progress and logs, settings, secrets and workspace trust. One entry (registerRunning) in extension.ts.
import type * as vscode from 'vscode';
import type { Services } from '../services.js';
import { RunningCodeLens } from './codelens.js';
import { registerSpecReview } from '../spec-review/index.js';
import { registerCommands } from './commands.js';
import { CaseMarks } from './decorations.js';
import { ResultsState } from './results-state.js';
import { RunManager } from './run-manager.js';
import { EditorSecrets } from './secrets.js';
import { SpecTests } from './test-controller.js';
import { Trust } from './trust.js';

/** What tests reach through the activate() API: `api.services.running` (not a public API). */
export interface RunningApi {
  manager: RunManager;
  state: ResultsState;
  tests: SpecTests;
  controller: vscode.TestController;
  codeLens: RunningCodeLens;
  marks: CaseMarks;
  secrets: EditorSecrets;
  trust: Trust;
}

export function registerRunning(services: Services): void {
  const { context } = services;
  const trust = new Trust();
  const secrets = new EditorSecrets(context);
  const state = new ResultsState(services.runs, services.runFiles);
  const manager = new RunManager(services, secrets, trust);
  const codeLens = new RunningCodeLens(services, state, manager, trust);
  const marks = new CaseMarks(services, state);
  const tests = new SpecTests(services, manager, state);
  context.subscriptions.push(trust, state, manager, codeLens, marks, tests);
  context.subscriptions.push(...registerCommands({ services, manager, state, secrets }));
  context.subscriptions.push(...registerSpecReview({ services, trust, manager }));
  const api: RunningApi = { manager, state, tests, controller: tests.controller, codeLens, marks, secrets, trust };
  // activate() returns { services }; tests find the running features there without a second export.
  (services as Services & { running?: RunningApi }).running = api;
}
