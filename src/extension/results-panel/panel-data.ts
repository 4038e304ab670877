// What a results panel shows for a spec: its latest run, the saved runs as pass-rate history, and the
// comparison with a baseline run (by default the run before the latest), computed by the core's diffRuns.
import { isAbsolute, relative, resolve } from 'node:path';
import { diffRuns, historyOf } from '../../core/index.js';
import { projectRoot } from '../../node/project-paths.js';
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
  const head = latest.results;
  const saved = await runs.all(source.specFile, source.specId);
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
