// What a results panel shows for a spec: its latest run, the saved runs as pass-rate history, and the
// comparison with a baseline run (by default the run before the latest), computed by the core's diffRuns.
// For a spec with several targets: every target's latest run compared by the core's comparisonResults (the
// Compare view), or one target's latest run with that target's history and baseline.
import { isAbsolute, relative, resolve } from 'node:path';
import { comparisonResults, diffRuns, historyOf, type TargetRun } from '../../core/index.js';
import { projectRoot } from '../../node/project-paths.js';
import { latestRunFile, readPastRuns, readSavedRun } from '../../node/run-store.js';
import type { ComparisonResults } from '../../shared/comparison.js';
import type { PanelData, PanelSource } from '../../shared/messages.js';
import type { RunResults } from '../../shared/results.js';

/** The slice of RunHistory this needs (so tests can hand in a fake). */
export interface RunSource {
  latest(specFile: string, specId: string): Promise<{ results: RunResults; path?: string } | undefined>;
  all(specFile: string, specId: string): Promise<RunResults[]>;
}

/** `undefined`: the default baseline (the previous run); `null`: none; a string: that saved run's id. */
export type BaselineChoice = string | null | undefined;

export async function loadPanelData(runs: RunSource, source: PanelSource, baseline: BaselineChoice): Promise<PanelData | null> {
  const latest = await runs.latest(source.specFile, source.specId);
  if (!latest) return null;
  return panelDataOf(latest.results, await runs.all(source.specFile, source.specId), baseline);
}

/** The run, its history among the saved runs, and its diff with the chosen baseline among them. */
function panelDataOf(head: RunResults, saved: readonly RunResults[], baseline: BaselineChoice): PanelData {
  const others = saved.filter((r) => r.run?.id !== head.run?.id);
  let base: RunResults | undefined;
  if (baseline === undefined) {
    // The most recent run that started before this one.
    base = others.filter((r) => (r.run?.started_at ?? '') < (head.run?.started_at ?? '')).at(-1);
  } else if (baseline !== null) {
    base = others.find((r) => r.run?.id === baseline);
  }
  return {
    results: head,
    diff: base ? diffRuns(base, head) : null,
    baselineRunId: base?.run?.id ?? null,
    history: historyOf(saved, head),
  };
}

/** The runs of one target of a spec that compares several (so tests can hand in a fake). */
export interface TargetRunSource {
  /** The target's latest run (latest.<target>.json), or undefined when it never ran. */
  latest(specFile: string, specId: string, target: string): Promise<RunResults | undefined>;
  /** The target's saved runs, oldest first. */
  all(specFile: string, specId: string, target: string): Promise<RunResults[]>;
}

/**
 * The target runs on disk, read through readSavedRun (bounded and checked, as every saved run the editor
 * reads); a file that is not a well-formed run is reported to `onSkipped` and treated as absent.
 */
export function savedTargetRuns(onSkipped: (path: string, reason: string) => void): TargetRunSource {
  return {
    async latest(specFile, specId, target) {
      const path = latestRunFile(specFile, specId, target);
      try {
        return await readSavedRun(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') onSkipped(path, (error as Error).message);
        return undefined;
      }
    },
    all: (specFile, specId, target) => readPastRuns(specFile, specId, Infinity, onSkipped, target),
  };
}

/** Every target's latest run and their comparison, in the spec's order; null when no target ran yet. */
export async function loadComparisonData(runs: TargetRunSource, source: PanelSource, targets: readonly string[]): Promise<ComparisonResults | null> {
  const found: TargetRun[] = [];
  for (const name of targets) {
    const results = await runs.latest(source.specFile, source.specId, name);
    if (results) found.push({ name, results });
  }
  return found.length ? comparisonResults(found) : null;
}

/** One target's latest run, with that target's history and baseline, marked as part of the comparison. */
export async function loadTargetPanelData(runs: TargetRunSource, source: PanelSource, target: string, targets: readonly string[], baseline: BaselineChoice): Promise<PanelData | null> {
  const head = await runs.latest(source.specFile, source.specId, target);
  if (!head) return null;
  return { ...panelDataOf(head, await runs.all(source.specFile, source.specId, target), baseline), comparedTargets: [...targets] };
}

/**
 * The absolute path of a case's file, or null when it would leave the project: the results name files
 * relative to the project root, and a hand-edited results file must not open arbitrary paths.
 */
export function caseFilePath(specFile: string, file: string): string | null {
  if (typeof file !== 'string' || file === '' || file.includes('\0')) return null;
  const root = projectRoot(specFile);
  const path = resolve(root, file);
  const rel = relative(root, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null;
  return path;
}
