// The common shape of the two chat-model targets (OpenAI Chat Completions, Anthropic Messages): each is a
// Target (a case becomes a conversation) and a ChatModel (the judge sends its own conversation). What they
// share lives here: the base URL, the key's variable and whether a key is required, the fingerprint, and a
// JSON POST that sends the key (unless a spec header carries one) and keeps it out of every message. Keys are
// read for the base URL; when the run's permissions refuse the provider's own key there and the spec did not
// name it (a local server), the request goes without a key, and a 401/403 says which grant would send it.
import type { HttpClient, SecretSource } from '../../host.js';
import type { Case, ChatMessage } from '../../spec/types.js';
import type { ChatModel, Target, TargetOutput } from '../types.js';
import type { ChatModelConfig } from './config.js';
import type { ToolsConfig } from './tools.js';
import { caseConversation } from './deps.js';
import { guard, parseJsonBody, send, type CallSetup } from './http-call.js';
import { headersForFingerprint, missingSecretError, resolveHeaders, Scrubber, SecretNotAllowedError } from './secrets.js';
import { stableStringify } from './util.js';

export interface ChatHost {
  http: HttpClient;
  secrets: SecretSource;
  timeoutMs: number;
}

/** What sets one chat API apart from the other, as far as connecting to it goes. */
export interface ChatProvider {
  /** The provider's name: in messages, and in the fingerprint. */
  name: 'openai' | 'anthropic';
  defaultBaseUrl: string;
  defaultKeyEnv: string;
  /**
   * The provider's own API, which always needs a key; another server (Ollama, llama.cpp, a gateway) needs
   * one only when the spec names api_key_env.
   */
  ownApi: RegExp;
  /** Request headers that carry a key: a spec header of one of these names is sent instead of the key. */
  authHeaders: readonly string[];
  /** The header that sends the key. */
  keyHeader(key: string): [name: string, value: string];
  /** The max_tokens sent when the spec sets none (part of the fingerprint). */
  defaultMaxTokens?: number;
}

export abstract class ChatTarget<Config extends ChatModelConfig> implements Target, ChatModel {
  readonly fingerprint: string;
  protected readonly scrubber = new Scrubber();
  protected readonly label: string;
  protected readonly baseUrl: string;
  readonly #provider: ChatProvider;
  readonly #keyEnv: string;
  readonly #keyRequired: boolean;

  constructor(
    provider: ChatProvider,
    protected readonly config: Config,
    protected readonly system: string | undefined,
    protected readonly host: ChatHost,
  ) {
    this.#provider = provider;
    this.label = provider.name;
    this.baseUrl = (config.base_url ?? provider.defaultBaseUrl).replace(/\/+$/, '');
    this.#keyEnv = config.api_key_env ?? provider.defaultKeyEnv;
    this.#keyRequired = config.api_key_env !== undefined || provider.ownApi.test(this.baseUrl);
    this.fingerprint = stableStringify({
      provider: provider.name,
      model: config.model,
      base_url: this.baseUrl,
      system,
      temperature: config.temperature,
      max_tokens: config.max_tokens ?? provider.defaultMaxTokens,
      headers: headersForFingerprint(config.headers),
      // Declared tools change what the model answers; absent for a target without tools (and for the judge).
      tools: (config as ToolsConfig).tools,
      tool_choice: (config as ToolsConfig).tool_choice,
    });
  }

  run(testCase: Case, signal: AbortSignal): Promise<TargetOutput> {
    return guard(this.scrubber, this.label, signal, () => this.chat(caseConversation(testCase, this.system, this.label), signal, false));
  }

  complete(messages: ChatMessage[], options: { signal: AbortSignal; json?: boolean }): Promise<TargetOutput> {
    return guard(this.scrubber, this.label, options.signal, () => this.chat(messages, options.signal, options.json ?? false));
  }

  /** A missing key or header secret fails here, before any request, exactly as postJson() would fail each case. */
  async preflight(): Promise<void> {
    const extra = await resolveHeaders(this.config.headers, this.host.secrets, this.baseUrl, this.scrubber, `the ${this.label} target`);
    if (Object.keys(extra).some((name) => this.#provider.authHeaders.includes(name.toLowerCase()))) return;
    const { key, withheld } = await this.#readKey();
    if (this.#keyRequired && !key && !withheld) throw missingSecretError(this.#keyEnv, `The ${this.label} target (${this.baseUrl})`);
  }

  /**
   * The key for the base URL. A provider's key the spec did not name, refused there by the run's permissions,
   * is withheld (no key, and the sentence a 401/403 adds); a key the spec named and may not send is an error.
   */
  async #readKey(): Promise<{ key?: string; withheld?: string }> {
    try {
      const key = (await this.host.secrets.get(this.#keyEnv, this.baseUrl))?.trim();
      return key ? { key } : {};
    } catch (error) {
      if (error instanceof SecretNotAllowedError && this.config.api_key_env === undefined) return { withheld: error.withheldNote };
      throw error;
    }
  }

  protected abstract chat(messages: ChatMessage[], signal: AbortSignal, json: boolean): Promise<TargetOutput>;

  /**
   * POSTs `body` as JSON with the provider's `headers`, the key (from the key variable, unless a spec header
   * already authorizes) and the spec's own headers; returns the parsed answer. A missing required key, an
   * error status or a body that is not JSON is a CaseError that names the key variable where it helps.
   */
  protected async postJson(url: string, headers: Record<string, string>, body: Record<string, unknown>, signal: AbortSignal): Promise<{ answer: unknown; latencyMs: number; requests: number }> {
    const extra = await resolveHeaders(this.config.headers, this.host.secrets, this.baseUrl, this.scrubber, `the ${this.label} target`);
    const sent: Record<string, string> = { 'content-type': 'application/json', ...headers };
    const ownAuth = Object.keys(extra).some((name) => this.#provider.authHeaders.includes(name.toLowerCase()));
    let keySent = ownAuth;
    let keyWithheld: string | undefined;
    if (!ownAuth) {
      const { key, withheld } = await this.#readKey();
      keyWithheld = withheld;
      if (key) {
        this.scrubber.add(key);
        const [name, value] = this.#provider.keyHeader(key);
        sent[name] = value;
        keySent = true;
      } else if (this.#keyRequired && !withheld) {
        throw missingSecretError(this.#keyEnv, `The ${this.label} target (${this.baseUrl})`);
      }
    }
    for (const [name, value] of Object.entries(extra)) sent[name.toLowerCase()] = value;

    // json: a 200 whose body is cut short or not JSON is retried by the client like a 503.
    const request = { url, method: 'POST', headers: sent, body: JSON.stringify(body), json: true };
    const setup: CallSetup = { ...this.host, scrubber: this.scrubber, label: this.label, keyEnv: this.#keyEnv, keySent, ...(keyWithheld ? { keyWithheld } : {}) };
    const { response, latencyMs } = await send(setup, request, signal);
    return { answer: parseJsonBody(setup, request, response), latencyMs, requests: response.attempts ?? 1 };
  }
}

/** A non-negative integer token count, or undefined. */
export function tokens(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
