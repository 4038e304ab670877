// Checks specs the way `aispec check` does (the same checkSpecFile, rules, configuration and messages): open
// specs as the user types (debounced, on the unsaved text), again when a case file the spec names or the
// aispec.config.json it applies is edited, and any other spec on request. Every feature that needs a parsed
// spec (diagnostics, completion, outline, CodeLens, tests, commands) asks here, so a document is parsed once
// per version.
import * as vscode from 'vscode';
import type { SpecHost } from '../core/index.js';
import { checkSpecFile, type SpecFileCheck } from '../node/check-spec-file.js';
import { filesystemRoots } from '../node/grants.js';
import { createNodeSpecHost } from '../node/spec-host.js';
import { CONFIG_FILE, type WorkspaceConfig } from '../node/workspace-config.js';
import { Disposable } from './dispose.js';
import { openDocument } from './spec-files.js';
import { isCheckableUri, isSpecDocument } from './spec-selector.js';

const DEBOUNCE_MS = 250;

export interface CheckedSpec {
  uri: vscode.Uri;
  version: number;
  result: SpecFileCheck;
}

/** The configuration a check applied, and to which spec. */
export interface AppliedConfig {
  specFile: string;
  config: WorkspaceConfig;
}

export class SpecDocuments extends Disposable {
  private readonly cache = new Map<string, { version: number; promise: Promise<CheckedSpec> }>();
  /** A file a check read besides the spec (a case file, aispec.config.json) → the open specs (by uri) that read it. */
  private readonly dependents = new Map<string, Set<string>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly changed = this._register(new vscode.EventEmitter<CheckedSpec>());
  /** Fires after an open spec was (re)checked. */
  readonly onDidCheck = this.changed.event;
  private readonly configApplied = this._register(new vscode.EventEmitter<AppliedConfig>());
  /** Fires after every check, of an open spec or of one on disk, with the configuration it applied. */
  readonly onDidApplyConfig = this.configApplied.event;

  /**
   * Reads open editors first, so unsaved case files and configuration are checked as typed; the disk through
   * the Node host. A case file stays in the project, except in a trusted workspace, whose runs may read
   * anywhere (running/editor-grants.ts): its checks read the same, so Problems and a run agree.
   */
  private get host(): SpecHost {
    const disk = createNodeSpecHost(vscode.workspace.isTrusted ? { allowRead: filesystemRoots() } : {});
    return {
      readFile: async (path, namedBy) => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === path)?.getText() ?? disk.readFile(path, namedBy),
      resolve: disk.resolve,
    };
  }

  constructor() {
    super();
    this._register(vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)));
    // Trust widens what a check may read (see host): the open specs are checked again.
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.recheckOpenSpecs()));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DEBOUNCE_MS)));
    this._register(vscode.workspace.onDidSaveTextDocument((d) => this.schedule(d, 0)));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)));
    // A configuration created, deleted or changed outside the editor can change any open spec's severities.
    const configs = this._register(vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE}`));
    const recheckAll = () => this.recheckStale(vscode.workspace.textDocuments.filter(isSpecDocument), DEBOUNCE_MS);
    this._register(configs.onDidCreate(recheckAll));
    this._register(configs.onDidChange(recheckAll));
    this._register(configs.onDidDelete(recheckAll));
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  /** The check of the document's current version (parsed at most once per version). */
  get(document: vscode.TextDocument): Promise<CheckedSpec> {
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === document.version) return cached.promise;
    const version = document.version;
    const promise = this.checkFile(document.uri.fsPath, document.getText()).then((result) => {
      for (const file of [...result.spec.files.keys(), ...(result.config.path ? [result.config.path] : [])]) {
        let users = this.dependents.get(file);
        if (!users) this.dependents.set(file, (users = new Set()));
        users.add(key);
      }
      return { uri: document.uri, version, result };
    });
    this.cache.set(key, { version, promise });
    return promise;
  }

  /** The check of a spec: the open document's (its current text), else the file on disk. */
  async check(uri: vscode.Uri): Promise<SpecFileCheck> {
    const document = openDocument(uri);
    return document ? (await this.get(document)).result : this.checkFile(uri.fsPath);
  }

  /**
   * Checks every open spec again: for what a check reads from outside the editor's documents, such as the
   * latest saved run that sizes the rate gates (gate-power).
   */
  recheckOpenSpecs(): void {
    this.recheckStale(vscode.workspace.textDocuments.filter(isSpecDocument), DEBOUNCE_MS);
  }

  /** Open specs, checked. */
  async all(): Promise<CheckedSpec[]> {
    return Promise.all(vscode.workspace.textDocuments.filter(isSpecDocument).map((d) => this.get(d)));
  }

  private async checkFile(file: string, text?: string): Promise<SpecFileCheck> {
    // No configuration cache: the editor lives long, and an edited aispec.config.json counts at the next check.
    const result = await checkSpecFile(file, { text, host: this.host, configCache: false });
    this.configApplied.fire({ specFile: file, config: result.config });
    return result;
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (!isCheckableUri(document.uri)) return;
    if (isSpecDocument(document)) this.recheck([document], delay);
    else this.recheckStale(this.dependentsOf(document.uri.fsPath), delay);
  }

  /** Specs whose check is stale although their own version is not: a file they read changed. */
  private recheckStale(specs: readonly vscode.TextDocument[], delay: number): void {
    for (const spec of specs) this.cache.delete(spec.uri.toString());
    this.recheck(specs, delay);
  }

  private recheck(specs: readonly vscode.TextDocument[], delay: number): void {
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

  /** Open specs whose last check read `path` (a case file or configuration being edited). */
  private dependentsOf(path: string): vscode.TextDocument[] {
    const users = this.dependents.get(path);
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
