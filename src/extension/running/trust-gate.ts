// The workspace-trust rule for running, as a pure function (plain mocha tests it; trust.ts feeds it the
// editor's state). In an untrusted workspace nothing runs, whatever the target:
//   - `command` targets start a program the spec names;
//   - `http`, `openai` and `anthropic` targets and every judge send requests to a URL the spec names, with
//     API keys from secret storage: a hostile spec could point base_url at its own server and collect them;
//   - even `recorded` targets are not exempt, because a recorded spec can still name a judge (a request with
//     a key) and reads files the spec names. One simple rule is easier to trust than a list of exceptions.
// Checking (parse, schema, lint) never executes anything, so it runs everywhere.

export const UNTRUSTED_MESSAGE =
  'aispec runs nothing in an untrusted workspace: a spec can start programs (command targets) and send requests, ' +
  'with your API keys, to any server it names. Your specs are still checked. Trust this workspace to run evals.';

export const MANAGE_TRUST = 'Manage Workspace Trust';

export type RunGate = { allowed: true } | { allowed: false; reason: 'untrusted'; message: string };

/** Whether a run may start; `trusted` is vscode.workspace.isTrusted. */
export function runGate(trusted: boolean): RunGate {
  return trusted ? { allowed: true } : { allowed: false, reason: 'untrusted', message: UNTRUSTED_MESSAGE };
}

/**
 * Runs `execute` only when the workspace is trusted, asking `trusted` at call time (trust can be granted
 * while the editor is open). The run manager starts every run through here, before it reads a key, builds a
 * target or touches the disk, so an untrusted workspace reaches none of them.
 */
export async function whenTrusted<T>(trusted: () => boolean, execute: () => Promise<T>): Promise<T | Extract<RunGate, { allowed: false }>> {
  const gate = runGate(trusted());
  if (!gate.allowed) return gate;
  return execute();
}
