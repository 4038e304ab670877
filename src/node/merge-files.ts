// `aispec merge` from the shards' results files to the merged one without holding the shards' cases: each
// shard's cases are read one at a time (resultsFileCases), merged into spec order as they come (every shard
// lists its cases in spec order: a round-robin share of them), counted into the merged summary, and written
// to a case spill, from which the merged file is written once the summary is known. A merge of a million
// cases held every shard's parsed cases at once (1.33-1.45 GB); the streamed merge holds the summary's
// per-case lists, the ids seen and a megabyte of each shard.
//
// The merged file is the one mergeRuns gives from the same shards, byte for byte: the same order (equal
// places keep the shards' order, as mergeRuns's stable sort does), the same cases counted in the same order;
// from 10,000 cases on, written in place (case-spill.ts), it is the same JSON value, with spaces after the
// cases list's `[` (and, as any results file of that many, a case a line).
// A shard whose cases are not in spec order (a results file from elsewhere) is merged in memory instead.
import { dirname } from 'node:path';
import { mergeRuns, startRunMerge } from '../core/index.js';
import type { CaseResult, RunResults } from '../shared/results.js';
import { openSpill } from './case-spill.js';
import { resultsFileCases } from './results-file-read.js';
import { writeResultsFile } from './results-file-write.js';
import { MAX_SAVED_RUN_DEPTH, readRun, readRunSummary } from './run-store.js';

/** A shard's file could not be read: which, and why. */
export class ShardReadError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(reason);
  }
}

export interface MergedFile {
  /** The merged run, without its cases (they are in the file). */
  results: RunResults;
  cases: number;
  /** false when a shard's cases were out of spec order and the shards were merged in memory. */
  streamed: boolean;
}

/** Merges the runs in the results files `paths` into the results file `output`. Throws MergeError, ShardReadError. */
export async function mergeResultsFiles(paths: readonly string[], output: string): Promise<MergedFile> {
  const heads = await Promise.all(paths.map((path) => readShard(path, readRunSummary)));
  const streamed = await mergeStreamed(paths, heads, output);
  if (streamed) return { ...streamed, streamed: true };
  const merged = mergeRuns(await Promise.all(paths.map((path) => readShard(path, readRun))));
  await writeResultsFile(output, merged);
  const { cases, ...results } = merged;
  return { results: { ...results, cases: [] }, cases: cases.length, streamed: false };
}

async function readShard(path: string, read: (path: string) => Promise<RunResults>): Promise<RunResults> {
  try {
    return await read(path);
  } catch (error) {
    throw new ShardReadError(path, (error as Error).message);
  }
}

/** One shard's cases, read as they are needed: the case up next, and its place in the shard. */
interface ShardStream {
  index: number;
  path: string;
  cases: AsyncGenerator<unknown, unknown, undefined>;
  next: CaseResult | undefined;
}

/** The streamed merge, written to `output`; undefined (nothing written) when a shard's cases are out of spec order. */
async function mergeStreamed(paths: readonly string[], heads: RunResults[], output: string): Promise<Omit<MergedFile, 'streamed'> | undefined> {
  const merge = startRunMerge(heads);
  const streams: ShardStream[] = paths.map((path, index) => ({ index, path, cases: resultsFileCases(path, { maxDepth: MAX_SAVED_RUN_DEPTH }), next: undefined }));
  const advance = async (stream: ShardStream): Promise<boolean> => {
    let step: IteratorResult<unknown, unknown>;
    try {
      step = await stream.cases.next();
    } catch (error) {
      throw new ShardReadError(stream.path, (error as Error).message);
    }
    const before = stream.next;
    stream.next = step.done ? undefined : (step.value as CaseResult);
    if (stream.next) merge.addToShard(stream.next, stream.index);
    return !(before && stream.next && merge.compare(stream.next, before) < 0);
  };
  // As a saved run does (run-spec.ts): a merge of many cases writes them into the merged file itself.
  const total = heads.reduce((n, head) => n + (head.summary?.total ?? 0), 0);
  const spill = openSpill(dirname(output), total);
  let count = 0;
  try {
    for (const stream of streams) await advance(stream);
    for (;;) {
      // The smallest case up next; of equal ones, the earlier shard's. A linear pick: shards number a few dozen at most.
      let smallest: ShardStream | undefined;
      for (const stream of streams) {
        if (stream.next && (!smallest || merge.compare(stream.next, smallest.next!) < 0)) smallest = stream;
      }
      if (!smallest) break;
      merge.add(smallest.next!);
      spill.add(smallest.next!);
      count++;
      if (!(await advance(smallest))) return undefined;
    }
    const results = merge.finish();
    await writeResultsFile(output, results, spill);
    return { results, cases: count };
  } finally {
    await spill.remove();
    await Promise.all(streams.map((stream) => stream.cases.return(undefined)));
  }
}
