// One results panel per spec: a webview that shows the spec's latest run. The extension never posts before
// the webview's 'ready' (sent by its script on every load: first open, and each time the panel is shown
// again, since it is not kept alive when hidden; it redraws from its saved state instead). Messages from the
// webview are validated, and a reveal request names a case id, never a path: the file comes from the
// results this panel sent, and must lie inside the spec's project. A spec with several targets opens on
// their comparison (the Compare view); 'openTarget' switches to one target's run and back.
import { dirname, sep } from 'node:path';
import * as vscode from 'vscode';
import { runsFolder } from '../../node/run-store.js';
import {
  PROTOCOL_VERSION,
  RESULTS_VIEW_TYPE,
  parseWebviewMessage,
  showMessages,
  type HostMessage,
  type PanelData,
  type PanelSource,
  type PersistedState,
  type WebviewMessage,
} from '../../shared/messages.js';
import { Disposable } from '../dispose.js';
import type { ComparisonResults } from '../../shared/comparison.js';
import type { ChangeKind } from '../../shared/messages.js';
import type { ChangeSide, SpecChangeData } from '../../shared/spec-change.js';
import type { Services } from '../services.js';
import { newNonce, panelHtml } from './html.js';
import { type BaselineChoice, caseFilePath, loadComparisonData, loadPanelData, loadTargetPanelData, savedTargetRuns } from './panel-data.js';

/** How long the runs folder must be quiet before a compared spec's panel reloads. */
const RUN_FILES_SETTLE_MS = 300;

/**
 * What the Spec change view shows and does (Compare with Base Branch, src/extension/spec-review): the panel
 * asks it for the data, and hands it the view's requests to reveal a line or provide a missing run.
 */
export interface SpecChangeSource {
  readonly baseRevision: string;
  /** Rejects with a message for the user (untrusted workspace, no repository, an unknown revision). */
  load(): Promise<SpecChangeData>;
  reveal(kind: ChangeKind, id: string, side: ChangeSide): Promise<void>;
  /** Makes or picks the missing run; true when the view should reload. */
  provideRun(side: ChangeSide): Promise<boolean>;
}

/** What the panel shows: a run (of the spec, or of one of its targets), the comparison of its targets, the
 * spec's change against a base branch, or why that could not be shown. */
type Shown =
  | { kind: 'run'; data: PanelData }
  | { kind: 'compare'; data: ComparisonResults }
  | { kind: 'specChange'; data: SpecChangeData }
  | { kind: 'message'; title: string; text: string };

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    enableForms: false,
    // Only the bundled script and the stylesheet: not the workspace, not the whole extension folder.
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    enableFindWidget: true,
    retainContextWhenHidden: false,
  };
}

export class ResultsPanel extends Disposable {
  private static readonly open = new Map<string, ResultsPanel>();

  private ready = false;
  private data: Shown | null = null;
  private loading: Promise<Shown | null> | null = null;
  private baseline: BaselineChoice = undefined;
  /** A spec with several targets: the one whose run is shown; null: their comparison. */
  private target: string | null;
  /** Set while the panel shows the Spec change view. */
  private change: SpecChangeSource | null = null;
  private readonly targetRuns = savedTargetRuns((path, reason) => this.services.log.warn(`results panel: skipped ${path}: ${reason}`));
  private readonly onDisposed = new vscode.EventEmitter<void>();

  /** The open panel of a spec, if any. */
  static of(specFile: string): ResultsPanel | undefined {
    return ResultsPanel.open.get(specFile);
  }

  static all(): ResultsPanel[] {
    return [...ResultsPanel.open.values()];
  }

