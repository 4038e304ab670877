// The two saved runs `aispec review` compares when no results files are given: for head the latest full run
// (latest.json) when it was made with the spec as it is now; for base the newest full run made with the spec
// as it was at the base revision. "Made with" is the spec digest a run records, or for older runs the
// fingerprint of core/diff/run-matches-spec.ts; when the two versions share that fingerprint (only the prompt
// or wording changed), older runs cannot be assigned, and when no run could be, the review says so.
import { isSubsetRun, runMatchesSpec, versionsDistinguishable, type SpecSide } from '../core/index.js';
import type { RunResults } from '../shared/results.js';
import { latestRunFile, listRuns, readRun } from './run-store.js';

/** `side`: which run is missing, so the editor can offer to make it (null: neither can be made, or both). */
export type SavedRuns = { base: RunResults; head: RunResults } | { missing: string; side: 'base' | 'head' | null };

async function readOrNull(path: string): Promise<RunResults | null> {
  try {
    return await readRun(path);
  } catch {
    return null;
  }
}

/** `baseRun`: the base run the user chose (the editor's "Choose the base run"); then only head's is looked up. */
export async function savedRunsFor(specFile: string, base: SpecSide, head: SpecSide, baseRun?: RunResults): Promise<SavedRuns> {
  if (!head.exists) return { missing: 'The spec was deleted: there is no head run to compare.', side: null };
  if (!base.exists) return { missing: 'The spec is new: there is no base run to compare with.', side: null };
  const ambiguous = !versionsDistinguishable(base.spec, head.spec);
  const cannotTell = 'No run comparison: the saved runs cannot tell these two versions apart (they were made before results recorded the spec digest, and the versions differ only in what older results do not record, such as the prompt or the wording).';
  const headId = String((head.spec.frontmatter?.data as { id?: unknown } | undefined)?.id ?? '');
  const headRun = headId ? await readOrNull(latestRunFile(specFile, headId)) : null;
  if (!headRun || !runMatchesSpec(headRun, head.spec, head.digest, ambiguous)) {
    return { missing: headRun && ambiguous && !headRun.spec?.digest ? `${cannotTell} Run the eval again, or pass --head-results.` : 'No head run to compare: run `aispec eval` on the spec as it is now (or pass --head-results).', side: 'head' };
  }
  if (baseRun) return { base: baseRun, head: headRun };
  const baseId = String((base.spec.frontmatter?.data as { id?: unknown } | undefined)?.id ?? '');
  const paths = baseId ? (await listRuns(specFile, baseId)).reverse() : [];
  for (const path of paths) {
    const run = await readOrNull(path);
    if (run && !isSubsetRun(run) && run.run?.id !== headRun.run?.id && runMatchesSpec(run, base.spec, base.digest, ambiguous)) return { base: run, head: headRun };
  }
  return { missing: ambiguous ? `${cannotTell} Pass --base-results.` : 'No base run to compare with: no saved full run was made with the spec as it was at the base revision (pass --base-results).', side: 'base' };
}
