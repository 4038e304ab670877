// command: merge. Joins the results of a sharded eval (downloaded artifacts) into one results file with
// `aispec merge`, whose exit code is the whole run's verdict, and summarises it.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { runAispec, workspace } from './lib/cli.mjs';
import { ActionInputError, input, listInput } from './lib/inputs.mjs';
import { mergedSummary } from './merged-summary.mjs';
import { annotateError, appendSummary, setOutput } from './lib/workflow-files.mjs';

const VERDICT_OF_EXIT = { 0: 'pass', 1: 'fail', 2: 'error', 3: 'incomplete' };

/** Every results file a `shards` item names: the file itself, or each *.json below a folder, in name order. */
function resultsFiles(path) {
  if (!statSync(path, { throwIfNoEntry: false })) throw new ActionInputError(`input shards: ${path} does not exist.`);
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => (entry.isDirectory() ? resultsFiles(join(path, entry.name)) : entry.name.endsWith('.json') ? [join(path, entry.name)] : []));
}

export async function merge(env = process.env) {
  const root = workspace(env);
  const items = listInput('shards', env);
  if (!items.length) throw new ActionInputError('command merge needs shards: the downloaded shard results (files or folders).');
  const dir = resolve(root, input('results-dir', env) || 'aispec-results');
  const shards = [...new Set(items.flatMap((item) => resultsFiles(resolve(root, item))))];
  if (shards.length < 2) throw new ActionInputError(`command merge needs two or more shard results; found ${shards.length} in ${items.join(', ')}.`);
  const first = JSON.parse(readFileSync(shards[0], 'utf8'));
  const id = String(first.spec?.id ?? 'merged').replace(/[^\w.-]/g, '_');
  const output = join(dir, `${id}.json`);
  const inputs = shards.filter((file) => file !== output);
  mkdirSync(dir, { recursive: true });
  // A merged file left by an earlier step must not pass for this one's.
  rmSync(output, { force: true });

  const code = await runAispec(['merge', ...inputs.map((file) => relative(root, file)), '-o', relative(root, output)], env);
  let verdict = VERDICT_OF_EXIT[code] ?? 'error';
  if (existsSync(output)) {
    const results = JSON.parse(readFileSync(output, 'utf8'));
    verdict = results.summary.verdict;
    appendSummary(mergedSummary(results, inputs.length), env);
    for (const gate of results.summary.gates ?? []) {
      if (!gate.passed) annotateError(`aispec gate ${gate.name} failed (${id}, all shards)`, gate.reason ?? `${gate.name}: ${gate.actual}`);
    }
    setOutput('results', relative(root, output), env);
  } else {
    appendSummary(`⚠️ **aispec merge** could not merge ${inputs.length} files (exit ${code}); the log says why.\n\n`, env);
  }
  setOutput('verdict', verdict, env);
  return code;
}
