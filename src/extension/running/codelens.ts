// CodeLens on a spec: above the frontmatter "▶ Run eval" · "N cases" · the last result ("pass rate 0.922
// (0.869–0.955) · PASS 7/7 gates"); above each ```yaml cases block "▶ Run these N cases"; above each case
// "▶ Run case" and its last status; above each rubric criterion its pass rate in the last run. Refreshed when
// the spec is re-checked, a run starts or ends, results change, or trust changes (the first three only when an
// editor shows the spec: shown-editors.ts).
// A spec that compares several targets (`targets:`) also gets "▶ Run eval on N targets" on that key and
// "▶ Run eval: NAME" with that target's last result (from its latest.<target>.json, as the one-target headline
// comes from latest.json) on each target's entry; a case's and a criterion's lenses then show every target's.
// A spec with more than 1,000 cases gets its per-case and per-criterion lenses only around the lines its editors
// show, asked for again as it scrolls (lens-window.ts says why).
// Placed from the spec's model (spec-documents.ts: made in the check worker), so the main thread never parses a
// large spec to draw them.
import * as vscode from 'vscode';
import { isSubsetRun } from '../../core/index.js';
import { Disposable } from '../dispose.js';
import { caseFileAt, caseStartLineAt } from '../editor-model.js';
import type { Services } from '../services.js';
import { isShown } from '../shown-editors.js';
import { SPEC_SELECTOR } from '../spec-selector.js';
import { caseStatusTitle, caseTargetsTitle, criterionTitle, partialRunTitle, plural, runTargetsTitle, summaryTitle } from './format.js';
import type { ResultsState, SpecRunState } from './results-state.js';
import type { RunManager } from './run-manager.js';
import { inWindow, LARGE_SPEC_CASES, lensWindow, needsNewWindow, type LineSpan } from './lens-window.js';
import { codeLensEnabled } from './settings.js';
import type { Trust } from './trust.js';

/** How often, and how many times, to ask again for a refresh that an editor dropped (see refreshSpec). */
const REASK_MS = 250;
const REASK_TIMES = 20;
/** How long a scroll must settle before a large spec's lenses are asked for again around the new lines. */
const SCROLL_SETTLE_MS = 100;

