// OpenAI Chat Completions (`POST {base_url}/chat/completions`): OpenAI itself and every compatible server
// (Azure OpenAI, Ollama, vLLM, LM Studio, llama.cpp). Also the judge's ChatModel, with `json: true` asking for
// `response_format: {type: "json_object"}`.
import type { Usage } from '../../../shared/results.js';
import type { ChatMessage } from '../../spec/types.js';
import { CaseError, type TargetOutput } from '../types.js';
import { ChatTarget, tokens, type ChatAuth, type ChatHost } from './chat-base.js';
import type { JudgeConfig, OpenAITargetConfig } from './config.js';
import { parseJsonBody, send, type CallSetup } from './http-call.js';
import { headersForFingerprint, missingSecretError, resolveHeaders } from './secrets.js';
import { joinUrl, stableStringify, topLevelKeys } from './util.js';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const OPENAI_DEFAULT_KEY_ENV = 'OPENAI_API_KEY';

const OWN_AUTH_HEADERS = ['authorization', 'api-key'];

export class OpenAITarget extends ChatTarget {
  readonly fingerprint: string;
  readonly #config: OpenAITargetConfig | (JudgeConfig & { provider: 'openai' });
  readonly #baseUrl: string;
  readonly #keyEnv: string;
  /** OpenAI itself needs a key; a local server (Ollama, llama.cpp) usually does not, unless the spec names one. */
  readonly #keyRequired: boolean;

  constructor(config: OpenAITargetConfig | (JudgeConfig & { provider: 'openai' }), system: string | undefined, host: ChatHost) {
    super('openai', system, host);
    this.#config = config;
    this.#baseUrl = (config.base_url ?? OPENAI_DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.#keyEnv = config.api_key_env ?? OPENAI_DEFAULT_KEY_ENV;
    this.#keyRequired = config.api_key_env !== undefined || /^https:\/\/api\.openai\.com(\/|$)/.test(this.#baseUrl);
    this.fingerprint = stableStringify({
      provider: 'openai',
      model: config.model,
      base_url: this.#baseUrl,
      system,
      temperature: config.temperature,
      max_tokens: config.max_tokens,
      headers: headersForFingerprint(config.headers),
    });
  }

  protected get auth(): ChatAuth {
    return { headers: this.#config.headers, ownAuthHeaders: OWN_AUTH_HEADERS, keyEnv: this.#keyEnv, keyRequired: this.#keyRequired, purpose: `The openai target (${this.#baseUrl})` };
  }

  protected async chat(messages: ChatMessage[], signal: AbortSignal, json: boolean): Promise<TargetOutput> {
    const config = this.#config;
    const extra = await resolveHeaders(config.headers, this.host.secrets, this.scrubber, 'the openai target');
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const ownAuth = Object.keys(extra).some((name) => OWN_AUTH_HEADERS.includes(name.toLowerCase()));
    let keySent = ownAuth;
    if (!ownAuth) {
      const key = (await this.host.secrets.get(this.#keyEnv))?.trim();
      if (key) {
        this.scrubber.add(key);
        headers.authorization = `Bearer ${key}`;
        keySent = true;
      } else if (this.#keyRequired) {
        throw missingSecretError(this.#keyEnv, `The openai target (${this.#baseUrl})`);
      }
    }
    for (const [name, value] of Object.entries(extra)) headers[name.toLowerCase()] = value;

    const body: Record<string, unknown> = { model: config.model, messages };
    if (config.temperature !== undefined) body.temperature = config.temperature;
    if (config.max_tokens !== undefined) body.max_tokens = config.max_tokens;
    if (json) body.response_format = { type: 'json_object' };

    const request = { url: joinUrl(this.#baseUrl, 'chat/completions'), method: 'POST', headers, body: JSON.stringify(body), json: true };
    const setup: CallSetup = { ...this.host, scrubber: this.scrubber, label: 'openai', keyEnv: this.#keyEnv, keySent };
    const { response, latencyMs } = await send(setup, request, signal);
    const answer = parseJsonBody(setup, request, response);
    return { output: this.scrubber.scrubKnown(readOpenAIOutput(answer)), latency_ms: latencyMs, requests: response.attempts ?? 1, ...usageOf(answer) };
  }
}

/** The text of the first choice; a refusal counts as the output, a tool call or an empty answer is an error. */
export function readOpenAIOutput(answer: unknown): string {
  const choices = (answer as { choices?: unknown })?.choices;
  if (!Array.isArray(choices) || choices.length === 0) {
    const error = (answer as { error?: { message?: unknown } })?.error?.message;
    if (typeof error === 'string') throw new CaseError(`openai: the server answered with an error: ${error}`);
    throw new CaseError(`openai: the response has no "choices" (top-level keys: ${topLevelKeys(answer)}).`);
  }
  const choice = choices[0] as { message?: Record<string, unknown>; finish_reason?: unknown; text?: unknown };
  const message = choice?.message;
  const content = message?.content;
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((part) => (typeof part === 'string' ? part : typeof part?.text === 'string' ? part.text : '')).join('');
  }
  if (typeof message?.refusal === 'string') return message.refusal;
  if (typeof choice?.text === 'string') return choice.text;
  if (Array.isArray(message?.tool_calls) && message.tool_calls.length > 0) {
    throw new CaseError('openai: the model answered with a tool call, not text.');
  }
  throw new CaseError(`openai: the first choice has no message content (finish_reason: ${JSON.stringify(choice?.finish_reason ?? null)}).`);
}

function usageOf(answer: unknown): { usage?: Usage } {
  const usage = (answer as { usage?: Record<string, unknown> })?.usage;
  const input = tokens(usage?.prompt_tokens);
  const output = tokens(usage?.completion_tokens);
  return input === undefined && output === undefined ? {} : { usage: { input_tokens: input ?? 0, output_tokens: output ?? 0 } };
}
