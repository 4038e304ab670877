// Checks specs the way `aispec check` does (the same checkSpecFile, rules, configuration and messages): open
// specs as the user types (debounced, on the unsaved text), again when a case file the spec names or the
// aispec.config.json it applies is edited, and any other spec on request.
//
// Three results, so that typing in a large spec never waits on the extension host's main thread:
//   - the live check (diagnostics, the configuration applied, the files read) runs in a worker thread
//     (check-worker.ts) after each pause in typing; onDidCheckLive publishes it, and a check that a newer edit
//     overtook is dropped, never published over a newer one;
//   - the editor model (model/onDidModel: editor-model.ts, what the Test Explorer, CodeLens and gutter marks
//     show) is made in a second worker (`background`, shared with folds and the outline, which parse the same
//     text), after a longer pause in typing, and never replaces a newer version's: a model being made never
//     holds up the check of the next keystroke, which a worker of its own starts at once;
//   - the parsed spec (get/check/all, onDidCheck) that completion, hovers and commands read is parsed on the main
//     thread only when one of them asks, once per version, and not while the user is typing: a request made
//     mid-burst waits for the longer pause and gets the version current then, after that version's diagnostics.
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { specConfig } from '../core/index.js';
import { checkSpecFile, type SpecFileCheck } from '../node/check-spec-file.js';
import { readLastRunRates } from '../node/last-run-rates.js';
import { CONFIG_FILE, type WorkspaceConfig } from '../node/workspace-config.js';
import { CheckWorkerClient } from './check-worker-client.js';
import { Disposable } from './dispose.js';
import { editorModelOf, type EditorModel } from './editor-model.js';
import { liveCheckHost, type LiveCheck } from './live-check.js';
import { openDocument } from './spec-files.js';
import { isCheckableUri, isSpecDocument } from './spec-selector.js';

/**
 * The pause in typing after which the live check (in the worker, so the main thread does not wait) starts. Short:
 * the check worker does nothing else, and a check asked while another runs only replaces the one waiting
 * (check-worker-client.ts), so a burst of keystrokes costs at most one check more; what the pause still saves is
 * sending the text on every keystroke of a fast burst. Diagnostics of a 10,000-case spec are due 150 ms after a
 * keystroke pause (issue 15), and the 100 ms this was before used most of that.
 */
const DEBOUNCE_MS = 25;
/**
 * The longer pause after which the editor model (CodeLens, tests, marks) follows the text, and parses asked for
 * while typing are made: those follow a little later than the diagnostics, so that drawing 10,000 lenses and
 * test items does not take the main thread at every short pause while the user types.
 */
const MODEL_DEBOUNCE_MS = 400;

/** The editor model of one version of an open spec. */
export interface ModeledSpec {
  uri: vscode.Uri;
  version: number;
  model: EditorModel;
}

export interface CheckedSpec {
  uri: vscode.Uri;
  version: number;
  result: SpecFileCheck;
}

/** The live check of one version of an open spec, with the text it checked (diagnostics' offsets point into it). */
export interface LiveCheckedSpec {
  uri: vscode.Uri;
  version: number;
  text: string;
  check: LiveCheck;
}

/** The configuration a check applied, and to which spec. */
export interface AppliedConfig {
  specFile: string;
  config: WorkspaceConfig;
}

/**
 * Unsaved texts of open documents (case files, configuration, other specs), read instead of the disk, so they
 * are checked as typed, and whether the workspace is trusted: what a check of `file` in a worker reads.
 */
export function liveCheckHostInputs(file: string): { openTexts: Array<[string, string]>; trusted: boolean } {
  return { openTexts: openTexts(file), trusted: vscode.workspace.isTrusted };
}

/** A saved open document is the file on disk: only unsaved texts are sent. */
function openTexts(except?: string): Array<[string, string]> {
  return vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file' && d.isDirty && d.uri.fsPath !== except).map((d) => [d.uri.fsPath, d.getText()]);
}

