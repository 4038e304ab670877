// A local program as the target: it is started once per case (no shell), reads the case as JSON on stdin
// (`{id, input, messages, vars}`) and answers on stdout. A timeout, a non-zero exit or a failed start end the
// case as an error with a reason (the last lines of stderr for a failing program).
import type { Case } from '../../spec/types.js';
import type { ProcessRunner } from '../../host.js';
import { CaseError, type Target, type TargetOutput } from '../types.js';
import { TargetConfigError, type CommandTargetConfig } from './config.js';
import { guard } from './http-call.js';
import { Scrubber } from './secrets.js';
import { stableStringify } from './util.js';

export interface CommandTargetHost {
  process: ProcessRunner;
  resolvePath(relative: string): string;
  timeoutMs: number;
  /** A digest of a file the command names (its script, its config): the fingerprint changes with the program. */
  fileDigest?(path: string): Promise<string>;
}

const STDERR_LINES = 10;
const STDERR_CHARS = 1500;

/**
 * Splits a command line into argv the way a POSIX shell would for the common cases, without running one:
 * whitespace separates words, '…' is literal, "…" allows \" \\ \$ \` escapes, and outside quotes a backslash
 * escapes whitespace, a quote or a backslash (other backslashes stay, so `C:\tools\bot.exe` survives).
 * No variables, globs, pipes or redirections: for those, run a shell explicitly (`["sh", "-c", "…"]`).
 */
export function splitArgv(line: string): string[] {
  const out: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (/\s/.test(c)) {
      if (inWord) out.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new TargetConfigError(`target.command has an unterminated ' quote: ${line}`);
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      inWord = true;
      let closed = false;
      while (i < line.length) {
        const d = line[i]!;
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) {
          word += line[i + 1];
          i += 2;
        } else {
          word += d;
          i++;
        }
      }
      if (!closed) throw new TargetConfigError(`target.command has an unterminated " quote: ${line}`);
    } else if (c === '\\' && i + 1 < line.length && /[\s'"\\]/.test(line[i + 1]!)) {
      word += line[i + 1];
      inWord = true;
      i += 2;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) out.push(word);
  return out;
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function lastLines(text: string, lines = STDERR_LINES, chars = STDERR_CHARS): string {
  const tail = text.trimEnd().split(/\r?\n/).slice(-lines).join('\n');
  return tail.length > chars ? `…${tail.slice(-chars)}` : tail;
}

/**
 * The content (as the host's digest) of every argv word that names a readable file, resolved against the
 * target's cwd: the program behind the target, so that editing `bot.py` changes the target's identity like
 * changing a model would. Words that name no file (flags, `python3` found on the PATH, a folder) are skipped.
 */
export async function programFiles(argv: readonly string[], cwd: string | undefined, host: CommandTargetHost): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  if (!host.fileDigest) return files;
  for (const word of argv) {
    if (word === '' || Object.hasOwn(files, word)) continue;
    const absolute = /^([A-Za-z]:[\\/]|[\\/])/.test(word);
    try {
      files[word] = await host.fileDigest(host.resolvePath(absolute ? word : `${cwd ?? '.'}/${word}`));
    } catch {
      // not a file: the word is part of the command line, which the fingerprint holds anyway
    }
  }
  return files;
}

export class CommandTarget implements Target {
  readonly fingerprint: string;
  readonly #argv: string[];
  readonly #config: CommandTargetConfig;
  readonly #host: CommandTargetHost;
  readonly #timeoutMs: number;
  readonly #scrubber = new Scrubber();

  /** The target with the content of the files its command names in its fingerprint (see programFiles). */
  static async create(config: CommandTargetConfig, host: CommandTargetHost): Promise<CommandTarget> {
    const argv = typeof config.command === 'string' ? splitArgv(config.command) : [...config.command];
    return new CommandTarget(config, host, await programFiles(argv, config.cwd, host));
  }

  constructor(config: CommandTargetConfig, host: CommandTargetHost, programs: Record<string, string> = {}) {
    this.#config = config;
    this.#host = host;
    this.#argv = typeof config.command === 'string' ? splitArgv(config.command) : [...config.command];
    if (this.#argv.length === 0 || this.#argv[0] === '') throw new TargetConfigError('target.command is empty.');
    this.#timeoutMs = config.timeout_ms ?? host.timeoutMs;
    this.fingerprint = stableStringify({ provider: 'command', argv: this.#argv, cwd: config.cwd ?? '.', ...(Object.keys(programs).length > 0 ? { programs } : {}) });
  }

  get argv(): readonly string[] {
    return this.#argv;
  }

  run(testCase: Case, signal: AbortSignal): Promise<TargetOutput> {
    return guard(this.#scrubber, 'command', signal, () => this.#run(testCase, signal));
  }

  async #run(testCase: Case, signal: AbortSignal): Promise<TargetOutput> {
    const stdin = `${JSON.stringify({ id: testCase.id, input: testCase.input, messages: testCase.messages, vars: testCase.vars })}\n`;
    const cwd = this.#host.resolvePath(this.#config.cwd ?? '.');
    const shown = this.#argv.map(quoteArg).join(' ');
    const started = globalThis.performance?.now() ?? Date.now();
    const result = await this.#host.process.run(this.#argv, { stdin, cwd, timeoutMs: this.#timeoutMs, signal });
    const latency = (globalThis.performance?.now() ?? Date.now()) - started;
    if (signal.aborted) throw signal.reason;
    if (result.timedOut) {
      throw new CaseError(`command: \`${shown}\` timed out after ${this.#timeoutMs} ms and was stopped.`, true);
    }
    if (result.exitCode !== 0) {
      const how = result.exitCode === null ? 'was killed by a signal' : `exited with code ${result.exitCode}`;
      const stderr = lastLines(result.stderr);
      throw new CaseError(`command: \`${shown}\` ${how}${stderr ? `; the end of its stderr:\n${stderr}` : ' (nothing on stderr)'}`);
    }
    return { ...readAnswer(result.stdout), latency_ms: latency };
  }
}

/**
 * What the program printed. Plain text is the output. One JSON object with a string `output` and nothing
 * but `output`, `usage` and `score` is a structured answer: its usage makes the cost known.
 */
export function readAnswer(stdout: string): Pick<TargetOutput, 'output' | 'usage' | 'score'> {
  const text = stdout.trimEnd();
  const start = text.trimStart();
  if (!start.startsWith('{') || !start.includes('"output"')) return { output: text };
  let parsed: unknown;
  try {
    parsed = JSON.parse(start);
  } catch {
    return { output: text };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { output: text };
  const answer = parsed as Record<string, unknown>;
  if (typeof answer.output !== 'string' || Object.keys(answer).some((k) => !['output', 'usage', 'score'].includes(k))) return { output: text };
  const out: Pick<TargetOutput, 'output' | 'usage' | 'score'> = { output: answer.output };
  if (answer.usage !== undefined) {
    const u = answer.usage as Record<string, unknown> | null;
    const count = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
    if (typeof u !== 'object' || u === null || !count(u.input_tokens) || !count(u.output_tokens)) {
      throw new CaseError('command: the JSON answer\'s "usage" must be {"input_tokens": N, "output_tokens": N} with non-negative numbers.');
    }
    out.usage = { input_tokens: u.input_tokens as number, output_tokens: u.output_tokens as number };
  }
  if (typeof answer.score === 'number' && answer.score >= 0 && answer.score <= 1) out.score = answer.score;
  return out;
}
