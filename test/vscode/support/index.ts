// Helpers for extension-host suites: find fixture files, open them, and wait for conditions without
// fixed sleeps (poll with a deadline; the message says what never happened).
import * as vscode from 'vscode';

export const EXTENSION_ID = 'aispec.aispec';

/** A file in the (temp copy of the) fixture workspace, test/vscode/workspace/. */
export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open: the runner should open test/vscode/workspace');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export async function openSpec(...segments: string[]): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(...segments));
  return vscode.window.showTextDocument(doc);
}

/** Resolves with the first truthy value of `probe`, polled every `intervalMs`; rejects after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => T | Promise<T>,
  { timeoutMs = 20_000, intervalMs = 50 } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
