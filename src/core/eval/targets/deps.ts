// What targets take from their host, and the pieces the two chat-model targets share: the system prompt
// (inline or from a file) and the conversation built from a case.
import type { Case, ChatMessage } from '../../spec/types.js';
import type { HttpClient, ProcessRunner, SecretSource } from '../../host.js';
import { CaseError } from '../types.js';
import { TargetConfigError } from './config.js';
import { renderTemplate } from './template.js';

export interface TargetDeps {
  http: HttpClient;
  process: ProcessRunner;
  secrets: SecretSource;
  /** Reads a file the spec names (system_file, recorded outputs); the Node host rejects one outside the project. */
  readFile(path: string): Promise<string>;
  /** A digest of a file's content (rejects when it is not a readable file): a `command` target's program files
   * go into its fingerprint this way. Without it the fingerprint holds the command line only. */
  fileDigest?(path: string): Promise<string>;
  /** Resolves a path relative to the spec's folder. */
  resolvePath(relative: string): string;
  /** The spec file, for messages. */
  specFile: string;
}

export interface TargetOptions {
  /** Per-request timeout (frontmatter `timeout_ms`); default 60000. */
  timeoutMs?: number;
  /**
   * The only cases the run will ask for (a --shard, --tag or --case selection); absent: every case. A recorded
   * target then keeps only their outputs, though it still reads and checks every line of its file.
   */
  caseIds?: ReadonlySet<string>;
}

export const DEFAULT_TIMEOUT_MS = 60_000;

/** The system prompt's text: inline, or read from `system_file` (relative to the spec). */
export async function loadSystem(config: { system?: string; system_file?: string }, deps: TargetDeps): Promise<string | undefined> {
  if (config.system !== undefined) return config.system;
  if (config.system_file === undefined) return undefined;
  return readNamedFile(deps, config.system_file, 'target.system_file');
}

/**
 * A file the spec names at `key` (relative to the spec), read through the host, which refuses one outside the
 * project; `what` says in the error what the file was for. Throws TargetConfigError.
 */
export async function readNamedFile(deps: Pick<TargetDeps, 'readFile' | 'resolvePath'>, path: string, key: string, what?: string): Promise<string> {
  try {
    return await deps.readFile(deps.resolvePath(path));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new TargetConfigError(`${key} "${path}"${what ? ` (${what})` : ''} could not be read: ${reason}`);
  }
}

/** The conversation for a case: the (templated) system prompt, then `input` as a user message or `messages`. */
export function caseConversation(testCase: Case, system: string | undefined, label: string): ChatMessage[] {
  const out: ChatMessage[] = [];
  if (system !== undefined && system !== '') {
    out.push({ role: 'system', content: renderTemplate(system, testCase, `${label} system prompt`) });
  }
  if (testCase.messages && testCase.messages.length > 0) {
    testCase.messages.forEach((message, i) => {
      out.push({ role: message.role, content: renderTemplate(String(message.content), testCase, `case "${testCase.id}" messages[${i}]`) });
    });
  } else if (testCase.input !== undefined) {
    out.push({ role: 'user', content: renderTemplate(String(testCase.input), testCase, `case "${testCase.id}" input`) });
  } else {
    throw new CaseError(`case "${testCase.id}" has neither "input" nor "messages": there is nothing to send to the model.`);
  }
  return out;
}
