// `aispec merge SHARD.json... -o RESULTS.json`: join the shards of one spec's run (from --shard i/n on
// several CI machines) into one results file; every number is recomputed from the cases.
import { resolve } from 'node:path';
import { MergeError } from '../core/index.js';
import { mergeResultsFiles, ShardReadError } from '../node/merge-files.js';
import { parseCommandArgs, printHelp } from './command-args.js';
import { exitCodeFor, MERGE_HELP, UsageError } from './usage.js';
import { writeStderr } from './direct-output.js';

export async function mergeCommand(argv: string[], cwd: string): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { output: { type: 'string', short: 'o' } });
  if (values.help) return printHelp(MERGE_HELP);
  if (positionals.length < 2) throw new UsageError('aispec merge takes two or more results files.');
  if (!values.output) throw new UsageError('aispec merge needs -o FILE for the merged results.');
  const paths = positionals.map((p) => resolve(cwd, p));
  let merged;
  try {
    // The shards' cases are streamed from their files into the merged file, never all held (merge-files.ts).
    merged = await mergeResultsFiles(paths, resolve(cwd, values.output));
  } catch (error) {
    if (error instanceof ShardReadError) throw new UsageError(`cannot read ${positionals[paths.indexOf(error.path)] ?? error.path}: ${error.message}`);
    if (error instanceof MergeError) throw new UsageError(error.message);
    throw error;
  }
  const { results, cases } = merged;
  writeStderr(`merged ${positionals.length} shards, ${cases} cases: pass rate ${results.summary.pass_rate ?? 'n/a'}, verdict ${results.summary.verdict}\n`);
  return exitCodeFor(results.summary.verdict);
}
