// The action's main step: runs the command the workflow asked for, sets the outputs exit-code and verdict
// (and the files each command wrote) and exits with the CLI's exit code, so the step, and the job, fail
// when a gate fails. A mistake in the inputs is an error annotation and exit 2, as a CLI usage error.
import { check } from './check.mjs';
import { evaluate } from './eval.mjs';
import { ActionInputError, input } from './lib/inputs.mjs';
import { annotateError, setOutput } from './lib/workflow-files.mjs';
import { merge } from './merge.mjs';
import { review } from './review.mjs';

const COMMANDS = { check, eval: evaluate, merge, review };
const USAGE_EXIT = 2;

async function main() {
  const command = input('command') || 'eval';
  try {
    const run = COMMANDS[command];
    if (!run) throw new ActionInputError(`input command must be one of ${Object.keys(COMMANDS).join(', ')}; got "${command}".`);
    return await run();
  } catch (error) {
    if (!(error instanceof ActionInputError)) throw error;
    annotateError('aispec action', error.message);
    setOutput('verdict', 'error');
    return USAGE_EXIT;
  }
}

const code = await main();
setOutput('exit-code', String(code));
process.exitCode = code;
