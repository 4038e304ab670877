// The frontmatter `target` (and `judge`) objects as docs/format.md defines them, and a light runtime check of
// what each provider needs. The spec schema validates the same shapes earlier; this check exists so that a
// target built from any other source (tests, the bench, a future API) fails with a sentence, not a crash.
import { isRecord } from '../../util/is-record.js';
import { checkToolsConfig, type ToolsConfig } from './tools.js';

/** What a chat model takes, as a target or as the judge, from OpenAI-compatible servers and Anthropic alike. */
export interface ChatModelConfig {
  model: string;
  base_url?: string;
  api_key_env?: string;
  temperature?: number;
  /** Anthropic: default 1024 (the Messages API requires it). */
  max_tokens?: number;
  /** Extra request headers (e.g. `anthropic-beta`); values may name secrets as `${ENV_NAME}`. */
  headers?: Record<string, string>;
}

export interface OpenAITargetConfig extends ChatModelConfig, ToolsConfig {
  provider: 'openai';
  system?: string;
  system_file?: string;
}

export interface AnthropicTargetConfig extends ChatModelConfig, ToolsConfig {
  provider: 'anthropic';
  system?: string;
  system_file?: string;
}

export interface HttpTargetConfig {
  provider: 'http';
  url: string;
  /** Default POST. */
  method?: string;
  headers?: Record<string, string>;
  /** Any JSON; string leaves may use `{{input}}`, `{{vars.NAME}}`, `{{id}}`, `{{messages}}`. */
  body?: unknown;
  /** Dotted path into the JSON response (`choices.0.message.content`); without it the whole body is the output. */
  output?: string;
  /** Dotted paths to the token counts in the JSON response, so the cost is known. */
  usage?: { input_tokens: string; output_tokens: string };
}

export interface CommandTargetConfig {
  provider: 'command';
  /** A command line (split like a shell would, but run without one) or an argv list. */
  command: string | string[];
  timeout_ms?: number;
  /** Working directory, relative to the spec's folder (default: the spec's folder). */
  cwd?: string;
}

export interface RecordedTargetConfig {
  provider: 'recorded';
  /** JSONL or CSV (header row) of logged outputs, relative to the spec. */
  path: string;
}

export type TargetConfig =
  | OpenAITargetConfig
  | AnthropicTargetConfig
  | HttpTargetConfig
  | CommandTargetConfig
  | RecordedTargetConfig;

/** The frontmatter `judge` as a chat model that grades criteria. */
export interface ChatJudgeConfig extends ChatModelConfig {
  provider: 'openai' | 'anthropic';
}

/** The frontmatter `judge` as verdicts already given, read from a file (see recorded-judge.ts). */
export interface RecordedJudgeConfig {
  provider: 'recorded';
  /** JSONL or CSV (header row) of verdicts, relative to the spec. */
  path: string;
}

export type JudgeConfig = ChatJudgeConfig | RecordedJudgeConfig;

export const PROVIDERS = ['openai', 'anthropic', 'http', 'command', 'recorded'] as const;

/** A target that cannot be built at all (bad config, unreadable system_file, malformed recorded file). */
export class TargetConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetConfigError';
  }
}

function requireString(config: Record<string, unknown>, key: string, provider: string): void {
  const value = config[key];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TargetConfigError(`target: provider "${provider}" needs "${key}" (a non-empty string).`);
  }
}

function optional(config: Record<string, unknown>, key: string, type: 'string' | 'number', provider: string): void {
  const value = config[key];
  if (value !== undefined && typeof value !== type) {
    throw new TargetConfigError(`target.${key} must be a ${type} (provider "${provider}").`);
  }
}

function optionalHeaders(config: Record<string, unknown>, provider: string): void {
  const headers = config.headers;
  if (headers === undefined) return;
  if (!isRecord(headers) || Object.values(headers).some((v) => typeof v !== 'string' && typeof v !== 'number')) {
    throw new TargetConfigError(`target.headers must map header names to strings (provider "${provider}").`);
  }
}

/** Checks the keys each provider needs; throws TargetConfigError naming the key. Returns the typed config. */
export function checkTargetConfig(config: unknown): TargetConfig {
  if (!isRecord(config)) throw new TargetConfigError('target must be an object with a "provider" key.');
  const provider = config.provider;
  if (typeof provider !== 'string' || !(PROVIDERS as readonly string[]).includes(provider)) {
    throw new TargetConfigError(`target.provider must be one of ${PROVIDERS.join(', ')} (got ${JSON.stringify(provider)}).`);
  }
  switch (provider) {
    case 'openai':
    case 'anthropic':
      requireString(config, 'model', provider);
      for (const key of ['base_url', 'api_key_env', 'system', 'system_file']) optional(config, key, 'string', provider);
      for (const key of ['temperature', 'max_tokens']) optional(config, key, 'number', provider);
      if (config.system !== undefined && config.system_file !== undefined) {
        throw new TargetConfigError('target: give "system" or "system_file", not both.');
      }
      optionalHeaders(config, provider);
      checkToolsConfig(config, provider);
      break;
    case 'http':
      requireString(config, 'url', provider);
      optional(config, 'method', 'string', provider);
      optional(config, 'output', 'string', provider);
      optionalHeaders(config, provider);
      if (config.usage !== undefined) {
        const usage = config.usage as Record<string, unknown> | null;
        const ok = typeof usage === 'object' && usage !== null && typeof usage.input_tokens === 'string' && typeof usage.output_tokens === 'string';
        if (!ok) throw new TargetConfigError('target.usage must be { input_tokens: PATH, output_tokens: PATH } (dotted paths into the JSON response).');
      }
      break;
    case 'command': {
      const command = config.command;
      const ok =
        (typeof command === 'string' && command.trim() !== '') ||
        (Array.isArray(command) && command.length > 0 && command.every((a) => typeof a === 'string') && command[0] !== '');
      if (!ok) throw new TargetConfigError('target: provider "command" needs "command" (a command line or a non-empty argv list).');
      optional(config, 'timeout_ms', 'number', provider);
      optional(config, 'cwd', 'string', provider);
      break;
    }
    case 'recorded':
      requireString(config, 'path', provider);
      break;
  }
  return config as unknown as TargetConfig;
}