export class SpecDocuments extends Disposable {
  private readonly cache = new Map<string, { version: number; promise: Promise<CheckedSpec> }>();
  /** A file a check read besides the spec (a case file, aispec.config.json) → the open specs (by uri) that read it. */
  private readonly dependents = new Map<string, Set<string>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** When each open spec was last edited or rescheduled (performance.now()). */
  private readonly scheduledAt = new Map<string, number>();
  /** Pending main-thread parses, after a live check, waiting for the longer pause (MODEL_DEBOUNCE_MS). */
  private readonly modelTimers = new Map<string, NodeJS.Timeout>();
  /** Open specs whose live check is in the worker now, with the version it checks. */
  private readonly checking = new Map<string, number>();
  /** The newest editor model of each open spec. */
  private readonly models = new Map<string, ModeledSpec>();
  /** Open specs whose model is being made in the worker now, with how many requests are in flight. */
  private readonly modeling = new Map<string, number>();
  /** Models asked for while one was due, answered with the next one made of the document's current version. */
  private readonly modelWaiters = new Map<string, Array<{ resolve: (m: ModeledSpec) => void; reject: (e: unknown) => void }>>();
  /** Parses asked for while the user was typing, answered after the pause. */
  private readonly afterPause = new Map<string, Array<{ resolve: (c: CheckedSpec) => void; reject: (e: unknown) => void }>>();
  /** The newest version whose live check was published, per spec: an older one never overwrites it. */
  private readonly published = new Map<string, number>();
  private readonly changed = this._register(new vscode.EventEmitter<CheckedSpec>());
  /** Fires after an open spec was parsed and checked on the main thread (asked for by get/check/all). */
  readonly onDidCheck = this.changed.event;
  private readonly modeled = this._register(new vscode.EventEmitter<ModeledSpec>());
  /** Fires with each new editor model of an open spec (from the worker), after its diagnostics; never a stale one. */
  readonly onDidModel = this.modeled.event;
  private readonly liveChecked = this._register(new vscode.EventEmitter<LiveCheckedSpec>());
  /** Fires with each live check of an open spec (from the worker), newest version last, never a stale one. */
  readonly onDidCheckLive = this.liveChecked.event;
  private readonly configApplied = this._register(new vscode.EventEmitter<AppliedConfig>());
  /** Fires after every check, of an open spec or of one on disk, with the configuration it applied. */
  readonly onDidApplyConfig = this.configApplied.event;

  /**
   * A case file stays in the project, except in a trusted workspace, whose runs may read anywhere
   * (running/editor-grants.ts): its checks read the same, so Problems and a run agree.
   */
  private hostFor(file: string) {
    return liveCheckHost(openTexts(file), vscode.workspace.isTrusted);
  }

