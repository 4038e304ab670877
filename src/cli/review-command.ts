// `aispec review --base REV [SPECS...]`: one Markdown comment for a pull request. For every spec changed since
// REV (or each spec given): the spec diff against REV, then the run comparison when both runs are at hand
// (--base-results/--head-results, or saved runs), then the flipped cases. Exits 1 when a gate was loosened or
// removed, or the runs regressed, unless --allow-loosened / --allow-regression say that is intended.
import { resolve } from 'node:path';
import { reviewFindings, reviewMarkdown, withoutWorkflowCommands, type ReviewEntry } from '../core/index.js';
import { changeBase, changedSpecPaths, gitRoot, repositoryPath } from '../node/git-file.js';
import { savedRunsDiff } from '../node/review-runs.js';
import { writeTextAtomic } from '../node/run-store.js';
import { readSpecVersions } from '../node/spec-versions.js';
import { parseCommandArgs, printHelp } from './command-args.js';
import { diffResultsGiven } from './diff-command.js';
import { EXIT, REVIEW_HELP, UsageError } from './usage.js';
import { writeStderr, writeStdout } from './direct-output.js';

export async function reviewCommand(argv: string[], cwd: string): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    base: { type: 'string' },
    'base-results': { type: 'string' },
    'head-results': { type: 'string' },
    output: { type: 'string', short: 'o' },
    'allow-loosened': { type: 'boolean', default: false },
    'allow-regression': { type: 'boolean', default: false },
  });
  if (values.help) return printHelp(REVIEW_HELP);
  if (!values.base) throw new UsageError('aispec review needs --base REV: the revision the pull request is compared with');
  if (Boolean(values['base-results']) !== Boolean(values['head-results'])) throw new UsageError('--base-results and --head-results go together');
  const root = await gitRoot(cwd).catch((e: Error) => {
    throw new UsageError(e.message);
  });
  const { commit, tip } = await changeBase(root, values.base).catch((e: Error) => {
    throw new UsageError(e.message);
  });
  const paths = positionals.length
    ? positionals.map((p) => {
        try {
          return repositoryPath(root, resolve(cwd, p));
        } catch {
          throw new UsageError(`${p} is outside the repository ${root}`);
        }
      })
    : await changedSpecPaths(root, commit);
  const given = values['base-results'] ? await diffResultsGiven(values['base-results'], values['head-results']!, cwd) : null;

  const entries: ReviewEntry[] = [];
  for (const path of paths) {
    const { file, base, head, spec } = await readSpecVersions(root, commit, values.base, path).catch((e: Error) => {
      throw new UsageError(e.message);
    });
    let runs: ReviewEntry['runs'];
    if (given) {
      // Results given on the command line belong to the one spec reviewed, or to the spec with their id.
      const mine = paths.length === 1 || (given.head.specId !== '' && given.head.specId === spec.head.id);
      runs = mine ? { diff: given } : { missing: `The results given are of spec "${given.head.specId}", not this one.` };
    } else {
      runs = await savedRunsDiff(file, base, head);
    }
    entries.push({ path, spec, runs });
  }
  const review = { base: { revision: values.base, commit, ...(tip !== commit ? { tip } : {}) }, entries };
  const text = reviewMarkdown(review);
  if (values.output) await writeTextAtomic(resolve(cwd, values.output), text);
  else writeStdout(withoutWorkflowCommands(text));

  const findings = reviewFindings(review);
  const blocked = (findings.loosened.length > 0 && !values['allow-loosened']) || (findings.regressions.length > 0 && !values['allow-regression']);
  if (blocked) {
    const why = [
      ...(findings.loosened.length && !values['allow-loosened'] ? [`the bar was lowered in ${findings.loosened.join(', ')} (--allow-loosened to accept)`] : []),
      ...(findings.regressions.length && !values['allow-regression'] ? [`quality regressed in ${findings.regressions.join(', ')} (--allow-regression to accept)`] : []),
    ];
    writeStderr(`aispec review: ${withoutWorkflowCommands(why.join('; '))}\n`);
  }
  return blocked ? EXIT.failed : EXIT.ok;
}
