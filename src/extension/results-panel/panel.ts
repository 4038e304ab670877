// One results panel per spec: a webview that shows the spec's latest run. The extension never posts before
// the webview's 'ready' (sent by its script on every load: first open, and each time the panel is shown
// again, since it is not kept alive when hidden; it redraws from its saved state instead). Messages from the
// webview are validated, and a reveal request names a case id, never a path: the file comes from the
// results this panel sent, and must lie inside the spec's project.
import * as vscode from 'vscode';
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
import type { Services } from '../services.js';
import { newNonce, panelHtml } from './html.js';
import { type BaselineChoice, caseFilePath, loadPanelData } from './panel-data.js';

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
  private data: PanelData | null = null;
  private loading: Promise<PanelData | null> | null = null;
  private baseline: BaselineChoice = undefined;
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
  ) {
    super();
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

  /** What the panel last sent (tests read it). */
  get shown(): PanelData | null {
    return this.data;
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
    const data = await this.load();
    if (this.isDisposed || !this.ready) return;
    if (data) for (const message of showMessages(data, this.source)) this.post(message);
    else this.post({ type: 'empty', title: this.panel.title.replace(/^Results: /, ''), message: 'This spec has no run yet. Run it (aispec: Run Eval) and its results appear here.' });
  }

  private load(): Promise<PanelData | null> {
    if (this.data) return Promise.resolve(this.data);
    if (!this.loading) {
      const loading = loadPanelData(this.services.runs, this.source, this.baseline).then(
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
    const c = this.data?.results.cases.find((x) => x.id === caseId);
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
