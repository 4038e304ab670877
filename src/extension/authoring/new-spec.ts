// "aispec: New Spec from Template": pick a template, name the spec, and it is written to the workspace
// (with its recorded outputs when the template has them) and opened. The first template runs offline, which
// is the walkthrough's path from nothing to a first run.
import * as vscode from 'vscode';
import type { Services } from '../services.js';
import { renderTemplate, slugify, TEMPLATES, type SpecTemplate } from './templates.js';

export interface NewSpecOptions {
  template?: string;
  /** Folder to write into (default: the first workspace folder). */
  folder?: vscode.Uri;
  name?: string;
  /** Do not open the new spec in an editor. */
  noOpen?: boolean;
}

const ID = /^[a-z0-9][a-z0-9._-]*$/;

export async function newSpecFromTemplate(services: Services, options: NewSpecOptions = {}): Promise<vscode.Uri | undefined> {
  let template: SpecTemplate | undefined = TEMPLATES.find((t) => t.id === options.template);
  if (!template) {
    const picked = await vscode.window.showQuickPick(
      TEMPLATES.map((t) => ({ label: t.label, detail: t.detail, template: t })),
      { title: 'aispec: New Spec from Template', placeHolder: 'Start from…' },
    );
    template = picked?.template;
  }
  if (!template) return undefined;

  let folder = options.folder;
  if (!folder) {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 1) folder = folders[0]!.uri;
    else if (folders.length > 1) folder = (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Where should the spec go?' }))?.uri;
    else {
      const saved = await vscode.window.showSaveDialog({ title: 'aispec: save the new spec', filters: { 'aispec spec': ['aispec.md'] }, saveLabel: 'Create Spec' });
      if (!saved) return undefined;
      folder = vscode.Uri.joinPath(saved, '..');
      options = { ...options, name: options.name ?? saved.path.split('/').pop() };
    }
  }
  if (!folder) return undefined;

  let name = options.name === undefined ? undefined : slugify(options.name);
  if (name === undefined) {
    const typed = await vscode.window.showInputBox({
      title: 'aispec: New Spec from Template',
      prompt: 'Spec id (also the file name): lower case, digits, ".", "_" and "-"',
      value: await freeName(folder, template.id === 'classification-recorded' ? 'my-first-spec' : 'my-spec'),
      validateInput: (v) => (ID.test(slugify(v)) ? undefined : 'Start with a letter or digit; use a-z, 0-9, ".", "_" and "-"'),
    });
    if (typed === undefined) return undefined;
    name = slugify(typed);
  }
  if (!ID.test(name)) {
    void vscode.window.showErrorMessage(`aispec: "${name}" is not a valid spec id (a-z, 0-9, ".", "_", "-").`);
    return undefined;
  }
  name = await freeName(folder, name);
  const files = renderTemplate(template, name);
  const specUri = vscode.Uri.joinPath(folder, `${name}.aispec.md`);
  const encoder = new TextEncoder();
  if (files.outputsName && files.outputs !== undefined) await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, files.outputsName), encoder.encode(files.outputs));
  await vscode.workspace.fs.writeFile(specUri, encoder.encode(files.spec));
  services.log.info(`new spec ${vscode.workspace.asRelativePath(specUri, false)} from template "${template.id}"`);
  if (!options.noOpen) {
    // From the walkthrough (a webview is active), open beside it so both stay in view.
    const besideWebview = !vscode.window.activeTextEditor && vscode.window.tabGroups.activeTabGroup.activeTab !== undefined;
    await vscode.window.showTextDocument(specUri, besideWebview ? { viewColumn: vscode.ViewColumn.Beside } : {});
  }
  return specUri;
}

/** `base`, or `base-2`, `base-3`… so nothing existing is overwritten. */
async function freeName(folder: vscode.Uri, base: string): Promise<string> {
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}-${i}`;
    const taken = await Promise.all(
      [`${name}.aispec.md`, `${name}.outputs.jsonl`].map((f) => vscode.workspace.fs.stat(vscode.Uri.joinPath(folder, f)).then(() => true, () => false)),
    );
    if (!taken.includes(true)) return name;
  }
}