export class RunningCodeLens extends Disposable implements vscode.CodeLensProvider {
  private readonly emitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.emitter.event;
  /** When each document's lenses were last provided. */
  private readonly lastProvided = new Map<string, number>();
  private readonly reask = new Map<string, NodeJS.Timeout>();
  /** Per large spec shown in an editor, the lines its last lenses were given for (lens-window.ts). */
  private readonly windows = new Map<string, LineSpan[]>();
  private scrollTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly services: Services,
    private readonly state: ResultsState,
    private readonly manager: RunManager,
    private readonly trust: Trust,
  ) {
    super();
    const refresh = () => this.emitter.fire();
    // A spec's lenses are its own model's and results': a change to a spec no editor shows asks for nothing
    // (each change event makes VS Code provide every visible spec's lenses again, thousands for a large one).
    this._register(services.specs.onDidModel((modeled) => isShown(modeled.uri) && refresh()));
    this._register(state.onDidChange((specFile) => this.refreshSpec(vscode.Uri.file(specFile))));
    this._register(manager.onDidChangeActive((uri) => this.refreshSpec(uri)));
    this._register(trust.onDidChange(refresh));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('aispec.codeLens') && refresh()));
    this._register(vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.scrolled(e.textEditor.document)));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.windows.delete(d.uri.toString())));
    this._register(vscode.languages.registerCodeLensProvider(SPEC_SELECTOR, this));
  }

  /** A large spec scrolled near the edge of the lines its lenses were given for asks for them again. */
  private scrolled(document: vscode.TextDocument): void {
    const window = this.windows.get(document.uri.toString());
    if (!window || !needsNewWindow(window, shownLines(document), document.lineCount)) return;
    clearTimeout(this.scrollTimer);
    this.scrollTimer = setTimeout(() => this.emitter.fire(), SCROLL_SETTLE_MS);
  }

  /**
   * Asks for new lenses of a spec, and asks again until the editor showing it has asked for them. An editor
   * that loses focus drops the refresh it had scheduled (VS Code's CodeLens controller cancels it on blur),
   * and a run ends just as the results panel takes the focus: without this, the spec would keep showing
   * "Running…" and the old result until the user clicks back into it.
   */
  refreshSpec(uri: vscode.Uri): void {
    const key = uri.toString();
    // Not shown: nothing to refresh; an editor that opens it later asks for its lenses itself.
    if (!isShown(key)) return;
    const since = Date.now();
    clearTimeout(this.reask.get(key));
    this.emitter.fire();
    let times = 0;
    const check = () => {
      this.reask.delete(key);
      if (this.isDisposed || !isShown(key) || (this.lastProvided.get(key) ?? 0) >= since || ++times > REASK_TIMES) return;
      this.emitter.fire();
      this.reask.set(key, setTimeout(check, REASK_MS));
    };
    this.reask.set(key, setTimeout(check, REASK_MS));
  }

  override dispose(): void {
    clearTimeout(this.scrollTimer);
    for (const timer of this.reask.values()) clearTimeout(timer);
    super.dispose();
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    this.lastProvided.set(document.uri.toString(), Date.now());
    // Runs are saved beside the spec, so only a spec saved on disk can run and have results.
    if (document.uri.scheme !== 'file' || !codeLensEnabled(document.uri)) return [];
    const { model } = await this.services.specs.model(document);
    if (token.isCancellationRequested) return [];
    const id = model.id !== '' ? model.id : undefined;
    const targets = model.targets;
    // A compared spec has no run of its own: each of its targets has one.
    const state = id !== undefined && !targets ? await this.state.ensure(document.uri.fsPath, id) : undefined;
    const targetStates = id !== undefined && targets ? await this.state.ensureTargets(document.uri.fsPath, id, targets.map((t) => t.name)) : [];
    if (token.isCancellationRequested) return [];
    const lineOf = (line: number) => new vscode.Range(line, 0, line, 0);
    const uri = document.uri;
    const lenses: vscode.CodeLens[] = [];
    const lens = (range: vscode.Range, title: string, command = '', args: unknown[] = [], tooltip?: string) =>
      lenses.push(new vscode.CodeLens(range, { title, command, arguments: args, ...(tooltip ? { tooltip } : {}) }));

    // Above the spec.
    const top = new vscode.Range(0, 0, 0, 0);
    const running = this.manager.activeRuns().find((r) => r.uri.fsPath === uri.fsPath);
    if (running) {
      lens(top, `$(sync~spin) Running${running.total ? ` ${running.done}/${running.total}` : '…'}`, 'aispec.cancelRun', [uri], 'Cancel the run (finished cases are kept)');
      lens(top, 'Cancel', 'aispec.cancelRun', [uri]);
    } else if (this.trust.trusted) {
      lens(top, '$(play) Run eval', 'aispec.runEval', [uri], targets ? `Run every case on every target and compare them (aispec eval)` : 'Run every case and grade it (aispec eval)');
    } else {
      lens(top, '$(workspace-untrusted) Run eval (needs a trusted workspace)', 'aispec.runEval', [uri], 'Nothing runs in an untrusted workspace');
    }
    lens(top, plural(model.cases.ids.length, 'case'), '', [], model.caseSources.map((s) => `${s.count} from ${s.kind === 'inline' ? 'a cases block' : vscode.workspace.asRelativePath(s.file, false)}`).join('\n'));
    if (state?.full) {
      lens(top, summaryTitle(state.full), 'aispec.openLastResults', [uri], `Last run ${state.full.run.started_at}: open the results`);
    }
    if (state && isSubsetRun(state.latest)) {
      lens(top, partialRunTitle(state.latest), 'aispec.openLastResults', [uri], `Run ${state.latest.run.started_at}`);
    }

    // On `targets:` and on each target's entry: the run lenses (not while the spec runs: the lens above the
    // spec cancels it) and each target's last result.
    if (targets && targets.length > 0) {
      const untrusted = this.trust.trusted ? '' : ' (needs a trusted workspace)';
      const all = model.targetsKeyLine !== undefined ? lineOf(model.targetsKeyLine) : undefined;
      if (all && !running) lens(all, `${runTargetsTitle(targets.length)}${untrusted}`, 'aispec.runEval', [uri], 'Run every case on every target and compare them (aispec eval)');
      for (const target of targets) {
        if (!target.keyRange) continue;
        const line = lineOf(target.keyRange.start.line);
        if (!running) lens(line, `$(play) Run eval: ${target.name}${untrusted}`, 'aispec.runEval', [uri, [target.name]], `Run every case on ${target.name} only (aispec eval --target ${target.name})`);
        const known = targetStates.find((s) => s.target === target.name);
        if (known?.full) lens(line, summaryTitle(known.full), 'aispec.openLastResults', [uri], `Last run of ${target.name} ${known.full.run.started_at}: open the results`);
        if (known && isSubsetRun(known.latest)) lens(line, partialRunTitle(known.latest), 'aispec.openLastResults', [uri], `Run ${known.latest.run.started_at}`);
      }
    }

    // Above each inline cases block.
    for (const source of model.caseSources) {
      if (!source.inline) continue;
      const ids = Array.from(source.inline.cases, (i) => model.cases.ids[i]!);
      if (ids.length === 0) continue;
      lens(lineOf(source.inline.line), `$(play) Run these ${plural(ids.length, 'case')}`, 'aispec.runCases', [uri, ids, `Run ${plural(ids.length, 'case')}`]);
    }

    // Per case and per criterion, a large spec shown in an editor gets the lenses of the lines around the shown
    // ones only (lens-window.ts); any other request gets them all.
    const shown = model.cases.ids.length > LARGE_SPEC_CASES ? shownLines(document) : [];
    const window = shown.length > 0 ? lensWindow(shown, document.lineCount) : undefined;
    if (window) this.windows.set(uri.toString(), window);
    else this.windows.delete(uri.toString());
    const wanted = (line: number) => !window || inWindow(window, line);

    // Above each case written in the spec.
    // By column, not through modelCases: no object per case of a 10,000-case spec at each edit.
    const table = model.cases;
    for (let i = 0; i < table.ids.length; i++) {
      const line = caseStartLineAt(table, i);
      if (caseFileAt(table, i) !== model.specFile || !wanted(line)) continue;
      const id = table.ids[i]!;
      const range = lineOf(line);
      lens(range, '$(play) Run case', 'aispec.runCases', [uri, [id], `Run case ${id}`]);
      const result = state?.cases.get(id);
      if (result) lens(range, caseStatusTitle(result), 'aispec.openLastResults', [uri]);
      const perTarget = targetStates.flatMap((s) => {
        const r = s.cases.get(id);
        return r && s.target !== undefined ? [{ target: s.target, result: r }] : [];
      });
      if (perTarget.length > 0) lens(range, caseTargetsTitle(perTarget), 'aispec.openLastResults', [uri]);
    }

    // Above each rubric criterion: its pass rate in the last whole run (else the last run), per target when
    // the spec compares several.
    const criterionSources: Array<{ prefix: string; state: SpecRunState }> = state ? [{ prefix: '', state }] : targetStates.map((s) => ({ prefix: `${s.target}: `, state: s }));
    for (const { prefix, state: source } of criterionSources) {
      const byCriterion = (source.full ?? source.latest).by_criterion;
      if (!byCriterion) continue;
      for (const criterion of model.criteria) {
        const stat = byCriterion[criterion.id];
        if (stat && wanted(criterion.line)) lens(lineOf(criterion.line), `${prefix}${criterionTitle(stat)}`, 'aispec.openLastResults', [uri]);
      }
    }
    return lenses;
  }
}

/** The lines of `document` its visible editors show. */
function shownLines(document: vscode.TextDocument): LineSpan[] {
  const key = document.uri.toString();
  return vscode.window.visibleTextEditors
    .filter((e) => e.document.uri.toString() === key)
    .flatMap((e) => e.visibleRanges.map((r) => ({ start: r.start.line, end: r.end.line })));
}
