// Your own grader: a check `{command: [argv...], timeout_ms?}` starts a program (no shell) in the spec's
// folder, writes `{case: {id, input, messages, vars, tags}, output, tool_calls?}` as one JSON object on its
// stdin and reads one JSON object from its stdout: `{"pass": bool, "score"?: 0..1, "reason"?: "..."}`.
// Anything else (a failed start, a timeout, a non-zero exit, stdout that is not that object, a score outside
// 0..1) is a grader error with the reason: the case ends as `error`, never as a pass. Starting the program
// needs the same command permission as a command target (eval/permissions.ts refuses the run before it
// starts); the host hands the process runner over only with that grant.
import type { ProcessRunner } from '../../host.js';
import type { Case, Check } from '../../spec/types.js';
import type { TargetOutput } from '../types.js';
import { isRecord } from '../../util/is-record.js';
import { oneLine } from '../../util/one-line.js';
import type { OutputCheckResult } from './checks.js';

/** What a command check needs from its host. */
export interface CommandGraderHost {
  process: ProcessRunner;
  /** The spec's folder: the grader runs there, so relative program paths in its argv resolve against it. */
  cwd: string;
}

/** Time a grader gets per output when its check sets no `timeout_ms`. */
export const COMMAND_CHECK_TIMEOUT_MS = 30_000;

const KIND = 'command';
const STDERR_CHARS = 300;

export function isCommandCheck(check: unknown): check is Check & { command: unknown } {
  return isRecord(check) && Object.hasOwn(check, KIND);
}

/** The argv of a command check, or why it is not one (the schema refuses these before a run; a run says so too). */
function readCommandCheck(check: Check): { argv: string[]; timeoutMs: number } | { error: string } {
  const argv = check[KIND];
  if (!Array.isArray(argv) || argv.length === 0 || !argv.every((word): word is string => typeof word === 'string') || argv[0] === '') {
    return { error: `takes a list of program and arguments, e.g. ["node", "grade.js"], got ${JSON.stringify(argv)}` };
  }
  const extra = Object.keys(check).filter((key) => key !== KIND && key !== 'timeout_ms');
  if (extra.length > 0) return { error: `a command check takes only command and timeout_ms, got ${extra.join(', ')}` };
  const timeout = check['timeout_ms'] ?? COMMAND_CHECK_TIMEOUT_MS;
  if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1) {
    return { error: `timeout_ms must be a whole number of milliseconds ≥ 1, got ${JSON.stringify(timeout)}` };
  }
  return { argv, timeoutMs: timeout };
}

/** The grader's stdin: the case as the spec wrote it, the output, and the target's tool calls when it made any. */
export function commandCheckInput(testCase: Case, output: TargetOutput): string {
  const toolCalls = output.toolCalls ?? [];
  const payload = {
    case: { id: testCase.id, input: testCase.input, messages: testCase.messages, vars: testCase.vars, tags: testCase.tags },
    output: output.output,
    ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
  };
  return `${JSON.stringify(payload)}\n`;
}

export async function runCommandCheck(
  check: Check,
  testCase: Case,
  output: TargetOutput,
  host: CommandGraderHost | undefined,
  signal: AbortSignal,
): Promise<OutputCheckResult> {
  const fail = (reason: string): OutputCheckResult => ({ kind: KIND, passed: false, reason: `command: ${reason}`, error: true });
  const read = readCommandCheck(check);
  if ('error' in read) return fail(read.error);
  const shown = read.argv.join(' ');
  if (!host) return fail(`\`${shown}\` cannot run here: this host runs no programs`);
  let result;
  try {
    result = await host.process.run(read.argv, { stdin: commandCheckInput(testCase, output), cwd: host.cwd, timeoutMs: read.timeoutMs, signal });
  } catch (error) {
    if (signal.aborted) throw error;
    return fail(`\`${shown}\` could not run: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (signal.aborted) throw signal.reason;
  if (result.timedOut) return fail(`\`${shown}\` timed out after ${read.timeoutMs} ms and was stopped`);
  if (result.exitCode !== 0) {
    const how = result.exitCode === null ? 'was killed by a signal' : `exited with code ${result.exitCode}`;
    const stderr = oneLine(result.stderr.trim(), STDERR_CHARS);
    return fail(`\`${shown}\` ${how}${stderr ? `: ${stderr}` : ''}`);
  }
  const answer = readAnswer(result.stdout);
  if ('error' in answer) return fail(`\`${shown}\` ${answer.error}`);
  const verdict: OutputCheckResult = { kind: KIND, passed: answer.pass, reason: answer.reason };
  if (answer.score !== undefined) verdict.score = answer.score;
  return verdict;
}

/** The grader's answer, or what is wrong with it. */
function readAnswer(stdout: string): { pass: boolean; score?: number; reason: string } | { error: string } {
  const text = stdout.trim();
  const shown = text === '' ? 'nothing' : JSON.stringify(oneLine(text, 120));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { error: `answered ${shown}, not a JSON object such as {"pass": true, "reason": "..."}` };
  }
  if (!isRecord(parsed)) return { error: `answered ${shown}, not a JSON object such as {"pass": true, "reason": "..."}` };
  if (typeof parsed.pass !== 'boolean') return { error: `answered without a boolean "pass" (got ${JSON.stringify(parsed.pass) ?? 'none'})` };
  const score = parsed.score;
  if (score !== undefined && (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 1)) {
    return { error: `answered a "score" outside 0..1 (got ${JSON.stringify(score)})` };
  }
  const reason = parsed.reason;
  if (reason !== undefined && typeof reason !== 'string') return { error: `answered a "reason" that is not a string (got ${JSON.stringify(reason)})` };
  const said = reason === undefined || reason.trim() === '' ? `the grader ${parsed.pass ? 'passed' : 'failed'} it without a reason` : oneLine(reason, 500);
  return { pass: parsed.pass, ...(score !== undefined ? { score } : {}), reason: said };
}
