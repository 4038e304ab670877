// Entry point VS Code loads (dist/extension.cjs). Activation is lazy: `onLanguage:aispec` is implied by the
// language contribution, so nothing here runs until a spec is opened or an aispec command is invoked.
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('aispec', { log: true });
  context.subscriptions.push(output);
  output.info('aispec activated');
}

export function deactivate(): void {}
