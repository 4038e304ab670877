// Runs on disk: .aispec/runs/<spec id>/<run id>.json with latest.json beside it, each written atomically
// (temp file + rename), so a reader never sees half a file and a crash never corrupts the last good run.
// A spec that compares several targets (`targets:`) saves one run per target, named in `run.target.name`,
// and a latest file per target, latest.<target>.json: latest.json stays the file of a one-target spec.
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { isSubsetRun } from '../core/index.js';
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
      const run = await readRun(path);
      const problem = historyProblem(run);
      if (problem) onSkipped(path, problem);
      else if (run.run.target?.name === targetName) runs.push(run);
    } catch (error) {
      onSkipped(path, firstLine((error as Error).message));
    }
  }
  return runs;
}

/** What keeps a parsed results file from being a point of the history, or undefined when nothing does. */
function historyProblem(run: RunResults): string | undefined {
  const info: unknown = run.run;
  if (typeof info !== 'object' || info === null) return 'it has no "run" object';
  const { id, started_at: startedAt } = info as { id?: unknown; started_at?: unknown };
  if (typeof id !== 'string' || typeof startedAt !== 'string') return 'its "run" has no string "id" and "started_at"';
  if (typeof run.summary !== 'object' || run.summary === null) return 'it has no "summary" object';
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
