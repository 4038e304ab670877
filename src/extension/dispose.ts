// One Disposable base, so nothing an editor feature creates is left floating: `_register` ties a resource's
// life to its owner, and the owner is pushed to context.subscriptions.
import type * as vscode from 'vscode';

export abstract class Disposable implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  protected _register<T extends vscode.Disposable>(value: T): T {
    if (this.disposed) value.dispose();
    else this.disposables.push(value);
    return value;
  }

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    while (this.disposables.length) this.disposables.pop()!.dispose();
  }
}
