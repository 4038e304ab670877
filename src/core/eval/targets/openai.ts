// OpenAI Chat Completions (`POST {base_url}/chat/completions`): OpenAI itself and every compatible server
// (Azure OpenAI, Ollama, vLLM, LM Studio, llama.cpp). Also the judge's ChatModel, with `json: true` asking for
// `response_format: {type: "json_object"}`.
import type { ChatMessage } from '../../spec/types.js';
import { CaseError, type TargetOutput } from '../types.js';
import type { ToolCall, Usage } from '../../../shared/results.js';
import { ChatTarget, tokens, type ChatHost, type ChatProvider } from './chat-base.js';
import type { ChatJudgeConfig, OpenAITargetConfig } from './config.js';
import { readOpenAIToolCalls } from './tool-calls.js';
import { openAIToolsRequest, type ToolsConfig } from './tools.js';
import { joinUrl, topLevelKeys } from './util.js';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const OPENAI_DEFAULT_KEY_ENV = 'OPENAI_API_KEY';

export const OPENAI: ChatProvider = {
  name: 'openai',
  defaultBaseUrl: OPENAI_DEFAULT_BASE_URL,
  defaultKeyEnv: OPENAI_DEFAULT_KEY_ENV,
  ownApi: /^https:\/\/api\.openai\.com(\/|$)/,
  // `api-key` is Azure OpenAI's.
  authHeaders: ['authorization', 'api-key'],
  keyHeader: (key) => ['authorization', `Bearer ${key}`],
};

export class OpenAITarget extends ChatTarget<OpenAITargetConfig | (ChatJudgeConfig & { provider: 'openai' })> {
  constructor(config: OpenAITargetConfig | (ChatJudgeConfig & { provider: 'openai' }), system: string | undefined, host: ChatHost) {
    super(OPENAI, config, system, host);
  }

  protected async chat(messages: ChatMessage[], signal: AbortSignal, json: boolean): Promise<TargetOutput> {
    const config = this.config;
    const body: Record<string, unknown> = { model: config.model, messages };
    if (config.temperature !== undefined) body.temperature = config.temperature;
    if (config.max_tokens !== undefined) body.max_tokens = config.max_tokens;
    if (json) body.response_format = { type: 'json_object' };
    Object.assign(body, openAIToolsRequest(config as ToolsConfig));

    const { answer, latencyMs, requests } = await this.postJson(joinUrl(this.baseUrl, 'chat/completions'), {}, body, signal);
    const { text, toolCalls } = readOpenAIAnswer(answer);
    const output: TargetOutput = { output: this.scrubber.scrubKnown(text), latency_ms: latencyMs, requests, ...usageOf(answer) };
    if (toolCalls.length > 0) output.toolCalls = toolCalls;
    return output;
  }
}

/** The text and tool calls of the first choice: tool calls without text are an answer whose text is "". */
export function readOpenAIAnswer(answer: unknown): { text: string; toolCalls: ToolCall[] } {
  const choices = (answer as { choices?: unknown })?.choices;
  const message = Array.isArray(choices) ? (choices[0] as { message?: unknown } | undefined)?.message : undefined;
  const toolCalls = readOpenAIToolCalls(message);
  if (toolCalls.length > 0) {
    const content = (message as { content?: unknown }).content;
    return { text: content === null || content === undefined || content === '' ? '' : readOpenAIOutput(answer), toolCalls };
  }
  return { text: readOpenAIOutput(answer), toolCalls };
}

/** The text of the first choice; a refusal counts as the output, an empty answer is an error. */
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
  // Readable tool calls never get here (readOpenAIAnswer keeps them); these have no function name.
  if (Array.isArray(message?.tool_calls) && message.tool_calls.length > 0) {
    throw new CaseError('openai: the model answered with tool calls that name no function.');
  }
  throw new CaseError(`openai: the first choice has no message content (finish_reason: ${JSON.stringify(choice?.finish_reason ?? null)}).`);
}

function usageOf(answer: unknown): { usage?: Usage } {
  const usage = (answer as { usage?: Record<string, unknown> })?.usage;
  const input = tokens(usage?.prompt_tokens);
  const output = tokens(usage?.completion_tokens);
  return input === undefined && output === undefined ? {} : { usage: { input_tokens: input ?? 0, output_tokens: output ?? 0 } };
}
