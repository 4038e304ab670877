// command: check. Validates and lints the specs with annotations on their lines; needs no secret and no
// grant but allow-read, so it is safe on every pull request, a fork's included.
import { runAispec } from './lib/cli.mjs';
import { extraArgs, listInput } from './lib/inputs.mjs';
import { appendSummary, setOutput } from './lib/workflow-files.mjs';

const VERDICTS = { 0: 'clean', 1: 'errors' };

export async function check(env = process.env) {
  const specs = listInput('specs', env);
  const readGrants = listInput('allow-read', env).flatMap((path) => ['--allow-read', path]);
  const code = await runAispec(['check', ...specs, '--format', 'github', ...readGrants, ...extraArgs(env)], env);
  const verdict = VERDICTS[code] ?? 'error';
  const what = specs.length ? specs.map((s) => `\`${s}\``).join(', ') : 'every spec in the repository';
  const line = {
    clean: `✅ **aispec check**: no errors in ${what}.`,
    errors: `❌ **aispec check**: errors in ${what}; each is annotated on its line (see the log).`,
    error: `⚠️ **aispec check** could not run (exit ${code}): see the log.`,
  }[verdict];
  appendSummary(`${line}\n\n`, env);
  setOutput('verdict', verdict, env);
  return code;
}
