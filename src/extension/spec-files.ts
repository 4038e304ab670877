// Finding specs for the commands, Check All and the Test Explorer: which spec a command acts on (its
// argument, the active editor, or a pick), every spec in the workspace, and whether a spec is open.
import * as vscode from 'vscode';
import { isSpecDocument, SPEC_FILE_GLOB } from './spec-selector.js';

const SPEC_EXCLUDE = '{**/node_modules/**,**/.git/**,**/.aispec/**,**/.vscode-test/**}';

/** Every spec file in the workspace, sorted by path. */
export async function findWorkspaceSpecs(): Promise<vscode.Uri[]> {
  const found = await vscode.workspace.findFiles(SPEC_FILE_GLOB, SPEC_EXCLUDE);
  return found.filter((u) => u.scheme === 'file').sort((a, b) => a.fsPath.localeCompare(b.fsPath));
}

export function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && !d.isClosed);
}

/**
 * The spec a command acts on: a Uri (or path) argument, the active editor's spec, the only visible spec,
 * or one the user picks from the workspace. Undefined when there is none or the pick was dismissed.
 */
export async function resolveSpecUri(arg: unknown, purpose: string): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg) return arg.includes('://') ? vscode.Uri.parse(arg) : vscode.Uri.file(arg);
  if (arg && typeof arg === 'object' && 'uri' in arg && (arg as { uri: unknown }).uri instanceof vscode.Uri) return (arg as { uri: vscode.Uri }).uri;
  const active = vscode.window.activeTextEditor?.document;
  if (active && isSpecDocument(active) && active.uri.scheme === 'file') return active.uri;
  if (active && isSpecDocument(active) && active.isUntitled) {
    const choice = await vscode.window.showInformationMessage('aispec: save the spec first: runs are saved beside it, under .aispec/runs/.', 'Save');
    if (choice && (await active.save())) return vscode.window.activeTextEditor?.document.uri.scheme === 'file' ? vscode.window.activeTextEditor.document.uri : undefined;
    return undefined;
  }
  const visible = vscode.window.visibleTextEditors.map((e) => e.document).filter((d) => isSpecDocument(d) && d.uri.scheme === 'file');
  if (visible.length === 1) return visible[0]!.uri;
  const all = await findWorkspaceSpecs();
  if (all.length === 0) {
    const choice = await vscode.window.showInformationMessage('aispec: there is no *.aispec.md file in this workspace yet.', 'New Spec from Template');
    if (choice) await vscode.commands.executeCommand('aispec.newSpecFromTemplate');
    return undefined;
  }
  if (all.length === 1) return all[0];
  const picked = await vscode.window.showQuickPick(
    all.map((uri) => ({ label: vscode.workspace.asRelativePath(uri, false), uri })),
    { title: `aispec: ${purpose}`, placeHolder: 'Which spec?' },
  );
  return picked?.uri;
}
