// Two results files compared (`aispec diff BASE.json HEAD.json`, `aispec review --base-results/--head-results`)
// without holding either run's cases: the base file's cases are read one at a time and reduced to what a
// pairing needs (startRunDiff keeps each one's verdict and reason, never its output), then the head file's
// cases are paired with them as they are read, and only the flipped ones are kept. Reading both runs whole
// held every parsed case of both at once: two million-case runs, ~1.3 GB each.
import { startRunDiff, type RunDiffBuilder } from '../core/index.js';
import type { CaseResult, RunResults } from '../shared/results.js';
import type { RunDiff } from '../shared/run-diff.js';
import { resultsFileCases } from './results-file-read.js';
import { MAX_SAVED_RUN_DEPTH, readRunSummary } from './run-store.js';

/** A results file could not be read: which, and why. */
export class RunFileReadError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(reason);
  }
}

/** diffRuns of the runs in the results files at `basePath` and `headPath`. Throws RunFileReadError. */
export async function diffResultsFiles(basePath: string, headPath: string): Promise<RunDiff> {
  // Both files are known to be results files before either's cases are read: a wrong or missing head file
  // is reported at once, not after a million base cases. Without the cases this reads little of a large file.
  await Promise.all([basePath, headPath].map((path) => reading(path, () => readRunSummary(path))));
  const diff = startRunDiff();
  const base = await readBaseRun(basePath, diff);
  const head = await reading(headPath, () => eachCase(headPath, (c) => diff.addHead(c)));
  return diff.finish(base, head);
}

/**
 * The results file at `path` read into `diff` as its base run, a case at a time (`aispec eval --baseline`,
 * whose head cases are added as they are graded): the run's other parts. Throws RunFileReadError.
 */
export async function readBaseRun(path: string, diff: RunDiffBuilder): Promise<RunResults> {
  return await reading(path, () => eachCase(path, (c) => diff.addBase(c)));
}

async function reading<T>(path: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw new RunFileReadError(path, (error as Error).message);
  }
}

/** Passes each case of the results file at `path` to `add`, in the file's order; the run's other parts. */
async function eachCase(path: string, add: (c: CaseResult) => void): Promise<RunResults> {
  const cases = resultsFileCases(path, { maxDepth: MAX_SAVED_RUN_DEPTH });
  try {
    for (;;) {
      const step = await cases.next();
      if (step.done) {
        const run = step.value as RunResults | null;
        // Checked here as well: eval --baseline reads no summary first, and a file replaced since its
        // summary was read is checked again.
        if (run?.format !== 'aispec-results') throw new Error(`${path} is not an aispec results file (no "format": "aispec-results").`);
        return run;
      }
      add(step.value as CaseResult);
    }
  } finally {
    await cases.return(undefined); // closes the file when `add` threw
  }
}