  constructor(
    private readonly services: Services,
    readonly panel: vscode.WebviewPanel,
    readonly source: PanelSource,
    restored: PersistedState | null,
    title: string,
    /** The spec's `targets:` names, in order; empty for a spec with one target. */
    private readonly targets: readonly string[] = [],
  ) {
    super();
    const restoredTarget = restored?.source?.target;
    const restoredBase = restored?.source?.baseRevision;
    if (restoredBase !== undefined && services.specChanges) this.change = services.specChanges(source.specFile, restoredBase);
    this.target = restoredTarget !== undefined && targets.includes(restoredTarget) ? restoredTarget : null;
    ResultsPanel.open.get(source.specFile)?.dispose();
    ResultsPanel.open.set(source.specFile, this);
    const webview = panel.webview;
    webview.options = webviewOptions(services.context.extensionUri);
    panel.title = `Results: ${title}`;
    this._register(webview.onDidReceiveMessage((m: unknown) => this.receive(m)));
    this._register(
      panel.onDidChangeViewState(() => {
        // Hidden: VS Code tears the page down; it says 'ready' again when shown.
        if (!panel.visible) this.ready = false;
      }),
    );
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register(
      services.runs.onDidChange((record) => {
        if (record.specFile === source.specFile) void this.refresh(true);
      }),
    );
    // The Spec change view follows the working files: saving the spec, or a file beside it (its case or
    // prompt file), compares again.
    const specFolder = dirname(source.specFile) + sep;
    this._register(
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (this.change && document.uri.scheme === 'file' && document.uri.fsPath.startsWith(specFolder)) void this.refresh(true);
      }),
    );
    if (targets.length > 0) {
      // A compared spec's runs are saved per target (latest.<target>.json), which RunHistory does not
      // announce: any change in the spec's runs folder reloads, once the burst of a run's writes is over.
      const folder = runsFolder(source.specFile, source.specId) + sep;
      let timer: ReturnType<typeof setTimeout> | undefined;
      this._register(
        services.runFiles.onDidChange((uri) => {
          // A file in the folder, or a folder above it just created (the watcher may miss its first files).
          if (!uri.fsPath.startsWith(folder) && !folder.startsWith(uri.fsPath + sep)) return;
          clearTimeout(timer);
          timer = setTimeout(() => void this.refresh(true), RUN_FILES_SETTLE_MS);
        }),
      );
      this._register({ dispose: () => clearTimeout(timer) });
    }
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(services.context.extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(services.context.extensionUri, 'media', 'results.css')).toString(),
      nonce: newNonce(),
      boot: { protocol: PROTOCOL_VERSION, title, state: restored, interactive: true },
    });
  }

  readonly onDidDispose = this.onDisposed.event;

  /** Whether the webview has said 'ready' since it last loaded. */
  get isReady(): boolean {
    return this.ready;
  }

  /** The run the panel last sent (tests read it); null while it shows a comparison. */
  get shown(): PanelData | null {
    return this.data?.kind === 'run' ? this.data.data : null;
  }

  /** The spec change the panel last sent (Compare with Base Branch; tests read it). */
  get shownSpecChange(): SpecChangeData | null {
    return this.data?.kind === 'specChange' ? this.data.data : null;
  }

  /** Shows the Spec change view of this source (Compare with Base Branch). */
  showSpecChange(change: SpecChangeSource): Promise<void> {
    this.change = change;
    return this.refresh(true);
  }

  /** Back from the Spec change view to the spec's runs (without a reload when it shows them already). */
  showRuns(): void {
    if (this.change === null) return;
    this.change = null;
    this.data = null;
    this.loading = null;
  }

  /** The comparison the panel last sent, for a spec with several targets (tests read it). */
  get shownComparison(): ComparisonResults | null {
    return this.data?.kind === 'compare' ? this.data.data : null;
  }

  /** Whether the panel compares exactly these targets (none: a spec with one target). */
  comparesTargets(targets: readonly string[]): boolean {
    return targets.length === this.targets.length && targets.every((name, i) => name === this.targets[i]);
  }

  /** Shows one target's run (null: the comparison of every target); ignored for a target the spec lacks. */
  showTarget(target: string | null): Promise<void> {
    if (target !== null && !this.targets.includes(target)) return Promise.resolve();
    this.showRuns();
    this.target = target;
    this.baseline = undefined;
    return this.refresh(true);
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  /** Compare with another saved run (null: none; undefined: the previous run). */
  setBaseline(choice: BaselineChoice): Promise<void> {
    this.baseline = choice;
    return this.refresh(true);
  }

  /** Reloads the run (when `reload`) and sends it, if the webview is listening. */
  async refresh(reload = false): Promise<void> {
    if (reload) {
      this.data = null;
      this.loading = null;
    }
    let pending = this.load();
    let shown = await pending;
    // A reload that started meanwhile (a run recorded, the watcher seeing its file) superseded this one: what
    // it loads is what is shown, so this refresh ends on the latest load, not between two.
    while (this.loading && this.loading !== pending) {
      pending = this.loading;
      shown = await pending;
    }
    if (this.isDisposed || !this.ready) return;
    // The source names the target shown, so a reload of the window comes back to it.
    const { specFile, specId } = this.source;
    const source: PanelSource = this.target === null ? { specFile, specId } : { specFile, specId, target: this.target };
    if (this.change) source.baseRevision = this.change.baseRevision;
    if (shown?.kind === 'compare') this.post({ type: 'compare', data: shown.data, source });
    else if (shown?.kind === 'specChange') this.post({ type: 'specChange', data: shown.data, source });
    else if (shown?.kind === 'message') this.post({ type: 'empty', title: shown.title, message: shown.text });
    else if (shown) for (const message of showMessages(shown.data, source)) this.post(message);
    else this.post({ type: 'empty', title: this.panel.title.replace(/^Results: /, ''), message: this.targets.length ? 'No target of this spec has a saved run yet. Run it (aispec eval on the command line) and the comparison appears here.' : 'This spec has no run yet. Run it (aispec: Run Eval) and its results appear here.' });
  }

  private load(): Promise<Shown | null> {
    if (this.data) return Promise.resolve(this.data);
    if (!this.loading) {
      const loading = this.read().then(
        (data) => {
          if (this.loading === loading) this.data = data;
          return data;
        },
        (error: unknown) => {
          this.services.log.error(`results panel: cannot load the runs of ${this.source.specFile}: ${error instanceof Error ? error.message : String(error)}`);
          if (this.loading === loading) this.loading = null;
          return null;
        },
      );
      this.loading = loading;
    }
    return this.loading;
  }

  private async read(): Promise<Shown | null> {
    if (this.change) {
      const change = this.change;
      try {
        return { kind: 'specChange', data: await change.load() };
      } catch (error) {
        return { kind: 'message', title: `Spec change against ${change.baseRevision}`, text: error instanceof Error ? error.message : String(error) };
      }
    }
    if (this.targets.length === 0) {
      const data = await loadPanelData(this.services.runs, this.source, this.baseline);
      return data && { kind: 'run', data };
    }
    if (this.target === null) {
      const data = await loadComparisonData(this.targetRuns, this.source, this.targets);
      return data && { kind: 'compare', data };
    }
    const data = await loadTargetPanelData(this.targetRuns, this.source, this.target, this.targets, this.baseline);
    return data && { kind: 'run', data };
  }

  private post(message: HostMessage): void {
    void this.panel.webview.postMessage(message).then(undefined, () => undefined);
  }

  private receive(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.services.log.warn('results panel: ignored a malformed message from the webview');
      return;
    }
    void this.handle(message);
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        if (message.protocol !== PROTOCOL_VERSION) this.services.log.warn(`results panel: webview protocol ${message.protocol}, extension ${PROTOCOL_VERSION}`);
        this.ready = true;
        await this.refresh();
        return;
      case 'reveal':
        await this.revealCase(message.caseId);
        return;
      case 'setBaseline':
        await this.setBaseline(message.runId);
        return;
      case 'openTarget':
        await this.showTarget(message.target);
        return;
      case 'revealChange':
        await this.change?.reveal(message.kind, message.id, message.side);
        return;
      case 'provideRun':
        if (this.change && (await this.change.provideRun(message.side))) await this.refresh(true);
        return;
      case 'rendered':
        this.services.log.info(`results panel: first view drawn in ${message.ms} ms`);
        return;
      case 'error':
        this.services.log.error(`results panel: ${message.message}`);
        return;
    }
  }

  /** Opens the case's file at its line, beside the panel. */
  async revealCase(caseId: string): Promise<vscode.TextEditor | undefined> {
    // In the Compare view a case is the same case on every target: any target's record names its file.
    const shown = this.data;
    const runs = shown?.kind === 'compare' ? Object.values(shown.data.targets) : shown?.kind === 'run' ? [shown.data.results] : [];
    const c = runs.map((r) => r.cases.find((x) => x.id === caseId)).find((x) => x !== undefined);
    if (!c) return undefined;
    const path = caseFilePath(this.source.specFile, c.file);
    if (!path) {
      void vscode.window.showWarningMessage(`aispec: case ${caseId} names a file outside the project (${c.file}); not opening it.`);
      return undefined;
    }
    try {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
      const line = Math.max(0, Math.min(document.lineCount - 1, (Number.isInteger(c.line) ? c.line : 1) - 1));
      const range = document.lineAt(line).range;
      const column = this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
      const editor = await vscode.window.showTextDocument(document, { viewColumn: column, selection: new vscode.Selection(range.start, range.end), preserveFocus: false });
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      return editor;
    } catch (error) {
      void vscode.window.showErrorMessage(`aispec: cannot open ${c.file}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  override dispose(): void {
    if (this.isDisposed) return;
    if (ResultsPanel.open.get(this.source.specFile) === this) ResultsPanel.open.delete(this.source.specFile);
    super.dispose();
    this.panel.dispose();
    this.onDisposed.fire();
    this.onDisposed.dispose();
  }
}

export { RESULTS_VIEW_TYPE };
