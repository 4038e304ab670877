// The last known result of every case of a spec, for the gutter marks, hovers, CodeLens and the Test
// Explorer. A run of some cases (one case, a tag, the failed ones) updates those cases and keeps the others'
// earlier results, so running one case never wipes the marks of the other 153. Fed by services.runs (runs the
// editor made) and by latest.json files appearing on disk (runs made by the CLI in a terminal).
// A spec that compares several targets (`targets:`) has one such state per target, read from its
// latest.<target>.json: each target's run is a run of its own, and a case has one result per target.
import * as vscode from 'vscode';
import { isSubsetRun } from '../../core/index.js';
import { latestRunFile, listRuns, readSavedRun, runsChangeAt } from '../../node/run-store.js';
import { fileHasDigest, type SavedDigest } from '../../node/saved-digest.js';
import type { CaseResult, RunResults } from '../../shared/results.js';
import { Disposable } from '../dispose.js';
import type { RunFilesWatcher } from '../run-files-watcher.js';
import type { RunHistory } from '../run-history.js';

export interface SpecRunState {
  specFile: string;
  specId: string;
  /** The target's name under `targets:` when the spec compares several (absent for a one-target spec). */
  target?: string;
  /** The last run, whole or partial. */
  latest: RunResults;
  latestPath?: string;
  /** The last run of all the spec's cases (its summary is the spec's headline). */
  full?: RunResults;
  /** The last result of each case, from whichever run last ran it. */
  cases: Map<string, CaseResult>;
}

/** How far back to look for the last whole run when the latest one was partial. */
const LOOKBACK = 20;
/** A run writes its file and latest.json in quick succession: read once they settle. */
const RELOAD_DEBOUNCE_MS = 100;
/**
 * A reload that found nothing newer (the file a run of the editor's just wrote, or one it could not read) looks
 * once more this much later: a run writes its own file and then relinks latest.json, and when the reload falls
 * between the two and the watcher folds the second event into the first (seen once in CI, a CLI run over the
 * editor's, under load), no event would bring the newer latest.json.
 */
const CONFIRM_AFTER_MS = 1000;

