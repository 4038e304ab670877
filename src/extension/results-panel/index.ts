// The results panel feature: the `aispec.showResults` command (the run commands and CodeLens call it with the
// spec's uri after a run), and the serializer that brings panels back after VS Code restarts or reloads the
// window (activation event onWebviewPanel:aispec.results), each restored with its filters, slice and scroll.
import * as vscode from 'vscode';
import { comparesTargets, specConfig, specTargets } from '../../core/index.js';
import { RESULTS_VIEW_TYPE, SHOW_RESULTS_COMMAND, sanitizePersistedState, type PanelSource } from '../../shared/messages.js';
import type { Services } from '../services.js';
import { isSpecDocument } from '../spec-selector.js';
import { ResultsPanel, webviewOptions, type SpecChangeSource } from './panel.js';

export { ResultsPanel, type SpecChangeSource } from './panel.js';

export interface ShowResultsOptions {
  /** Compare with this saved run id (null: no baseline). Default: the run before the latest. */
  baselineRunId?: string | null;
  /** Open beside the active editor (default) or in this column. */
  viewColumn?: vscode.ViewColumn;
  preserveFocus?: boolean;
  /** Show the Spec change view of this source (Compare with Base Branch) instead of the runs. */
  specChange?: SpecChangeSource;
}

async function specUriFrom(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg) return arg.includes('://') ? vscode.Uri.parse(arg) : vscode.Uri.file(arg);
  if (arg && typeof arg === 'object' && 'uri' in arg && (arg as { uri: unknown }).uri instanceof vscode.Uri) return (arg as { uri: vscode.Uri }).uri;
  const active = vscode.window.activeTextEditor?.document;
  if (active && isSpecDocument(active) && active.uri.scheme === 'file') return active.uri;
  const specs = await vscode.workspace.findFiles('**/*.aispec.md', '**/node_modules/**', 200);
  if (specs.length <= 1) return specs[0];
  const picked = await vscode.window.showQuickPick(
    specs.map((uri) => ({ label: vscode.workspace.asRelativePath(uri, false), uri })),
    { title: 'aispec: Show Results', placeHolder: 'Results of which spec?' },
  );
  return picked?.uri;
}

interface SpecIdentity {
  id: string;
  title: string;
  /** The names under `targets:`, in order, for a spec that compares several; empty otherwise. */
  targets: string[];
}

/** The spec's id, title and compared targets, from its frontmatter (parsed once per version by SpecDocuments). */
async function specIdentity(services: Services, uri: vscode.Uri): Promise<SpecIdentity | undefined> {
  const document = await vscode.workspace.openTextDocument(uri);
  const config = specConfig((await services.specs.get(document)).result.spec);
  if (typeof config.id !== 'string' || config.id === '') return undefined;
  const targets = comparesTargets(config) ? specTargets(config).map((t) => t.name) : [];
  return { id: config.id, title: typeof config.title === 'string' && config.title ? config.title : config.id, targets };
}

/** Opens (or reveals) the results panel of a spec and shows its latest run. */
export async function showResults(services: Services, arg?: unknown, options: ShowResultsOptions = {}): Promise<ResultsPanel | undefined> {
  const uri = await specUriFrom(arg);
  if (!uri) {
    void vscode.window.showInformationMessage('aispec: open a spec (*.aispec.md) to see its results.');
    return undefined;
  }
  const identity = await specIdentity(services, uri);
  if (!identity) {
    void vscode.window.showErrorMessage('aispec: the spec has no id in its frontmatter, so it has no saved runs to show.');
    return undefined;
  }
  const existing = ResultsPanel.of(uri.fsPath);
  // A panel opened before the spec's targets changed would compare the wrong set: it is replaced.
  if (existing && existing.source.specId === identity.id && existing.comparesTargets(identity.targets)) {
    existing.panel.reveal(options.viewColumn, options.preserveFocus ?? false);
    if (options.specChange) await existing.showSpecChange(options.specChange);
    else existing.showRuns();
    if (options.specChange) return existing;
    if (options.baselineRunId !== undefined) await existing.setBaseline(options.baselineRunId);
    else await existing.refresh(true);
    return existing;
  }
  const panel = vscode.window.createWebviewPanel(
    RESULTS_VIEW_TYPE,
    `Results: ${identity.title}`,
    { viewColumn: options.viewColumn ?? vscode.ViewColumn.Beside, preserveFocus: options.preserveFocus ?? false },
    webviewOptions(services.context.extensionUri),
  );
  const source: PanelSource = { specFile: uri.fsPath, specId: identity.id };
  const results = new ResultsPanel(services, panel, source, null, identity.title, identity.targets);
  if (options.specChange) void results.showSpecChange(options.specChange);
  else if (options.baselineRunId !== undefined) void results.setBaseline(options.baselineRunId);
  return results;
}

export function registerResultsPanel(services: Services): void {
  const { context } = services;
  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_RESULTS_COMMAND, (arg?: unknown, options?: unknown) =>
      showResults(services, arg, typeof options === 'object' && options !== null ? (options as ShowResultsOptions) : {}),
    ),
    { dispose: () => ResultsPanel.all().forEach((p) => p.dispose()) },
  );
  // The entry (extension.ts) registers the serializer of RESULTS_VIEW_TYPE during activation, before these
  // features are loaded, and hands restored panels to this.
  services.restoreResultsPanel = async (panel: vscode.WebviewPanel, state: unknown) => {
    const restored = sanitizePersistedState(state);
    if (!restored?.source) {
      // Nothing says which spec this was: close it rather than show an empty frame.
      panel.dispose();
      return;
    }
    // The spec says whether it compares targets (and which): read it before the panel loads its runs.
    const identity = await specIdentity(services, vscode.Uri.file(restored.source.specFile)).catch(() => undefined);
    new ResultsPanel(services, panel, restored.source, restored, identity?.title ?? restored.source.specId, identity?.targets ?? []);
  };
}
