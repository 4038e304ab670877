// Checks open specs the way `aispec check` does (same core, same rules, same messages), as the user types:
// debounced, on the unsaved text, and again when an external case file the spec names is edited. Every
// feature that needs a parsed spec (diagnostics, completion, outline, CodeLens, tests) asks here, so a
// document is parsed once per version.
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { checkSpec, type CheckResult } from '../core/check.js';
import type { SpecHost } from '../core/host.js';
import { nodeSpecHost } from '../node/spec-host.js';
import { workspaceConfigFor } from '../node/workspace-config.js';
import { Disposable } from './dispose.js';

export const SPEC_LANGUAGE = 'aispec';
const DEBOUNCE_MS = 250;

export interface CheckedSpec {
  uri: vscode.Uri;
  version: number;
  result: CheckResult;
}

export function isSpecDocument(document: vscode.TextDocument): boolean {
  return document.languageId === SPEC_LANGUAGE || document.uri.path.endsWith('.aispec.md');
}

export class SpecDocuments extends Disposable {
  private readonly cache = new Map<string, { version: number; promise: Promise<CheckedSpec> }>();
  /** External case file path → the open specs (by uri) whose last check read it. */
  private readonly caseFileUsers = new Map<string, Set<string>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly changed = this._register(new vscode.EventEmitter<CheckedSpec>());
  /** Fires after a spec was (re)checked. */
  readonly onDidCheck = this.changed.event;

  /** Reads open editors first, so unsaved case files are checked as typed. */
  private readonly host: SpecHost = {
    readFile: async (path) => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === path)?.getText() ?? readFile(path, 'utf8'),
    resolve: nodeSpecHost.resolve,
  };

  constructor() {
    super();
    this._register(vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DEBOUNCE_MS)));
    this._register(vscode.workspace.onDidSaveTextDocument((d) => this.schedule(d, 0)));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)));
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  /** The check of the document's current version (parsed at most once per version). */
  get(document: vscode.TextDocument): Promise<CheckedSpec> {
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === document.version) return cached.promise;
    const version = document.version;
    const promise = checkSpec(document.uri.fsPath, this.host, { text: document.getText(), severities: workspaceConfigFor(document.uri.fsPath, false).lint }).then(
      (result) => {
        for (const file of result.spec.files.keys()) {
          let users = this.caseFileUsers.get(file);
          if (!users) this.caseFileUsers.set(file, (users = new Set()));
          users.add(key);
        }
        return { uri: document.uri, version, result };
      },
    );
    this.cache.set(key, { version, promise });
    return promise;
  }

  /** Open specs, checked. */
  async all(): Promise<CheckedSpec[]> {
    return Promise.all(vscode.workspace.textDocuments.filter(isSpecDocument).map((d) => this.get(d)));
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled' && document.uri.scheme !== 'vscode-remote') return;
    const specs = isSpecDocument(document) ? [document] : this.specsUsing(document.uri.fsPath);
    // A case file changed: the specs reading it are stale although their own version is not.
    if (!isSpecDocument(document)) for (const spec of specs) this.cache.delete(spec.uri.toString());
    for (const spec of specs) {
      const key = spec.uri.toString();
      clearTimeout(this.timers.get(key));
      this.timers.set(
        key,
        setTimeout(() => {
          this.timers.delete(key);
          if (spec.isClosed) return;
          void this.get(spec).then(
            (checked) => this.changed.fire(checked),
            () => undefined,
          );
        }, delay),
      );
    }
  }

  /** Open specs whose loaded files include `path` (an external case file being edited). */
  private specsUsing(path: string): vscode.TextDocument[] {
    const users = this.caseFileUsers.get(path);
    if (!users) return [];
    return vscode.workspace.textDocuments.filter((d) => users.has(d.uri.toString()) && !d.isClosed);
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.cache.delete(key);
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  override dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    super.dispose();
  }
}
