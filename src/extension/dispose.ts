// One Disposable base, so nothing an editor feature creates is left floating: `_register` ties a resource's
// life to its owner, and the owner is pushed to context.subscriptions. One child that throws while disposing
// must not leave the others alive (a watcher still firing, a timer still set): every child is disposed, and
// the errors are thrown together afterwards, as VS Code's own extensions do.
import type * as vscode from 'vscode';

/**
 * Disposes every item, in order, even when some throw; then throws the one error as it is, or an
 * AggregateError holding them all.
 */
export function disposeAll(disposables: Iterable<{ dispose(): unknown }>): void {
  const errors: unknown[] = [];
  for (const disposable of disposables) {
    try {
      disposable.dispose();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} errors while disposing`);
}

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
    // Last registered first: a resource may depend on one registered before it, never after.
    const children = this.disposables.splice(0).reverse();
    disposeAll(children);
  }
}
