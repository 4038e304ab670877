// command: eval. Runs one spec (or one shard of it) with the grants the workflow gives, writes the results
// JSON, JUnit and Markdown into results-dir, appends the Markdown report to the job summary and leaves the
// CLI's annotations in the log.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { runAispec, workspace } from './lib/cli.mjs';
import { ActionInputError, extraArgs, grantFlags, input, listInput } from './lib/inputs.mjs';
import { appendSummary, setOutput } from './lib/workflow-files.mjs';

/** The verdict when no results file says it (nothing ran, or several targets compared): from the exit code. */
const VERDICT_OF_EXIT = { 0: 'pass', 1: 'fail', 2: 'error', 3: 'incomplete' };

export async function evaluate(env = process.env) {
  const specs = listInput('specs', env);
  if (specs.length !== 1) {
    throw new ActionInputError(`command eval runs one spec; specs has ${specs.length}. Run several specs as a job matrix.`);
  }
  const spec = specs[0];
  const shard = input('shard', env);
  const shardMatch = /^(\d+)\/(\d+)$/.exec(shard);
  if (shard && !shardMatch) throw new ActionInputError(`input shard is i/n, such as 2/4; got "${shard}".`);

  const root = workspace(env);
  const dir = resolve(root, input('results-dir', env) || 'aispec-results');
  mkdirSync(dir, { recursive: true });
  // One name per spec and shard, so that the shards of a matrix can share one artifact folder.
  const stem = basename(spec).replace(/\.aispec\.md$/, '') + (shardMatch ? `.shard-${shardMatch[1]}-of-${shardMatch[2]}` : '');
  const files = { results: join(dir, `${stem}.json`), junit: join(dir, `${stem}.junit.xml`), markdown: join(dir, `${stem}.md`) };

  // A file left by an earlier step must not pass for this run's.
  for (const path of Object.values(files)) rmSync(path, { force: true });
  const args = ['eval', spec, '--format', 'github', '--json', files.results, '--junit', files.junit, '--markdown', files.markdown];
  if (shard) args.push('--shard', shard);
  const code = await runAispec([...args, ...grantFlags(env), ...extraArgs(env)], env);

  let verdict = VERDICT_OF_EXIT[code] ?? 'error';
  if (existsSync(files.results)) {
    const results = JSON.parse(readFileSync(files.results, 'utf8'));
    verdict = results.summary?.verdict ?? verdict;
    for (const [name, path] of Object.entries(files)) setOutput(name, relative(root, path), env);
  }
  appendSummary(existsSync(files.markdown) ? `${readFileSync(files.markdown, 'utf8')}\n` : `⚠️ **aispec eval** \`${spec}\`: nothing ran (exit ${code}); the log says why.\n\n`, env);
  setOutput('verdict', verdict, env);
  return code;
}
