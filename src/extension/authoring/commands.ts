// The palette commands that write or check specs rather than run them: "New Spec from Template", "Check All
// Specs" and "Getting Started" (the walkthrough, which starts from a new spec). Like the running commands,
// each takes optional arguments, so the walkthrough and tests can call it without a prompt, and returns what
// it did.
import * as vscode from 'vscode';
import type { Services } from '../services.js';
import { checkAllMessage, type CheckAll, type CheckAllSummary } from './check-all.js';
import { newSpecFromTemplate, type NewSpecOptions } from './new-spec.js';

export const WALKTHROUGH_ID = 'aispec.aispec#gettingStarted';

export function registerAuthoringCommands(services: Services, checkAll: CheckAll): vscode.Disposable[] {
  const checkAllSpecs = async (): Promise<CheckAllSummary> => {
    const summary = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'aispec: checking specs' }, () => checkAll.run());
    const message = checkAllMessage(summary);
    const show = summary.errors ? vscode.window.showErrorMessage : summary.warnings ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(message, ...(summary.errors + summary.warnings + summary.infos ? ['Show Problems'] : [])).then((c) => c && vscode.commands.executeCommand('workbench.actions.view.problems'));
    return summary;
  };

  return [
    vscode.commands.registerCommand('aispec.newSpecFromTemplate', (options?: unknown) => newSpecFromTemplate(services, (typeof options === 'object' && options !== null ? options : {}) as NewSpecOptions)),
    vscode.commands.registerCommand('aispec.checkAllSpecs', checkAllSpecs),
    vscode.commands.registerCommand('aispec.openWalkthrough', () => vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false)),
  ];
}
