// `aispec merge SHARD.json... -o RESULTS.json`: join the shards of one spec's run (from --shard i/n on
// several CI machines) into one results file; every number is recomputed from the cases.
import { resolve } from 'node:path';
import { MergeError, mergeRuns } from '../core/index.js';
import { writeResultsFile } from '../node/results-file-write.js';
import { readRun } from '../node/run-store.js';
import { parseCommandArgs, printHelp } from './command-args.js';
import { exitCodeFor, MERGE_HELP, UsageError } from './usage.js';

export async function mergeCommand(argv: string[], cwd: string): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { output: { type: 'string', short: 'o' } });
  if (values.help) return printHelp(MERGE_HELP);
  if (positionals.length < 2) throw new UsageError('aispec merge takes two or more results files.');
  if (!values.output) throw new UsageError('aispec merge needs -o FILE for the merged results.');
  const parts = await Promise.all(
    positionals.map((p) =>
      readRun(resolve(cwd, p)).catch((e: Error) => {
        throw new UsageError(`cannot read ${p}: ${e.message}`);
      }),
    ),
  );
  let merged;
  try {
    merged = mergeRuns(parts);
  } catch (error) {
    if (error instanceof MergeError) throw new UsageError(error.message);
    throw error;
  }
  await writeResultsFile(resolve(cwd, values.output), merged);
  process.stderr.write(`merged ${parts.length} shards, ${merged.cases.length} cases: pass rate ${merged.summary.pass_rate ?? 'n/a'}, verdict ${merged.summary.verdict}\n`);
  return exitCodeFor(merged.summary.verdict);
}