  /**
   * @param worker the live checks' worker: checks only, so that nothing else is ever in it when a check is due
   * @param background the editor models' worker, which the outline and folds share (authoring/index.ts)
   */
  constructor(
    readonly worker: CheckWorkerClient = new CheckWorkerClient(),
    readonly background: CheckWorkerClient = new CheckWorkerClient(),
  ) {
    super();
    background.yieldTo(worker);
    this._register({ dispose: () => this.worker.dispose() });
    this._register({ dispose: () => this.background.dispose() });
    this._register(vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)));
    // Trust widens what a check may read (see hostFor): the open specs are checked again.
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.recheckOpenSpecs()));
    // An event without content changes (the dirty state flipped: after a save, an undo to the saved text) changes
    // nothing a check reads: checking the same text again cost a 10,000-case spec a full check and model.
    this._register(vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length > 0 && this.schedule(e.document, DEBOUNCE_MS, true)));
    // Saving writes the text already checked: an open spec whose version was checked (or is due) is not checked
    // again (with auto-save, every pause in typing would check and model it twice); the specs that read a saved
    // case file or configuration are.
    this._register(vscode.workspace.onDidSaveTextDocument((d) => !this.checkedOrDue(d) && this.schedule(d, 0)));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)));
    // A configuration created, deleted or changed outside the editor can change any open spec's severities.
    const configs = this._register(vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE}`));
    const recheckAll = () => this.recheckStale(vscode.workspace.textDocuments.filter(isSpecDocument), DEBOUNCE_MS);
    this._register(configs.onDidCreate(recheckAll));
    this._register(configs.onDidChange(recheckAll));
    this._register(configs.onDidDelete(recheckAll));
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  /**
   * The check of the document's current version (parsed at most once per version). While a live check of it is
   * due (the user is typing) or in the worker, the answer waits for that check to be published and is the check
   * of the version current then: the main thread parses once per pause, after the diagnostics are out.
   */
  get(document: vscode.TextDocument): Promise<CheckedSpec> {
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === document.version) return cached.promise;
    if (this.timers.has(key) || this.checking.has(key) || this.modelTimers.has(key)) {
      return new Promise((resolve, reject) => {
        let waiting = this.afterPause.get(key);
        if (!waiting) this.afterPause.set(key, (waiting = []));
        waiting.push({ resolve, reject });
      });
    }
    return this.parse(document);
  }

  private parse(document: vscode.TextDocument): Promise<CheckedSpec> {
    const key = document.uri.toString();
    const version = document.version;
    const promise = this.checkFile(document.uri.fsPath, document.getText()).then((result) => {
      this.noteReads(key, [...result.spec.files.keys(), ...(result.config.path ? [result.config.path] : [])]);
      const checked = { uri: document.uri, version, result };
      this.changed.fire(checked);
      return checked;
    });
    this.cache.set(key, { version, promise });
    return promise;
  }

  /** Remembers that the spec `key` read these files (case files, configuration): their edits recheck it. */
  private noteReads(key: string, files: readonly string[]): void {
    for (const file of files) {
      let users = this.dependents.get(file);
      if (!users) this.dependents.set(file, (users = new Set()));
      users.add(key);
    }
  }

  /** Answers the parses asked for during the burst of typing that just paused. */
  private answerWaiting(spec: vscode.TextDocument): void {
    const key = spec.uri.toString();
    const waiting = this.afterPause.get(key);
    if (!waiting) return;
    this.afterPause.delete(key);
    const parsed = this.get(spec);
    for (const w of waiting) parsed.then(w.resolve, w.reject);
  }

  /**
   * The editor model of an open spec's current version, made in the worker. While a check or model of the spec
   * is due or being made (the user is typing), the answer is the next model made of the document's version when
   * that model arrives: one of an older text, still in the worker when the user typed again, answers no one.
   */
  model(document: vscode.TextDocument): Promise<ModeledSpec> {
    const key = document.uri.toString();
    const known = this.models.get(key);
    if (known && known.version === document.version) return Promise.resolve(known);
    const answer = new Promise<ModeledSpec>((resolve, reject) => {
      let waiting = this.modelWaiters.get(key);
      if (!waiting) this.modelWaiters.set(key, (waiting = []));
      waiting.push({ resolve, reject });
    });
    if (!this.modelDue(key)) void this.makeModel(document);
    return answer;
  }

  /** The last model made of an open spec, whatever version it was of (undefined before the first): no waiting. */
  lastModel(document: vscode.TextDocument): ModeledSpec | undefined {
    return this.models.get(document.uri.toString());
  }

  /**
   * The editor model of an open spec (from the worker), or of a spec on disk (parsed here: a closed spec is
   * read when the Test Explorer shows it or a run reports on it, not as the user types).
   */
  async modelOf(uri: vscode.Uri): Promise<EditorModel> {
    const document = openDocument(uri);
    if (document) return (await this.model(document)).model;
    // In the workers too: a run of a closed 1,000-case spec (from the Test Explorer or a lens) made the Test
    // Explorer parse it here, holding the host for a second. The check (for the configuration it applied) goes
    // to the check worker, the model to the background one, as for an open spec, so a keystroke's check never
    // waits behind this model; asked again meanwhile with another text, it answers here.
    const file = uri.fsPath;
    const request = { file, text: await readFile(file, 'utf8'), openTexts: openTexts(file), trusted: vscode.workspace.isTrusted, open: false };
    const [checked, model] = await Promise.all([this.worker.ask({ kind: 'check', ...request }), this.background.ask({ kind: 'model', ...request, saved: true })]);
    if (checked) this.configApplied.fire({ specFile: file, config: checked.config });
    if (checked && model) return model;
    const check = await this.checkFile(uri.fsPath);
    const { id } = specConfig(check.spec);
    return editorModelOf(check, typeof id === 'string' && id ? await readLastRunRates(uri.fsPath, id) : undefined);
  }

  /** Makes the model of the spec's current text in the worker, and publishes it unless a newer one was. */
  private async makeModel(spec: vscode.TextDocument): Promise<void> {
    const key = spec.uri.toString();
    const version = spec.version;
    const file = spec.uri.fsPath;
    this.modeling.set(key, (this.modeling.get(key) ?? 0) + 1);
    let model: EditorModel | undefined;
    try {
      model = await this.background.ask({ kind: 'model', file, text: spec.getText(), openTexts: openTexts(file), trusted: vscode.workspace.isTrusted, open: true, saved: spec.uri.scheme === 'file' });
    } catch (error) {
      this.doneModeling(key);
      const waiting = this.modelWaiters.get(key) ?? [];
      this.modelWaiters.delete(key);
      for (const w of waiting) w.reject(error);
      return;
    }
    this.doneModeling(key);
    // Overtaken (a newer model was asked for) or closed: the newer one answers the waiters.
    if (!model || spec.isClosed || (this.models.get(key)?.version ?? -1) > version) return;
    const modeled: ModeledSpec = { uri: spec.uri, version, model };
    this.models.set(key, modeled);
    if (version !== spec.version) {
      // The user typed while this model was made: it answers no one and the views do not redraw for it (the
      // current text's model is on its way, brought by the check due for it); only if nothing is due is one made.
      if (!this.modelDue(key)) void this.makeModel(spec);
      return;
    }
    const waiting = this.modelWaiters.get(key) ?? [];
    this.modelWaiters.delete(key);
    for (const w of waiting) w.resolve(modeled);
    this.modeled.fire(modeled);
  }

  /** Whether a check or a model of the open spec is due or in the worker: a newer model is then on its way. */
  private modelDue(key: string): boolean {
    return this.timers.has(key) || this.checking.has(key) || this.modelTimers.has(key) || this.modeling.has(key);
  }

  private doneModeling(key: string): void {
    const inFlight = (this.modeling.get(key) ?? 1) - 1;
    if (inFlight > 0) this.modeling.set(key, inFlight);
    else this.modeling.delete(key);
  }

  /** The check of a spec: the open document's (its current text), else the file on disk. */
  async check(uri: vscode.Uri): Promise<SpecFileCheck> {
    const document = openDocument(uri);
    return document ? (await this.get(document)).result : this.checkFile(uri.fsPath);
  }

  /**
   * Checks every open spec again: for what a check reads from outside the editor's documents, such as the
   * latest saved run that sizes the rate gates (gate-power). `which` picks some of them (default all).
   */
  recheckOpenSpecs(which: (spec: vscode.TextDocument) => boolean = () => true): void {
    this.recheckStale(vscode.workspace.textDocuments.filter((d) => isSpecDocument(d) && which(d)), DEBOUNCE_MS);
  }

  /** Open specs, checked. */
  async all(): Promise<CheckedSpec[]> {
    return Promise.all(vscode.workspace.textDocuments.filter(isSpecDocument).map((d) => this.get(d)));
  }

  private async checkFile(file: string, text?: string): Promise<SpecFileCheck> {
    // No configuration cache: the editor lives long, and an edited aispec.config.json counts at the next check.
    const result = await checkSpecFile(file, { text, host: this.hostFor(file), configCache: false });
    this.configApplied.fire({ specFile: file, config: result.config });
    return result;
  }

  /** Whether this version of an open spec was checked live, or its check is due or in the worker. */
  private checkedOrDue(document: vscode.TextDocument): boolean {
    const key = document.uri.toString();
    if (!isSpecDocument(document)) return false;
    return this.published.get(key) === document.version || this.timers.has(key) || this.checking.get(key) === document.version;
  }

  /** @param typing an edit, after which the parsed spec waits for a longer pause (MODEL_DEBOUNCE_MS) */
  private schedule(document: vscode.TextDocument, delay: number, typing = false): void {
    if (!isCheckableUri(document.uri)) return;
    if (isSpecDocument(document)) this.recheck([document], delay, typing);
    else this.recheckStale(this.dependentsOf(document.uri.fsPath), delay, typing);
  }

  /** Specs whose check is stale although their own version is not: a file they read changed. */
  private recheckStale(specs: readonly vscode.TextDocument[], delay: number, typing = delay > 0): void {
    for (const spec of specs) this.cache.delete(spec.uri.toString());
    this.recheck(specs, delay, typing);
  }

  private recheck(specs: readonly vscode.TextDocument[], delay: number, typing = delay > 0): void {
    for (const spec of specs) {
      const key = spec.uri.toString();
      clearTimeout(this.timers.get(key));
      clearTimeout(this.modelTimers.get(key));
      this.modelTimers.delete(key);
      this.scheduledAt.set(key, performance.now());
      this.timers.set(
        key,
        setTimeout(() => {
          this.timers.delete(key);
          if (spec.isClosed) return;
          void this.checkLive(spec).then((newest) => {
            // The editor model for CodeLens, tests and marks: after the diagnostics, unless typing resumed
            // (a newer check is due or running, and does this when it is done).
            if (!newest || spec.isClosed || this.timers.has(key)) return;
            const wait = Math.max(0, !typing ? 0 : MODEL_DEBOUNCE_MS - (performance.now() - (this.scheduledAt.get(key) ?? 0)));
            clearTimeout(this.modelTimers.get(key));
            this.modelTimers.set(
              key,
              setTimeout(() => {
                this.modelTimers.delete(key);
                if (spec.isClosed) return;
                this.answerWaiting(spec);
                void this.makeModel(spec);
              }, wait),
            );
          });
        }, delay),
      );
    }
  }

  /**
   * The live check of the spec's current text, in the worker; published unless a newer version's was already.
   * Resolves once published or dropped (never rejects: a check that fails leaves the last diagnostics): true
   * unless a newer check of the spec replaced this one or is in the worker now.
   */
  private async checkLive(spec: vscode.TextDocument): Promise<boolean> {
    const key = spec.uri.toString();
    const version = spec.version;
    const text = spec.getText();
    const file = spec.uri.fsPath;
    let check: LiveCheck | undefined;
    this.checking.set(key, version);
    try {
      check = await this.worker.ask({ kind: 'check', file, text, openTexts: openTexts(file), trusted: vscode.workspace.isTrusted, open: true });
    } catch {
      return true;
    } finally {
      if (this.checking.get(key) === version) this.checking.delete(key);
    }
    if (!check) return false;
    // A newer version's check is in the worker: publishing this one would only make Problems flicker (typing
    // goes on) and cost the main thread a conversion that is replaced a moment later.
    if (spec.isClosed || (this.published.get(key) ?? -1) > version || this.checking.has(key)) return !this.checking.has(key);
    this.published.set(key, version);
    this.noteReads(key, [...check.caseFileTexts.map(([f]) => f), ...(check.config.path ? [check.config.path] : [])]);
    this.configApplied.fire({ specFile: file, config: check.config });
    this.liveChecked.fire({ uri: spec.uri, version, text, check });
    return !this.checking.has(key); // a newer check already in the worker parses the model when it is done
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
    this.published.delete(key);
    this.models.delete(key);
    for (const w of [...(this.afterPause.get(key) ?? []), ...(this.modelWaiters.get(key) ?? [])]) w.reject(new Error(`${uri.fsPath} was closed`));
    this.afterPause.delete(key);
    this.modelWaiters.delete(key);
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    clearTimeout(this.modelTimers.get(key));
    this.modelTimers.delete(key);
    this.scheduledAt.delete(key);
  }

  override dispose(): void {
    for (const t of [...this.timers.values(), ...this.modelTimers.values()]) clearTimeout(t);
    for (const waiting of [...this.afterPause.values(), ...this.modelWaiters.values()]) for (const w of waiting) w.reject(new Error('the extension is shutting down'));
    this.afterPause.clear();
    this.modelWaiters.clear();
    super.dispose();
  }
}
