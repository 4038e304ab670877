// Workspace trust for running: the editor's trust state, with the explanation and the way out ("Manage
// Workspace Trust"). The rule itself is trust-gate.ts. Tests can force an untrusted state, because the test
// harness opens its workspace trusted.
import * as vscode from 'vscode';
import { Disposable } from '../dispose.js';
import { MANAGE_TRUST, UNTRUSTED_MESSAGE } from './trust-gate.js';

export class Trust extends Disposable {
  private override_: boolean | undefined;
  private readonly emitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.emitter.event;

  constructor() {
    super();
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.emitter.fire()));
  }

  get trusted(): boolean {
    return this.override_ ?? vscode.workspace.isTrusted;
  }

  /** Test hook: force trusted/untrusted, or undefined to follow the editor again. */
  setOverrideForTests(value: boolean | undefined): void {
    this.override_ = value;
    this.emitter.fire();
  }

  /** Tells the user why nothing ran, with a button to change it. Not awaited by callers. */
  explain(): void {
    void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE, MANAGE_TRUST).then((choice) => {
      if (choice === MANAGE_TRUST) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  }
}
