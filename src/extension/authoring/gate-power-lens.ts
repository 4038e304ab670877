// CodeLens above each rate gate of a spec: how many cases back it, the observed rate its 95% lower bound needs,
// and about how many cases the last run's rate needs ("n=20 · can pass only with ≥ 97% · ~60 cases needed at
// 0.92"). The numbers are the gate-power lint's (the core computes both); the tooltip is its full sentence,
// and a click opens the rule's documentation, which says how they are computed. A saved run (the editor's or
// the CLI's) changes them, so one re-checks the open specs, which refreshes these lenses and the diagnostics.
// The numbers come with the spec's model (editor-model.ts, made in the check worker with the last run read there).
import * as vscode from 'vscode';
import { Disposable } from '../dispose.js';
import { codeLensEnabled } from '../running/settings.js';
import type { Services } from '../services.js';
import { SPEC_SELECTOR } from '../spec-selector.js';
import { SHOW_RULE_DOCS } from './rule-docs.js';

export class GatePowerLens extends Disposable implements vscode.CodeLensProvider {
  private readonly emitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.emitter.event;

  constructor(private readonly services: Services) {
    super();
    this._register(services.specs.onDidModel(() => this.emitter.fire()));
    this._register(services.runFiles.onDidChange(() => services.specs.recheckOpenSpecs()));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('aispec.codeLens') && this.emitter.fire()));
    this._register(vscode.languages.registerCodeLensProvider(SPEC_SELECTOR, this));
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