export class ResultsState extends Disposable {
  /** By stateKey: the spec's, or one target's of a compared spec. */
  private readonly states = new Map<string, SpecRunState | null>();
  /** Every spec (or target of one) asked about, run or not: where a latest file from the CLI may belong. */
  private readonly known = new Map<string, { specFile: string; specId: string; target?: string }>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly loading = new Map<string, Promise<SpecRunState | undefined>>();
  /**
   * Latest files the editor's runs wrote, by path: the fingerprint of what was written and the run it holds.
   * The watcher reports each such write; a file that still matches is that run, already applied, and is not
   * read and parsed again (saved-digest.ts). A file changed since (the CLI, an edit) no longer matches.
   */
  private readonly written = new Map<string, { digest: SavedDigest; results: RunResults }>();
  /** How the latest files the watcher reported were taken (tests read it): read and parsed, or matched by digest. */
  readonly latestReloads = { parsed: 0, matched: 0 };
  private readonly emitter = this._register(new vscode.EventEmitter<string>());
  /** Fires with the spec file whose results changed. */
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly runs: RunHistory,
    runFiles: RunFilesWatcher,
  ) {
    super();
    this._register(runs.onDidChange((record) => {
      if (record.path && record.digest) this.written.set(record.path, { digest: record.digest, results: record.results });
      this.apply(record.specFile, record.results.spec.id, record.results, record.path);
    }));
    // Runs saved by the CLI: each event reloads the runs folders it may concern, debounced.
    this._register(runFiles.onDidChange((uri) => this.onDiskEvent(uri.fsPath)));
  }

  /** The loaded state of a spec, or of one of its targets (undefined when not loaded or never run). */
  get(specFile: string, target?: string): SpecRunState | undefined {
    return this.states.get(stateKey(specFile, target)) ?? undefined;
  }

  all(): SpecRunState[] {
    return [...this.states.values()].filter((s): s is SpecRunState => s !== null);
  }

  /**
   * Loads a spec's results from disk once (the latest run, and earlier ones back to the last whole run); with
   * `target`, those of that target of a spec that compares several.
   */
  ensure(specFile: string, specId: string, target?: string): Promise<SpecRunState | undefined> {
    const stateId = stateKey(specFile, target);
    this.known.set(stateId, { specFile, specId, ...(target === undefined ? {} : { target }) });
    const known = this.states.get(stateId);
    if (known !== undefined && (known === null || known.specId === specId)) return Promise.resolve(known ?? undefined);
    const key = `${stateId}\0${specId}`;
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.load(specFile, specId, target).finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }

  /** The loaded states of the named targets of a compared spec, in the order given (those never run left out). */
  ensureTargets(specFile: string, specId: string, targets: readonly string[]): Promise<SpecRunState[]> {
    return Promise.all(targets.map((t) => this.ensure(specFile, specId, t))).then((states) => states.filter((s): s is SpecRunState => s !== undefined));
  }

  /**
   * Records a run's results; partial runs merge into what is known. A run of one target of a compared spec
   * (it names its target) goes to that target's state.
   */
  apply(specFile: string, specId: string, results: RunResults, path?: string): void {
    const target = results.run.target?.name;
    const stateId = stateKey(specFile, target);
    const previous = this.states.get(stateId);
    const state: SpecRunState =
      previous && previous.specId === specId ? previous : { specFile, specId, ...(target === undefined ? {} : { target }), latest: results, cases: new Map() };
    // The same run again, or an older one: a subset run never replaces latest.json, so reading latest.json
    // after a subset run brings back the last whole run, which must not undo the newer subset's statuses.
    if (previous && previous.specId === specId && (sameRun(previous.latest, results) || startedBefore(results, previous.latest))) {
      if (path) state.latestPath = path;
      return;
    }
    const whole = !isSubsetRun(results);
    if (whole && results.run.complete) state.cases = new Map();
    for (const c of results.cases) state.cases.set(c.id, c);
    if (whole) state.full = results;
    state.latest = results;
    if (path) state.latestPath = path;
    this.states.set(stateId, state);
    this.emitter.fire(specFile);
  }

  /** Drops what is known of a spec and of its targets (its file was deleted or renamed). */
  forget(specFile: string): void {
    let dropped = false;
    for (const [key, known] of this.known) {
      if (known.specFile !== specFile) continue;
      this.known.delete(key);
      this.written.delete(latestRunFile(specFile, known.specId, known.target));
    }
    for (const [key, state] of this.states) {
      if (key !== specFile && !key.startsWith(`${specFile}\0`)) continue;
      this.states.delete(key);
      dropped ||= state !== null;
    }
    if (dropped) this.emitter.fire(specFile);
  }

  private async load(specFile: string, specId: string, target: string | undefined): Promise<SpecRunState | undefined> {
    const stateId = stateKey(specFile, target);
    const record = target === undefined ? await this.runs.latest(specFile, specId) : await this.latestOfTarget(specFile, specId, target);
    if (!record) {
      if (!this.states.get(stateId)) this.states.set(stateId, null);
      return undefined;
    }
    // A run may have been recorded while this was reading: that one is newer.
    const current = this.states.get(stateId);
    if (current && current.specId === specId) return current;
    const chain: RunResults[] = [record.results];
    if (isSubsetRun(record.results)) {
      const older = (await listRuns(specFile, specId)).reverse().slice(0, LOOKBACK);
      for (const path of older) {
        try {
          const run = await readSavedRun(path);
          // The runs folder of a compared spec holds every target's runs: only this target's count here.
          if (run.run.target?.name !== target || sameRun(run, record.results)) continue;
          chain.push(run);
          if (!isSubsetRun(run)) break;
        } catch {
          // a damaged or foreign file in the runs folder is skipped
        }
      }
    }
    for (const run of chain.reverse()) this.apply(specFile, specId, run, run === record.results ? record.path : undefined);
    return this.get(specFile, target);
  }

  /** A target's latest.<target>.json, when it reads as that target's run. */
  private async latestOfTarget(specFile: string, specId: string, target: string): Promise<{ results: RunResults; path: string } | undefined> {
    const path = latestRunFile(specFile, specId, target);
    try {
      const results = await readSavedRun(path);
      return results.run.target?.name === target ? { results, path } : undefined;
    } catch {
      return undefined; // never ran on this target, or a damaged file (readSavedRun's checks)
    }
  }

  /** A path under some .aispec folder changed: reload the runs folders of known specs it may concern. */
  private onDiskEvent(path: string): void {
    const change = runsChangeAt(path);
    if (!change) return;
    for (const [stateId, { specFile, specId, target }] of this.known) {
      if (!change.concerns(specFile, specId)) continue;
      clearTimeout(this.timers.get(stateId));
      this.timers.set(
        stateId,
        setTimeout(() => {
          this.timers.delete(stateId);
          void this.reloadLatest(stateId, specFile, specId, target);
        }, RELOAD_DEBOUNCE_MS),
      );
    }
  }

  private async reloadLatest(stateId: string, specFile: string, specId: string, target: string | undefined, confirming = false): Promise<void> {
    if (this.isDisposed || this.known.get(stateId)?.specId !== specId) return;
    const path = latestRunFile(specFile, specId, target);
    const mine = this.written.get(path);
    if (mine && (await fileHasDigest(path, mine.digest))) {
      // The file the run just wrote, unchanged: the same run as parsing it would give (apply ignores it again).
      this.latestReloads.matched++;
      if (!this.isDisposed && this.known.get(stateId)?.specId === specId && mine.results.spec.id === specId && mine.results.run.target?.name === target) this.apply(specFile, specId, mine.results, path);
      if (!confirming) this.confirmLater(stateId, specFile, specId, target);
      return;
    }
    // Another run's file now (or none): what this editor's run wrote there is not needed again.
    if (mine) this.written.delete(path);
    try {
      this.latestReloads.parsed++;
      const results = await readSavedRun(path);
      if (results.spec.id === specId && results.run.target?.name === target) this.apply(specFile, specId, results, path);
    } catch {
      // not there yet, half-written or foreign: a later event brings the whole file, or the look below
      if (!confirming) this.confirmLater(stateId, specFile, specId, target);
    }
  }

  /** One more look at a spec's latest.json a little later (CONFIRM_AFTER_MS says why); a new event supersedes it. */
  private confirmLater(stateId: string, specFile: string, specId: string, target: string | undefined): void {
    if (this.timers.has(stateId) || this.isDisposed) return;
    this.timers.set(
      stateId,
      setTimeout(() => {
        this.timers.delete(stateId);
        void this.reloadLatest(stateId, specFile, specId, target, true);
      }, CONFIRM_AFTER_MS),
    );
  }

  override dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    super.dispose();
  }
}

/** Where the state of a spec, or of one target of a compared spec, is kept. */
function stateKey(specFile: string, target: string | undefined): string {
  return target === undefined ? specFile : `${specFile}\0${target}`;
}

function startedBefore(a: RunResults, b: RunResults): boolean {
  const [ta, tb] = [Date.parse(a.run.started_at), Date.parse(b.run.started_at)];
  return Number.isFinite(ta) && Number.isFinite(tb) && ta < tb;
}

function sameRun(a: RunResults, b: RunResults): boolean {
  return a.run.id === b.run.id && a.run.started_at === b.run.started_at && a.cases.length === b.cases.length;
}
