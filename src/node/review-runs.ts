// The two saved runs `aispec review` compares when no results files are given: for head the latest full run
// (latest.json) when it was made with the spec as it is now; for base the newest full run made with the spec
// as it was at the base revision. "Made with" is the spec digest a run records, or for older runs the
// fingerprint of core/diff/run-matches-spec.ts; when the two versions share that fingerprint (only the prompt
// or wording changed), older runs cannot be assigned, and when no run could be, the review says so.
//
// The runs are found by their summaries (for a large run, its head and tail: see readRunSummary), and only a
// run without a digest is read whole, for the case ids its fingerprint holds; the caller compares the two
// files a case at a time (diffResultsFiles). Reading every candidate whole held a million-case run's parsed
// cases (~1.3 GB) per file looked at.
import { isSubsetRun, runMatchesSpec, versionsDistinguishable, type SpecSide } from '../core/index.js';
import type { RunResults } from '../shared/results.js';
import type { RunDiff } from '../shared/run-diff.js';
import { diffResultsFiles, RunFileReadError } from './diff-files.js';
import { latestRunFile, listRuns, readRun, readRunSummary } from './run-store.js';

/** The two runs' results files; `side`: which run is missing, so the editor can offer to make it (null: neither can be made, or both). */
export type SavedRuns = { base: string; head: string } | { missing: string; side: 'base' | 'head' | null };

/** The run at `path` as far as matching it with `version` needs: without its cases when it records a digest to match by. */
async function readForMatching(path: string, version: SpecSide): Promise<RunResults | null> {
  try {
    const summary = await readRunSummary(path);
    return typeof summary.spec?.digest === 'string' && version.digest !== undefined ? summary : await readRun(path);
  } catch {
    return null;
  }
}

/** `baseRunFile`: the base run the user chose (the editor's "Choose the base run"); then only head's is looked up. */
export async function savedRunsFor(specFile: string, base: SpecSide, head: SpecSide, baseRunFile?: string): Promise<SavedRuns> {
  if (!head.exists) return { missing: 'The spec was deleted: there is no head run to compare.', side: null };
  if (!base.exists) return { missing: 'The spec is new: there is no base run to compare with.', side: null };
  const ambiguous = !versionsDistinguishable(base.spec, head.spec);
  const cannotTell = 'No run comparison: the saved runs cannot tell these two versions apart (they were made before results recorded the spec digest, and the versions differ only in what older results do not record, such as the prompt or the wording).';
  const headId = String((head.spec.frontmatter?.data as { id?: unknown } | undefined)?.id ?? '');
  const headFile = headId ? latestRunFile(specFile, headId) : '';
  const headRun = headId ? await readForMatching(headFile, head) : null;
  if (!headRun || !runMatchesSpec(headRun, head.spec, head.digest, ambiguous)) {
    return { missing: headRun && ambiguous && !headRun.spec?.digest ? `${cannotTell} Run the eval again, or pass --head-results.` : 'No head run to compare: run `aispec eval` on the spec as it is now (or pass --head-results).', side: 'head' };
  }
  if (baseRunFile) return { base: baseRunFile, head: headFile };
  const baseId = String((base.spec.frontmatter?.data as { id?: unknown } | undefined)?.id ?? '');
  const paths = baseId ? (await listRuns(specFile, baseId)).reverse() : [];
  for (const path of paths) {
    const run = await readForMatching(path, base);
    if (run && !isSubsetRun(run) && run.run?.id !== headRun.run?.id && runMatchesSpec(run, base.spec, base.digest, ambiguous)) return { base: path, head: headFile };
  }
  return { missing: ambiguous ? `${cannotTell} Pass --base-results.` : 'No base run to compare with: no saved full run was made with the spec as it was at the base revision (pass --base-results).', side: 'base' };
}

/** The comparison of the saved runs savedRunsFor finds, read a case at a time; or why there is none. */
export async function savedRunsDiff(specFile: string, base: SpecSide, head: SpecSide, baseRunFile?: string): Promise<{ diff: RunDiff } | Extract<SavedRuns, { missing: string }>> {
  const saved = await savedRunsFor(specFile, base, head, baseRunFile);
  if ('missing' in saved) return saved;
  try {
    return { diff: await diffResultsFiles(saved.base, saved.head) };
  } catch (error) {
    // Its summary read, a case further on did not (a file cut or edited in the middle): said, as a run missing.
    if (!(error instanceof RunFileReadError)) throw error;
    return { missing: `The ${error.path === saved.head ? 'head' : 'base'} run ${error.path} cannot be read: ${error.message}`, side: error.path === saved.head ? 'head' : 'base' };
  }
}
