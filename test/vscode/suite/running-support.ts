// Shared by the running-*.test.ts suites (bundled into each; not a test file itself): the running features'
// test API, CodeLens as the editor sees them, and small waits. Never a fixed sleep: wait on an event or poll
// with a deadline (waitFor).
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { RunningApi } from '../../../src/extension/running/index.js';
import type { Services } from '../../../src/extension/services.js';
import { EXTENSION_ID, openSpec, waitFor, workspaceUri } from '../support/index.js';

export type Api = RunningApi & { services: Services };

/** Opens a spec (which activates the extension lazily) and returns the running features' test API. */
export async function runningApi(): Promise<Api> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  if (!ext.isActive) await openSpec('running', 'mixed.aispec.md');
  await waitFor('the extension to activate', () => ext.isActive);
  const services = (ext.exports as { services: Services & { running?: RunningApi } }).services;
  const running = await waitFor('the running features to register', () => services.running);
  return { ...running, services };
}

const OUR_LENS_COMMANDS = new Set(['aispec.runEval', 'aispec.runCases', 'aispec.openLastResults', 'aispec.cancelRun', '']);

/** The running features' CodeLens of a document, as the editor would show them (other providers' left out). */
export async function codeLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  const all = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 1000)) ?? [];
  return all.filter((l) => OUR_LENS_COMMANDS.has(l.command?.command ?? ''));
}

export function titles(lenses: vscode.CodeLens[]): string[] {
  return lenses.map((l) => l.command?.title ?? '');
}

/** Polls the CodeLens until `accept` holds; returns them. */
export async function waitForLenses(uri: vscode.Uri, what: string, accept: (lenses: vscode.CodeLens[]) => boolean, timeoutMs = 20_000): Promise<vscode.CodeLens[]> {
  let last: vscode.CodeLens[] = [];
  return waitFor(
    what,
    async () => {
      last = await codeLenses(uri);
      return accept(last) ? last : undefined;
    },
    { timeoutMs },
  ).catch((error: Error) => {
    throw new Error(`${error.message}; lens titles: ${JSON.stringify(titles(last).slice(0, 12))}…`);
  });
}

/** The 0-based line of the first line of `document` that contains `text`. */
export function lineOf(document: vscode.TextDocument, text: string): number {
  for (let i = 0; i < document.lineCount; i++) if (document.lineAt(i).text.includes(text)) return i;
  throw new Error(`"${text}" is not in ${document.uri.fsPath}`);
}

export async function removeIfExists(uri: vscode.Uri): Promise<void> {
  if (existsSync(uri.fsPath)) await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false });
}

export { openSpec, waitFor, workspaceUri };
