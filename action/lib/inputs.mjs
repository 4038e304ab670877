// The action's inputs. action.yml hands each one to the scripts as an INPUT_* environment variable (never
// spliced into a shell line, so a branch name or a spec path cannot inject a command).

/** A mistake in the workflow's inputs: reported as an error annotation, exit 2 like the CLI's usage errors. */
export class ActionInputError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ActionInputError';
  }
}

/** The input `name` as written in action.yml (`allow-env` is read from INPUT_ALLOW_ENV), trimmed. */
export function input(name, env = process.env) {
  return (env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`] ?? '').trim();
}

/** A list input: items separated by commas, spaces or new lines (so YAML's `|` blocks work too). */
export function listInput(name, env = process.env) {
  return input(name, env)
    .split(/[\s,]+/)
    .filter((item) => item !== '');
}

/** A boolean input: `true` or `false` (empty is false), as GitHub writes booleans into inputs. */
export function booleanInput(name, env = process.env) {
  const value = input(name, env).toLowerCase();
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  throw new ActionInputError(`input ${name} must be true or false; got "${input(name, env)}".`);
}

/**
 * The permissions the workflow grants, as the CLI's --allow-* flags. They come only from these inputs: a spec
 * (a file the pull request may change) can never grant itself anything.
 */
export function grantFlags(env = process.env) {
  const flags = [];
  for (const name of listInput('allow-env', env)) flags.push('--allow-env', name);
  for (const host of listInput('allow-host', env)) flags.push('--allow-host', host);
  for (const path of listInput('allow-read', env)) flags.push('--allow-read', path);
  if (booleanInput('allow-command', env)) flags.push('--allow-command');
  return flags;
}

/**
 * Extra arguments for the command (`--tag adversarial --repeat 3`), split on spaces. Grants are refused here so
 * that every permission a workflow gives is visible in the inputs named for it.
 */
export function extraArgs(env = process.env) {
  const args = input('args', env)
    .split(/\s+/)
    .filter((arg) => arg !== '');
  const grant = args.find((arg) => /^--allow-/.test(arg));
  if (grant) throw new ActionInputError(`input args cannot grant permissions (${grant}): use the inputs allow-env, allow-host, allow-read and allow-command.`);
  return args;
}

