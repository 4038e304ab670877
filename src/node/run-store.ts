// Runs on disk: .aispec/runs/<spec id>/<run id>.json with latest.json beside it, each written atomically
// (temp file + rename), so a reader never sees half a file and a crash never corrupts the last good run.
// A spec that compares several targets (`targets:`) saves one run per target, named in `run.target.name`,
// and a latest file per target, latest.<target>.json: latest.json stays the file of a one-target spec.
// What is in a runs folder is also whatever was put there (edited, cut short, committed in a pull request):
// the editor and the history read it only through readSavedRun, which bounds and checks it.
import { mkdir, open, readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { isSubsetRun, jsonDepthExceeded, megabytes } from '../core/index.js';
import type { RunResults } from '../shared/results.js';
import { aispecDir, createAispecFolder, safeName } from './project-paths.js';

export function runsFolder(specFile: string, specId: string): string {
  return join(aispecDir(specFile), 'runs', safeName(specId));
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
 */
export async function saveRun(specFile: string, results: RunResults): Promise<{ path: string; latest?: string }> {
  const folder = runsFolder(specFile, results.spec.id);
  await createAispecFolder(specFile, folder);
  const text = `${JSON.stringify(results, null, 2)}\n`;
  const path = join(folder, `${safeName(results.run.id)}.json`);
  await writeFileAtomic(path, text, 'utf8');
  if (isSubsetRun(results)) return { path };
  const latest = join(folder, latestName(results.run.target?.name));
  await writeFileAtomic(latest, text, 'utf8');
  return { path, latest };
}


/** Reports (--json, --junit, --markdown) are written atomically too: CI never uploads half a file. */
export async function writeTextAtomic(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, text, 'utf8');
}

export async function readRun(path: string): Promise<RunResults> {
  const data = JSON.parse(await readFile(path, 'utf8')) as RunResults;
  if (data?.format !== 'aispec-results') throw new Error(`${path} is not an aispec results file (no "format": "aispec-results").`);
  return data;
}

/** Largest saved run file the editor and the run history read (bytes); a larger one is skipped unread. */
export const MAX_SAVED_RUN_BYTES = 128 * 1024 * 1024;
/** Deepest nesting a saved run may have: a case's values are bounded at 64 levels, the results wrap them in a few more. */
export const MAX_SAVED_RUN_DEPTH = 128;

/**
 * A run from a runs folder, read as a file anyone may have written: at most MAX_SAVED_RUN_BYTES (checked
 * before reading), nested at most MAX_SAVED_RUN_DEPTH deep (checked before parsing), JSON, and shaped like a
 * run in everything the editor and the history read of it (see savedRunProblem). Otherwise it rejects with
 * an Error whose message is one short line saying why.
 */
export async function readSavedRun(path: string): Promise<RunResults> {
  const handle = await open(path, 'r');
  let text: string;
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new Error('it is not a file');
    if (info.size > MAX_SAVED_RUN_BYTES) throw new Error(`it is ${megabytes(info.size)} MB; a saved run is read up to ${megabytes(MAX_SAVED_RUN_BYTES)} MB`);
    text = await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
  const deep = jsonDepthExceeded(text, MAX_SAVED_RUN_DEPTH);
  if (deep >= 0) throw new Error(`it nests deeper than ${MAX_SAVED_RUN_DEPTH} levels (at character ${deep})`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`it is not JSON (${firstLine((error as Error).message)})`);
  }
  const problem = savedRunProblem(data);
  if (problem) throw new Error(problem);
  return data as RunResults;
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
    const names = await readdir(folder);
    return names.filter((n) => n.endsWith('.json') && !isLatestFile(n)).sort().map((n) => join(folder, n));
  } catch {
    return [];
  }
}
