// Anthropic Messages API (`POST {base}/v1/messages`, x-api-key + anthropic-version 2023-06-01). System text
// goes top-level; the answer is the text of the content blocks. Also the judge's ChatModel: the API has no
// JSON mode, so `json: true` adds a one-line instruction to the system prompt.
import type { Usage } from '../../../shared/results.js';
import type { ChatMessage } from '../../spec/types.js';
import { CaseError, type TargetOutput } from '../types.js';
import { ChatTarget, tokens, type ChatAuth, type ChatHost } from './chat-base.js';
import type { AnthropicTargetConfig, JudgeConfig } from './config.js';
import { parseJsonBody, send, type CallSetup } from './http-call.js';
import { headersForFingerprint, missingSecretError, resolveHeaders } from './secrets.js';
import { joinUrl, stableStringify, topLevelKeys } from './util.js';

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';
export const ANTHROPIC_DEFAULT_KEY_ENV = 'ANTHROPIC_API_KEY';
export const ANTHROPIC_VERSION = '2023-06-01';
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 1024;
export const JSON_INSTRUCTION = 'Answer with a single JSON object and nothing else.';

const OWN_AUTH_HEADERS = ['x-api-key', 'authorization'];

export class AnthropicTarget extends ChatTarget {
  readonly fingerprint: string;
  readonly #config: AnthropicTargetConfig | (JudgeConfig & { provider: 'anthropic' });
  readonly #baseUrl: string;
  readonly #keyEnv: string;
  readonly #keyRequired: boolean;

  constructor(config: AnthropicTargetConfig | (JudgeConfig & { provider: 'anthropic' }), system: string | undefined, host: ChatHost) {
    super('anthropic', system, host);
    this.#config = config;
    this.#baseUrl = (config.base_url ?? ANTHROPIC_DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.#keyEnv = config.api_key_env ?? ANTHROPIC_DEFAULT_KEY_ENV;
    this.#keyRequired = config.api_key_env !== undefined || /^https:\/\/api\.anthropic\.com(\/|$)/.test(this.#baseUrl);
    this.fingerprint = stableStringify({
      provider: 'anthropic',
      model: config.model,
      base_url: this.#baseUrl,
      system,
      temperature: config.temperature,
      max_tokens: config.max_tokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
      headers: headersForFingerprint(config.headers),
    });
  }

  protected get auth(): ChatAuth {
    return { headers: this.#config.headers, ownAuthHeaders: OWN_AUTH_HEADERS, keyEnv: this.#keyEnv, keyRequired: this.#keyRequired, purpose: `The anthropic target (${this.#baseUrl})` };
  }

  protected async chat(messages: ChatMessage[], signal: AbortSignal, json: boolean): Promise<TargetOutput> {
    const config = this.#config;
    const extra = await resolveHeaders(config.headers, this.host.secrets, this.scrubber, 'the anthropic target');
    const headers: Record<string, string> = { 'content-type': 'application/json', 'anthropic-version': ANTHROPIC_VERSION };
    const ownAuth = Object.keys(extra).some((name) => OWN_AUTH_HEADERS.includes(name.toLowerCase()));
    let keySent = ownAuth;
    if (!ownAuth) {
      const key = (await this.host.secrets.get(this.#keyEnv))?.trim();
      if (key) {
        this.scrubber.add(key);
        headers['x-api-key'] = key;
        keySent = true;
      } else if (this.#keyRequired) {
        throw missingSecretError(this.#keyEnv, `The anthropic target (${this.#baseUrl})`);
      }
    }
    for (const [name, value] of Object.entries(extra)) headers[name.toLowerCase()] = value;

    // The Messages API takes system text top-level; system messages anywhere in the conversation join it.
    const systemParts = messages.filter((m) => m.role === 'system').map((m) => m.content);
    if (json) systemParts.push(JSON_INSTRUCTION);
    const body: Record<string, unknown> = {
      model: config.model,
      max_tokens: config.max_tokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
    };
    if (systemParts.length > 0) body.system = systemParts.join('\n\n');
    body.messages = messages.filter((m) => m.role !== 'system').map((m) => ({ role: m.role, content: m.content }));
    if (config.temperature !== undefined) body.temperature = config.temperature;

    const url = /\/v1$/.test(this.#baseUrl) ? joinUrl(this.#baseUrl, 'messages') : joinUrl(this.#baseUrl, 'v1/messages');
    const request = { url, method: 'POST', headers, body: JSON.stringify(body), json: true };
    const setup: CallSetup = { ...this.host, scrubber: this.scrubber, label: 'anthropic', keyEnv: this.#keyEnv, keySent };
    const { response, latencyMs } = await send(setup, request, signal);
    const answer = parseJsonBody(setup, request, response);
    return { output: this.scrubber.scrubKnown(readAnthropicOutput(answer)), latency_ms: latencyMs, requests: response.attempts ?? 1, ...usageOf(answer) };
  }
}

/** The text blocks of a Messages answer joined; no text at all (only tool use, or empty) is an error. */
export function readAnthropicOutput(answer: unknown): string {
  const record = answer as { type?: unknown; content?: unknown; stop_reason?: unknown; error?: { message?: unknown; type?: unknown } };
  if (record?.type === 'error' && typeof record.error?.message === 'string') {
    throw new CaseError(`anthropic: the server answered with an error: ${String(record.error.type ?? 'error')}: ${record.error.message}`);
  }
  if (!Array.isArray(record?.content)) {
    throw new CaseError(`anthropic: the response has no "content" list (top-level keys: ${topLevelKeys(answer)}).`);
  }
  const texts = record.content.filter((b: { type?: unknown; text?: unknown }) => b?.type === 'text' && typeof b.text === 'string');
  if (texts.length === 0) {
    const kinds = record.content.map((b: { type?: unknown }) => String(b?.type)).join(', ') || 'none';
    throw new CaseError(`anthropic: the answer has no text block (blocks: ${kinds}; stop_reason: ${JSON.stringify(record.stop_reason ?? null)}).`);
  }
  return texts.map((b: { text: string }) => b.text).join('');
}

function usageOf(answer: unknown): { usage?: Usage } {
  const usage = (answer as { usage?: Record<string, unknown> })?.usage;
  const input = tokens(usage?.input_tokens);
  const output = tokens(usage?.output_tokens);
  if (input === undefined && output === undefined) return {};
  // Prompt-cache tokens are counted apart from input_tokens by the API; they were still read.
  const cached = (tokens(usage?.cache_creation_input_tokens) ?? 0) + (tokens(usage?.cache_read_input_tokens) ?? 0);
  return { usage: { input_tokens: (input ?? 0) + cached, output_tokens: output ?? 0 } };
}
