// command: review. Writes the pull request's review comment (what changed in the bar, then in quality) to a
// file for a later step to post, and appends it to the job summary. Reads git only: no secret, no grant.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { runAispec, workspace } from './lib/cli.mjs';
import { ActionInputError, booleanInput, extraArgs, input, listInput } from './lib/inputs.mjs';
import { appendSummary, setOutput } from './lib/workflow-files.mjs';

const VERDICTS = { 0: 'ok', 1: 'blocked' };

export async function review(env = process.env) {
  const base = input('base', env);
  if (!base) throw new ActionInputError('command review needs base: the revision to compare with (on pull_request it defaults to the base commit).');
  const root = workspace(env);
  const dir = resolve(root, input('results-dir', env) || 'aispec-results');
  const comment = resolve(root, input('comment', env) || `${dir}/review.md`);
  mkdirSync(dirname(comment), { recursive: true });
  rmSync(comment, { force: true });

  const args = ['review', '--base', base, ...listInput('specs', env), '-o', relative(root, comment)];
  const baseResults = input('base-results', env);
  const headResults = input('head-results', env);
  if (Boolean(baseResults) !== Boolean(headResults)) throw new ActionInputError('inputs base-results and head-results go together.');
  if (baseResults) args.push('--base-results', baseResults, '--head-results', headResults);
  if (booleanInput('allow-loosened', env)) args.push('--allow-loosened');
  if (booleanInput('allow-regression', env)) args.push('--allow-regression');
  const code = await runAispec([...args, ...extraArgs(env)], env);

  if (existsSync(comment)) {
    appendSummary(`${readFileSync(comment, 'utf8')}\n`, env);
    setOutput('comment-file', relative(root, comment), env);
  } else {
    appendSummary(`⚠️ **aispec review** wrote no comment (exit ${code}); the log says why.\n\n`, env);
  }
  setOutput('verdict', VERDICTS[code] ?? 'error', env);
  return code;
}
