// What the editor knows of past runs: the latest results of each spec (CodeLens, gutter marks, Test
// Explorer, the results panel) and the list of earlier runs (pass-rate history). Runs come from disk
// (.aispec/runs/<id>/latest.json, also written by the CLI) and from runs the editor just finished. Files on
// disk are read through readSavedRun: one that is huge, too deep, not JSON or not shaped like a run (edited,
// or committed by a pull request) is skipped with a warning and never reaches CodeLens, marks or the panel.
import * as vscode from 'vscode';
import type { RunResults } from '../shared/results.js';
import { readPastRuns, readSavedRun, runsFolder } from '../node/run-store.js';
import type { SavedDigest } from '../node/saved-digest.js';
import { Disposable } from './dispose.js';
import type { RunFilesWatcher } from './run-files-watcher.js';

export interface RunRecord {
  specFile: string;
  results: RunResults;
  /** The saved file, when the run was saved. */
  path?: string;
  /**
   * Of a run the editor just saved: the length and CRC-32 of the file at `path` as it was written (taken of the
   * run's own file as it was written, of which latest.json is a hard link or a byte-for-byte copy).
   */
  digest?: SavedDigest;
}

export class RunHistory extends Disposable {
  private readonly latestBySpec = new Map<string, RunRecord | null>();
  private readonly emitter = this._register(new vscode.EventEmitter<RunRecord>());
  /** Fires when a spec has a new latest run. */
  readonly onDidChange = this.emitter.event;

  /** `onSkipped` hears of every file on disk that was not read as a run, with the reason. */
  constructor(
    runFiles: RunFilesWatcher,
    private readonly onSkipped: (path: string, reason: string) => void = () => {},
  ) {
    super();
    // Runs made by the CLI in a terminal show up too: anything new under a runs folder means reading again
    // (a folder event may stand for a latest.json the watcher missed).
    this._register(runFiles.onDidChange(() => this.latestBySpec.clear()));
  }

  /** Records a run the editor just made and tells every listener. */
  record(record: RunRecord): void {
    this.latestBySpec.set(record.specFile, record);
    this.emitter.fire(record);
  }

  /** The latest run of a spec, or undefined when it never ran. */
  async latest(specFile: string, specId: string): Promise<RunRecord | undefined> {
    const known = this.latestBySpec.get(specFile);
    if (known !== undefined) return known ?? undefined;
    const path = `${runsFolder(specFile, specId)}/latest.json`;
    try {
      const record = { specFile, results: await readSavedRun(path), path };
      this.latestBySpec.set(specFile, record);
      return record;
    } catch (error) {
      // No latest.json is the usual "never ran"; any other failure is a file worth a warning.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.onSkipped(path, (error as Error).message);
      this.latestBySpec.set(specFile, null);
      return undefined;
    }
  }

  /** Every saved run of a spec that reads as one, oldest first. */
  all(specFile: string, specId: string): Promise<RunResults[]> {
    return readPastRuns(specFile, specId, Infinity, this.onSkipped);
  }
}
