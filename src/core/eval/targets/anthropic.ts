// Anthropic Messages API (`POST {base}/v1/messages`, x-api-key + anthropic-version 2023-06-01). System text
// goes top-level; the answer is the text of the content blocks. Also the judge's ChatModel: the API has no
// JSON mode, so `json: true` adds a one-line instruction to the system prompt.
import type { ChatMessage } from '../../spec/types.js';
import { CaseError, type TargetOutput } from '../types.js';
import type { ToolCall, Usage } from '../../../shared/results.js';
import { ChatTarget, tokens, type ChatHost, type ChatProvider } from './chat-base.js';
import type { AnthropicTargetConfig, ChatJudgeConfig } from './config.js';
import { readAnthropicToolCalls } from './tool-calls.js';
import { anthropicToolsRequest, type ToolsConfig } from './tools.js';
import { joinUrl, topLevelKeys } from './util.js';

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';
export const ANTHROPIC_DEFAULT_KEY_ENV = 'ANTHROPIC_API_KEY';
export const ANTHROPIC_VERSION = '2023-06-01';
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 1024;
export const JSON_INSTRUCTION = 'Answer with a single JSON object and nothing else.';

export const ANTHROPIC: ChatProvider = {
  name: 'anthropic',
  defaultBaseUrl: ANTHROPIC_DEFAULT_BASE_URL,
  defaultKeyEnv: ANTHROPIC_DEFAULT_KEY_ENV,
  ownApi: /^https:\/\/api\.anthropic\.com(\/|$)/,
  authHeaders: ['x-api-key', 'authorization'],
  keyHeader: (key) => ['x-api-key', key],
  defaultMaxTokens: ANTHROPIC_DEFAULT_MAX_TOKENS,
};

export class AnthropicTarget extends ChatTarget<AnthropicTargetConfig | (ChatJudgeConfig & { provider: 'anthropic' })> {
  constructor(config: AnthropicTargetConfig | (ChatJudgeConfig & { provider: 'anthropic' }), system: string | undefined, host: ChatHost) {
    super(ANTHROPIC, config, system, host);
  }

  protected async chat(messages: ChatMessage[], signal: AbortSignal, json: boolean): Promise<TargetOutput> {
    const config = this.config;
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
    Object.assign(body, anthropicToolsRequest(config as ToolsConfig));

    const url = /\/v1$/.test(this.baseUrl) ? joinUrl(this.baseUrl, 'messages') : joinUrl(this.baseUrl, 'v1/messages');
    const { answer, latencyMs, requests } = await this.postJson(url, { 'anthropic-version': ANTHROPIC_VERSION }, body, signal);
    const { text, toolCalls } = readAnthropicAnswer(answer);
    const output: TargetOutput = { output: this.scrubber.scrubKnown(text), latency_ms: latencyMs, requests, ...usageOf(answer) };
    if (toolCalls.length > 0) output.toolCalls = toolCalls;
    return output;
  }
}

/** The text and the tool_use blocks of a Messages answer: tool use without text is an answer whose text is "". */
export function readAnthropicAnswer(answer: unknown): { text: string; toolCalls: ToolCall[] } {
  const content = (answer as { content?: unknown })?.content;
  const toolCalls = Array.isArray(content) ? readAnthropicToolCalls(content) : [];
  if (Array.isArray(content) && toolCalls.length > 0 && !content.some((b: { type?: unknown }) => b?.type === 'text')) return { text: '', toolCalls };
  return { text: readAnthropicOutput(answer), toolCalls };
}

/** The text blocks of a Messages answer joined; no text at all (and no tool use) is an error. */
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
