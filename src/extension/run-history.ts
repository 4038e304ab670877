// What the editor knows of past runs: the latest results of each spec (CodeLens, gutter marks, Test
// Explorer, the results panel) and the list of earlier runs (pass-rate history). Runs come from disk
// (.aispec/runs/<id>/latest.json, also written by the CLI) and from runs the editor just finished.
import * as vscode from 'vscode';
import type { RunResults } from '../shared/results.js';
import { listRuns, readRun, runsFolder } from '../node/run-store.js';
import { Disposable } from './dispose.js';
import type { RunFilesWatcher } from './run-files-watcher.js';

export interface RunRecord {
  specFile: string;
  results: RunResults;
  /** The saved file, when the run was saved. */
  path?: string;
}

export class RunHistory extends Disposable {
  private readonly latestBySpec = new Map<string, RunRecord | null>();
  private readonly emitter = this._register(new vscode.EventEmitter<RunRecord>());
  /** Fires when a spec has a new latest run. */
  readonly onDidChange = this.emitter.event;

  constructor(runFiles: RunFilesWatcher) {
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
      const record = { specFile, results: await readRun(path), path };
      this.latestBySpec.set(specFile, record);
      return record;
    } catch {
      this.latestBySpec.set(specFile, null);
      return undefined;
    }
  }

  /** Every saved run of a spec, oldest first. */
  async all(specFile: string, specId: string): Promise<RunResults[]> {
    const runs: RunResults[] = [];
    for (const path of await listRuns(specFile, specId)) {
      try {
        runs.push(await readRun(path));
      } catch {
        // a foreign or damaged file in the runs folder is skipped, not fatal
      }
    }
    return runs;
  }
}
