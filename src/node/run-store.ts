// Runs on disk: .aispec/runs/<spec id>/<run id>.json with latest.json beside it, each written atomically
// (temp file + rename), so a reader never sees half a file and a crash never corrupts the last good run.
// A spec that compares several targets (`targets:`) saves one run per target, named in `run.target.name`,
// and a latest file per target, latest.<target>.json: latest.json stays the file of a one-target spec.
// What is in a runs folder is also whatever was put there (edited, cut short, committed in a pull request):
// the editor and the history read it only through readSavedRun, which bounds and checks it.
import { promises as fsp } from 'node:fs';
import { dirname, join } from 'node:path';
import { removeAbandonedTempFiles } from './temp-files.js';
import { writeFileAtomic } from './atomic-write.js';
import { isSubsetRun } from '../core/index.js';
import type { CaseResult, RunResults } from '../shared/results.js';
import { aispecDir, createAispecFolder, safeName } from './project-paths.js';
import { readResultsJson, resultsFileCases } from './results-file-read.js';
import { linkOrCopyFileAtomic, writeResultsFile, type SpilledItems } from './results-file-write.js';
import type { SavedDigest } from './saved-digest.js';

export function runsFolder(specFile: string, specId: string): string {
  return join(aispecDir(specFile), 'runs', safeName(specId));
}

/** Which specs' runs a changed path may concern: see runsChangeAt. */
export interface RunsChange {
  /** The path is above the runs folders (not inside one spec's): it concerns every spec whose runs are kept there. */
  readonly aboveRunsFolders: boolean;
  /** Whether the runs of the spec `specFile` (whose id is `specId`) may have changed. */
  concerns(specFile: string, specId: string): boolean;
}

/** `<…>/.aispec` (the last on the path), then `runs` and one spec's runs folder name as far as the path goes. */
const RUNS_PATH = /^(.*[\\/]\.aispec)(?:[\\/]runs(?:[\\/]([^\\/]+))?)?(?:[\\/]|$)/;

/**
 * A path under an .aispec folder that changed (as RunFilesWatcher reports: a run's file, a runs folder, the
 * .aispec folder itself), and the specs whose runs it may concern. Inside a runs folder (`.aispec/runs/<id>`
 * or below it): the one spec whose runs folder that is. The .aispec or runs folder itself (made by a project's
 * first run before any file in it), or anything else under .aispec: every spec whose runs are kept under that
 * .aispec folder. Undefined for a path under no .aispec folder.
 */
export function runsChangeAt(path: string): RunsChange | undefined {
  const match = RUNS_PATH.exec(path);
  if (!match) return undefined;
  const aispec = match[1]!;
  const folderName = match[2];
  return {
    aboveRunsFolders: folderName === undefined,
    concerns(specFile, specId) {
      const folder = runsFolder(specFile, specId);
      return dirname(dirname(folder)) === aispec && (folderName === undefined || folder === join(aispec, 'runs', folderName));
    },
  };
}

/** The latest run of the whole spec, or of one of its targets when it compares several. */
export function latestRunFile(specFile: string, specId: string, targetName?: string): string {
  return join(runsFolder(specFile, specId), latestName(targetName));
}

function latestName(targetName: string | undefined): string {
  return targetName === undefined ? 'latest.json' : `latest.${safeName(targetName)}.json`;
}

/** latest.json and every latest.<target>.json: copies of runs, not runs of their own. */
function isLatestFile(name: string): boolean {
  return name === 'latest.json' || (name.startsWith('latest.') && name.endsWith('.json'));
}

/**
 * Saves a run. latest.json is the latest run of the WHOLE spec: a subset (--tag, --case, --failed,
 * --shard) is saved beside it but never replaces it, so `--failed`, the editor's CodeLens and the history
 * keep reading the spec's own latest result. `latest` is absent when it was not written.
 * The run is written as a stream (results-file-write.ts) and latest.json is a second name of the finished file
 * (a hard link; a copy where the file system has none, `latestBy` says which, for the tests): the results never exist as one
 * string, however many cases they hold, and are written once. `digest` is the run file's length and CRC-32,
 * taken as it was written, and so latest.json's too (the same bytes, linked or copied). Then the temp files a
 * killed run left in the folder are removed (temp-files.ts).
 */
