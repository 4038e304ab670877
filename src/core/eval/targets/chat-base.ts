// The common shape of the two chat-model targets (OpenAI Chat Completions, Anthropic Messages): each is a
// Target (a case becomes a conversation) and a ChatModel (the judge sends its own conversation).
import type { Case, ChatMessage } from '../../spec/types.js';
import type { HttpClient, SecretSource } from '../../host.js';
import type { ChatModel, Target, TargetOutput } from '../types.js';
import { caseConversation } from './deps.js';
import { guard } from './http-call.js';
import { Scrubber } from './secrets.js';

export interface ChatHost {
  http: HttpClient;
  secrets: SecretSource;
  timeoutMs: number;
}

export abstract class ChatTarget implements Target, ChatModel {
  abstract readonly fingerprint: string;
  protected readonly scrubber = new Scrubber();

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

  protected abstract chat(messages: ChatMessage[], signal: AbortSignal, json: boolean): Promise<TargetOutput>;
}

/** A non-negative integer token count, or undefined. */
export function tokens(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
