// CodeLens above each rate gate of a spec: how many cases back it, the observed rate its 95% lower bound needs,
// and about how many cases the last run's rate needs ("n=20 · can pass only with ≥ 97% · ~60 cases needed at
// 0.92"). The numbers are the gate-power lint's (the core computes both); the tooltip is its full sentence,
// and a click opens the rule's documentation, which says how they are computed. A saved run (the editor's or
// the CLI's) changes them, so one re-checks the open specs whose runs folder it is in (not every open spec: a
// run of one spec must not re-parse a large other one), which refreshes these lenses and the diagnostics.
// The numbers come with the spec's model (editor-model.ts, made in the check worker with the last run read there).
import { stat } from 'node:fs/promises';
import * as vscode from 'vscode';
import { runsChangeAt, runsFolder } from '../../node/run-store.js';
import { Disposable } from '../dispose.js';
import { codeLensEnabled } from '../running/settings.js';
import type { Services } from '../services.js';
import { isShown } from '../shown-editors.js';
import { isSpecDocument, SPEC_SELECTOR } from '../spec-selector.js';
import { SHOW_RULE_DOCS } from './rule-docs.js';

export class GatePowerLens extends Disposable implements vscode.CodeLensProvider {
  private readonly emitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.emitter.event;

  constructor(private readonly services: Services) {
    super();
    // Only a shown spec's new model changes lenses on screen (see shown-editors.ts).
    this._register(services.specs.onDidModel((modeled) => isShown(modeled.uri) && this.emitter.fire()));
    this._register(services.runFiles.onDidChange((uri) => void this.recheckSpecsOf(uri.fsPath)));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('aispec.codeLens') && this.emitter.fire()));
    this._register(vscode.languages.registerCodeLensProvider(SPEC_SELECTOR, this));
  }

  /**
   * Re-checks the open specs whose runs a changed path under an .aispec folder may hold (runsChangeAt, as
   * ResultsState reads it too): the one spec whose runs folder it is in, or, when it is the .aispec or runs
   * folder itself (created: the first run of the project), the specs of the project whose runs folder exists now.
   */
  private async recheckSpecsOf(path: string): Promise<void> {
    const change = runsChangeAt(path);
    if (!change) return;
    const open = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file' && isSpecDocument(d));
    const concerns = (document: vscode.TextDocument) => {
      // The id of the last model (never waited for: a spec being edited has one coming, which reads the run
      // anyway); a spec without one yet is re-checked: better a needless check than a stale lens.
      const id = this.services.specs.lastModel(document)?.model.id;
      return id === undefined || change.concerns(document.uri.fsPath, id);
    };
    let concerned = open.filter(concerns);
    // A folder above the runs folders: only a spec that has runs has a run to read. Without this, a project's
    // first run re-checked (and modelled, and drew the lenses of) every open spec of it, a 10,000-case one
    // included. The folders exist before any file in them (saveRun makes them first), so a spec whose run
    // made this folder is still found; a spec with no model yet is kept (its id is not known).
    if (change.aboveRunsFolders) {
      const hasRuns = await Promise.all(concerned.map(async (d) => {
        const id = this.services.specs.lastModel(d)?.model.id;
        return id === undefined || (await isFolder(runsFolder(d.uri.fsPath, id)));
      }));
      concerned = concerned.filter((_, i) => hasRuns[i]);
    }
    if (this.isDisposed) return;
    const chosen = new Set(concerned);
    if (chosen.size > 0) this.services.specs.recheckOpenSpecs((d) => chosen.has(d));
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!codeLensEnabled(document.uri)) return [];
    const { model } = await this.services.specs.model(document);
    if (token.isCancellationRequested) return [];
    return model.gates.map(
      (gate) => new vscode.CodeLens(new vscode.Range(gate.line, 0, gate.line, 0), { title: gate.title, tooltip: gate.tooltip, command: SHOW_RULE_DOCS, arguments: ['gate-power'] }),
    );
  }
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
