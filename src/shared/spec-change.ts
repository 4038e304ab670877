// What the results panel's Spec change view shows (the editor's "Compare with Base Branch"): the spec diff of
// the base branch's version against the working file, computed by the core's diffSpecs (the JSON `aispec diff
// --format json` writes), and the run comparison of a saved run of each version when both are at hand
// (diffRuns), or why not. Types only.
import type { RunDiff } from './run-diff.js';
import type { SpecDiff } from './spec-diff.js';

/** Which side of the comparison: the base branch's version, or the working file. */
export type ChangeSide = 'base' | 'head';

export type SpecChangeRuns =
  | { diff: RunDiff }
  /** Why there is no comparison; `side`: the run that is missing, so the view can offer to make or pick it. */
  | { missing: string; side: ChangeSide | null };

export interface SpecChangeData {
  format: 'aispec-spec-change';
  /** The base as chosen (`origin/main`) and the commit it named when compared. */
  base: { revision: string; commit: string };
  /** The spec's path in the repository (`specs/a.aispec.md`). */
  path: string;
  spec: SpecDiff;
  runs: SpecChangeRuns;
}
