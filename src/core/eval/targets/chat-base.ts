// The common shape of the two chat-model targets (OpenAI Chat Completions, Anthropic Messages): each is a
// Target (a case becomes a conversation) and a ChatModel (the judge sends its own conversation).
import type { Case, ChatMessage } from '../../spec/types.js';
import type { ChatModel, HttpClient, SecretSource, Target, TargetOutput } from '../types.js';
import { caseConversation } from './deps.js';
import { guard } from './http-call.js';
import { missingSecretError, resolveHeaders, Scrubber } from './secrets.js';

export interface ChatHost {
  http: HttpClient;
  secrets: SecretSource;
  timeoutMs: number;
}

/** How a chat target authenticates: the API key variable, or headers of the spec's own that carry auth. */
export interface ChatAuth {
  headers: Record<string, string | number> | undefined;
  /** Header names (lower case) that carry the credential themselves, so no key variable is needed. */
  ownAuthHeaders: readonly string[];
  keyEnv: string;
  keyRequired: boolean;
  /** "The openai target (https://…)" */
  purpose: string;
}

export abstract class ChatTarget implements Target, ChatModel {
  abstract readonly fingerprint: string;
  protected readonly scrubber = new Scrubber();
  protected abstract readonly auth: ChatAuth;

  constructor(
    protected readonly label: string,
    protected readonly system: string | undefined,
    protected readonly host: ChatHost,
  ) {}

  run(testCase: Case, signal: AbortSignal): Promise<TargetOutput> {
    return guard(this.scrubber, this.label, signal, () => this.chat(caseConversation(testCase, this.system, this.label), signal, false));
  }

  complete(messages: ChatMessage[], options: { signal: AbortSignal; json?: boolean }): Promise<TargetOutput> {
    return guard(this.scrubber, this.label, options.signal, () => this.chat(messages, options.signal, options.json ?? false));
  }

  /** A missing key or header secret fails here, before any request, exactly as chat() would fail each case. */
  async preflight(): Promise<void> {
    const { headers, ownAuthHeaders, keyEnv, keyRequired, purpose } = this.auth;
    const extra = await resolveHeaders(headers, this.host.secrets, this.scrubber, `the ${this.label} target`);
    if (Object.keys(extra).some((name) => ownAuthHeaders.includes(name.toLowerCase()))) return;
    if (keyRequired && !(await this.host.secrets.get(keyEnv))?.trim()) throw missingSecretError(keyEnv, purpose);
  }

  protected abstract chat(messages: ChatMessage[], signal: AbortSignal, json: boolean): Promise<TargetOutput>;
}

/** A non-negative integer token count, or undefined. */
export function tokens(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
