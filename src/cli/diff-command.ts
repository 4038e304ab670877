// `aispec diff BASE HEAD`: two results files are compared as runs (flipped cases, an exact McNemar test and a
// verdict: regression, improvement or no detectable change); two specs (files, or `REV:path` at a git
// revision) are compared for what changed in meaning (gates loosened or tightened, target and prompt, cases
// and coverage, rubric). The kind is decided by the inputs; a results file against a spec is a usage error.
import { relative, resolve } from 'node:path';
import { diffMarkdown, diffSpecs, diffText, jsonForLog, runDiffJson, specDiffGithub, specDiffMarkdown, specDiffText, withoutWorkflowCommands } from '../core/index.js';
import { gitRoot } from '../node/git-file.js';
import { diffResultsFiles, RunFileReadError } from '../node/diff-files.js';
import { writeTextAtomic } from '../node/run-store.js';
import type { RunDiff } from '../shared/run-diff.js';
import { parseSpecArgument, readSpecSide } from '../node/spec-revision.js';
import { parseCommandArgs, printHelp } from './command-args.js';
import { useColor } from './terminal.js';
import { DIFF_HELP, EXIT, UsageError } from './usage.js';
import { writeStdout } from './direct-output.js';

type InputKind = 'results' | 'spec';

/** A results file ends in .json; a spec in .md, on disk or as REV:path. */
export function inputKind(arg: string): InputKind | null {
  if (/\.json$/i.test(arg)) return 'results';
  if (/\.md$/i.test(arg)) return 'spec';
  return null;
}

export async function diffCommand(argv: string[], cwd: string): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    format: { type: 'string', default: 'text' },
    output: { type: 'string', short: 'o' },
  });
  if (values.help) return printHelp(DIFF_HELP);
  if (positionals.length !== 2) throw new UsageError('aispec diff takes two results files (BASE.json HEAD.json) or two specs (BASE HEAD, each a file or REV:path)');
  const kinds = positionals.map(inputKind);
  kinds.forEach((kind, i) => {
    if (kind === null) throw new UsageError(`cannot tell what "${positionals[i]}" is: a results file ends in .json, a spec in .aispec.md`);
  });
  if (kinds[0] !== kinds[1]) throw new UsageError(`aispec diff compares two results files or two specs, not one of each ("${positionals[0]}" and "${positionals[1]}")`);
  const text = kinds[0] === 'results' ? await runComparison(positionals, values.format!, values.output, cwd) : await specComparison(positionals, values.format!, values.output, cwd);
  const ended = text.endsWith('\n') || text === '' ? text : `${text}\n`;
  if (values.output) await writeTextAtomic(resolve(cwd, values.output), ended);
  // GitHub annotations are workflow commands on purpose; every other format is kept from issuing any.
  // JSON keeps its values and escapes what a log would read as a command (jsonForLog).
  else writeStdout(values.format === 'github' ? ended : values.format === 'json' ? jsonForLog(ended) : withoutWorkflowCommands(ended));
  return EXIT.ok;
}

async function runComparison(paths: string[], format: string, output: string | undefined, cwd: string): Promise<string> {
  if (!['text', 'markdown', 'json'].includes(format)) throw new UsageError(`--format must be text, markdown or json for two results files; got "${format}".`);
  const diff = await diffResultsGiven(paths[0]!, paths[1]!, cwd);
  if (format === 'markdown') return diffMarkdown(diff);
  if (format === 'json') return `${JSON.stringify(runDiffJson(diff), null, 2)}\n`;
  return diffText(diff, { color: !output && useColor(process.stdout) });
}

/** The run comparison of two results files the user named (aispec diff, review's --base-results and --head-results). */
export async function diffResultsGiven(basePath: string, headPath: string, cwd: string): Promise<RunDiff> {
  const [base, head] = [basePath, headPath].map((p) => resolve(cwd, p));
  return await diffResultsFiles(base!, head!).catch((e: unknown) => {
    if (!(e instanceof RunFileReadError)) throw e;
    throw new UsageError(`cannot read ${e.path === base ? basePath : headPath}: ${e.message}`);
  });
}

async function specComparison(args: string[], format: string, output: string | undefined, cwd: string): Promise<string> {
  if (!['text', 'markdown', 'json', 'github'].includes(format)) throw new UsageError(`--format must be text, markdown, json or github for two specs; got "${format}".`);
  const root = await gitRoot(cwd).catch(() => null);
  const [base, head] = await Promise.all(
    args.map(async (arg) => {
      try {
        const location = parseSpecArgument(arg, cwd, root);
        return { location, side: await readSpecSide(location, root) };
      } catch (error) {
        throw new UsageError(`cannot read ${arg}: ${(error as Error).message}`);
      }
    }),
  );
  const diff = diffSpecs(base!.side, head!.side);
  if (format === 'markdown') return specDiffMarkdown(diff);
  if (format === 'json') return `${JSON.stringify(diff, null, 2)}\n`;
  if (format === 'github') return specDiffGithub(diff, relative(root ?? cwd, head!.location.path).split('\\').join('/'));
  return specDiffText(diff, { color: !output && useColor(process.stdout) });
}