export async function saveRun(specFile: string, results: RunResults, spilled?: SpilledItems): Promise<{ path: string; digest: SavedDigest; latest?: string; latestBy?: 'link' | 'copy' }> {
  const folder = runsFolder(specFile, results.spec.id);
  await createAispecFolder(specFile, folder);
  const path = join(folder, `${safeName(results.run.id)}.json`);
  const digest = await writeResultsFile(path, results, spilled);
  removeAbandonedTempFiles(folder);
  if (isSubsetRun(results)) return { path, digest };
  const latest = join(folder, latestName(results.run.target?.name));
  const latestBy = await linkOrCopyFileAtomic(path, latest);
  return { path, digest, latest, latestBy };
}


/** Reports (--json, --junit, --markdown) are written atomically too: CI never uploads half a file. */
export async function writeTextAtomic(path: string, text: string): Promise<void> {
  await fsp.mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, text, 'utf8');
}

/**
 * A results file the user named (--baseline, aispec merge, diff, review): any size, read a case at a time, so
 * a merged run of a million cases reads as well as a small one; nested at most MAX_SAVED_RUN_DEPTH deep.
 */
export async function readRun(path: string): Promise<RunResults> {
  const data = (await readResultsJson(path, { maxDepth: MAX_SAVED_RUN_DEPTH })) as RunResults;
  if (data?.format !== 'aispec-results') throw new Error(`${path} is not an aispec results file (no "format": "aispec-results").`);
  return data;
}

/**
 * A run's summary without its cases (the `cases` list comes back empty): its cases are scanned, never parsed
 * or kept, so the rates of a million-case run cost a read of the file and little memory. For last-run rates.
 */
export async function readRunSummary(path: string): Promise<RunResults> {
  const data = (await readResultsJson(path, { maxDepth: MAX_SAVED_RUN_DEPTH, cases: false })) as RunResults;
  if (data?.format !== 'aispec-results') throw new Error(`${path} is not an aispec results file (no "format": "aispec-results").`);
  return data;
}

/**
 * Largest saved run file the editor and the run history read (bytes); a larger one is skipped unread. The
 * editor reads every past run of a spec for its history, from a folder a pull request may have filled, so
 * this stays where parsed runs cannot exhaust the extension host: a run of 100,000 short cases (113 MB) fits.
 */
export const MAX_SAVED_RUN_BYTES = 128 * 1024 * 1024;
/**
 * Largest latest run `aispec eval --failed` and `--reuse-outputs` read (bytes): a run the person asked to
 * re-run, one file, of up to about a million short cases (1.1 GB). Runs are read a case at a time, so the
 * bound is on what the parsed cases take in memory, not on a string.
 */
export const MAX_RERUN_SAVED_RUN_BYTES = 1536 * 1024 * 1024;
/** Deepest nesting a saved run may have: a case's values are bounded at 64 levels, the results wrap them in a few more. */
export const MAX_SAVED_RUN_DEPTH = 128;

/**
 * A run from a runs folder, read as a file anyone may have written: at most `maxBytes` (checked before
 * reading; MAX_SAVED_RUN_BYTES unless a re-run asks for more), nested at most MAX_SAVED_RUN_DEPTH deep
 * (checked as it is read, a case at a time), JSON, and shaped like a
 * run in everything the editor and the history read of it (see savedRunProblem). Otherwise it rejects with
 * an Error whose message is one short line saying why.
 */
export async function readSavedRun(path: string, maxBytes = MAX_SAVED_RUN_BYTES): Promise<RunResults> {
  const data = await readResultsJson(path, { maxBytes, maxDepth: MAX_SAVED_RUN_DEPTH });
  const problem = savedRunProblem(data);
  if (problem) throw new Error(problem);
  return data as RunResults;
}

/**
 * A run from a runs folder, read and checked as readSavedRun reads it, but a case at a time: each case, once
 * checked, goes to `onCase` and is not kept, and the run comes back with an empty `cases` list. For a re-run
 * that needs little of each case (`--failed`: the ids of the cases that did not pass), so a million-case run
 * is not held whole to find them (1.87 GB peak, against the run's own 1.2 GB).
 */
export async function readSavedRunCases(path: string, maxBytes: number, onCase: (c: CaseResult) => void): Promise<RunResults> {
  // The run's own parts first (without its cases: a large file's head and tail), so a file that is not a run
  // is refused before any case is read, with the message readSavedRun gives.
  const run = await readResultsJson(path, { maxBytes, maxDepth: MAX_SAVED_RUN_DEPTH, cases: false });
  const problem = savedRunProblem(run);
  if (problem) throw new Error(problem);
  let index = 0;
  for await (const c of resultsFileCases(path, { maxBytes, maxDepth: MAX_SAVED_RUN_DEPTH })) {
    const fault = caseProblem(c);
    if (fault) throw new Error(`case ${index + 1} ${fault}`);
    index++;
    onCase(c as CaseResult);
  }
  return run as RunResults;
}

/**
 * The last `limit` past runs of a spec (of one of its targets, by name, when it compares several) that can
 * be read, oldest first, for the pass-rate history. A file in
 * the runs folder that is not a well-formed run (cut short, edited, planted by a pull request) is skipped
 * and passed to `onSkipped` with the reason, so one bad file neither breaks the report nor goes unnoticed.
 */
export async function readPastRuns(specFile: string, specId: string, limit: number, onSkipped: (path: string, reason: string) => void, targetName?: string): Promise<RunResults[]> {
  const runs: RunResults[] = [];
  // A compared spec's folder holds every target's runs: the last `limit` files, then this target's of them.
  for (const path of (await listRuns(specFile, specId)).slice(-limit)) {
    try {
      const run = await readSavedRun(path);
      if (run.run.target?.name === targetName) runs.push(run);
    } catch (error) {
      onSkipped(path, firstLine((error as Error).message));
    }
  }
  return runs;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What keeps parsed JSON from being a saved run the readers can use, or undefined when nothing does: the
 * format mark, spec.id, run.id and run.started_at, the summary and its gates, and for every case
 * its id and status, and a file, line and reason of the right type where it has them (the editor puts marks
 * at them and shows the reason).
 */
export function savedRunProblem(data: unknown): string | undefined {
  if (!isObject(data)) return 'it is not a JSON object';
  if (data.format !== 'aispec-results') return 'it is not an aispec results file (no "format": "aispec-results")';
  if (!isObject(data.spec) || typeof data.spec.id !== 'string') return 'it has no "spec" object with a string "id"';
  if (!isObject(data.run)) return 'it has no "run" object';
  if (typeof data.run.id !== 'string' || typeof data.run.started_at !== 'string') return 'its "run" has no string "id" and "started_at"';
  if (!isObject(data.summary)) return 'it has no "summary" object';
  const gates = data.summary.gates;
  if (gates !== undefined && !(Array.isArray(gates) && gates.every(isObject))) return 'its "summary.gates" is not a list of objects';
  if (!Array.isArray(data.cases)) return 'it has no "cases" list';
  for (const [index, c] of data.cases.entries()) {
    const fault = caseProblem(c);
    if (fault) return `case ${index + 1} ${fault}`;
  }
  return undefined;
}

function caseProblem(c: unknown): string | undefined {
  if (!isObject(c)) return 'is not an object';
  if (typeof c.id !== 'string' || typeof c.status !== 'string') return 'has no string "id" and "status"';
  if (c.file !== undefined && typeof c.file !== 'string') return 'has a "file" that is not a string';
  if (c.line !== undefined && !Number.isSafeInteger(c.line)) return 'has a "line" that is not a whole number';
  if (c.reason !== undefined && typeof c.reason !== 'string') return 'has a "reason" that is not a string';
  return undefined;
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.slice(0, 200);
}

/** Past runs of a spec, oldest first (for the pass-rate history). */
export async function listRuns(specFile: string, specId: string): Promise<string[]> {
  const folder = runsFolder(specFile, specId);
  try {
    const names = await fsp.readdir(folder);
    return names.filter((n) => n.endsWith('.json') && !isLatestFile(n)).sort().map((n) => join(folder, n));
  } catch {
    return [];
  }
}
