// Builds the target a spec's frontmatter `target` describes, and the judge's chat model. Everything a target
// needs from the host (HTTP, processes, secrets, files) comes in through `deps`, so the core stays host-free.
//
// createTarget rejects with TargetConfigError when the target cannot exist at all (a missing key in the
// config, an unreadable system_file, a malformed recorded file); problems of one case (a missing API key,
// an HTTP error, a timeout, a missing recorded id) surface later as a CaseError from `run`.
import type { ChatModel, Target } from '../types.js';
import { AnthropicTarget } from './anthropic.js';
import { CommandTarget } from './command.js';
import { checkTargetConfig, TargetConfigError, type ChatJudgeConfig, type JudgeConfig, type TargetConfig } from './config.js';
import { DEFAULT_TIMEOUT_MS, loadSystem, readNamedFile, type TargetDeps, type TargetOptions } from './deps.js';
import { HttpTarget } from './http.js';
import { OpenAITarget } from './openai.js';
import { RecordedJudge } from './recorded-judge.js';
import { RecordedTarget } from './recorded.js';

export type { TargetDeps, TargetOptions } from './deps.js';
export * from './config.js';
export { AnthropicTarget } from './anthropic.js';
export { CommandTarget, splitArgv } from './command.js';
export { HttpTarget } from './http.js';
export { OpenAITarget } from './openai.js';
export { RecordedTarget } from './recorded.js';
export { RecordedJudge } from './recorded-judge.js';
export { renderJson, renderTemplate, type TemplateContext } from './template.js';
export { firstSecretSource, Scrubber } from './secrets.js';
export { getPath, stableStringify } from './util.js';

/**
 * `config` is the frontmatter `target` as parsed (a TargetConfig; checked here, so plain parsed YAML is fine).
 * The openai and anthropic targets are also ChatModels (see createChatModel for the judge).
 */
export async function createTarget(config: TargetConfig | Record<string, unknown>, deps: TargetDeps, options: TargetOptions = {}): Promise<Target> {
  const checked = checkTargetConfig(config);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const chatHost = { http: deps.http, secrets: deps.secrets, timeoutMs };
  switch (checked.provider) {
    case 'openai':
      return new OpenAITarget(checked, await loadSystem(checked, deps), chatHost);
    case 'anthropic':
      return new AnthropicTarget(checked, await loadSystem(checked, deps), chatHost);
    case 'http':
      return new HttpTarget(checked, chatHost);
    case 'command':
      return CommandTarget.create(checked, { process: deps.process, resolvePath: (p) => deps.resolvePath(p), ...(deps.fileDigest ? { fileDigest: deps.fileDigest } : {}), timeoutMs });
    case 'recorded':
      return new RecordedTarget(checked.path, await readNamedFile(deps, checked.path, 'target.path', 'recorded outputs'), options.caseIds);
  }
}

/**
 * The judge of the frontmatter `judge`: a chat model, or (provider `recorded`) verdicts read from a file in
 * the project. Rejects with TargetConfigError when it cannot exist (no model, an unreadable or malformed file).
 */
export async function createJudge(config: JudgeConfig | Record<string, unknown>, deps: Pick<TargetDeps, 'http' | 'secrets' | 'readFile' | 'resolvePath'>, options: TargetOptions = {}): Promise<ChatModel> {
  if (typeof config === 'object' && config !== null && config.provider === 'recorded') {
    const path = (config as { path?: unknown }).path;
    if (typeof path !== 'string' || path.trim() === '') throw new TargetConfigError('judge: provider "recorded" needs "path" (a .jsonl or .csv file of verdicts, relative to the spec).');
    return new RecordedJudge(path, await readNamedFile(deps, path, 'judge.path', 'recorded judge verdicts'));
  }
  const provider = typeof config === 'object' && config !== null ? config.provider : undefined;
  if (provider !== 'openai' && provider !== 'anthropic') throw new TargetConfigError(`judge.provider must be openai, anthropic or recorded (got ${JSON.stringify(provider)}).`);
  return createChatModel(config, deps, options);
}

/** A chat model as the judge: OpenAI-compatible or Anthropic, from the frontmatter `judge`. */
export function createChatModel(config: JudgeConfig | Record<string, unknown>, deps: Pick<TargetDeps, 'http' | 'secrets'>, options: TargetOptions = {}): ChatModel {
  const record = (typeof config === 'object' && config !== null ? config : {}) as Partial<ChatJudgeConfig>;
  if (record.provider !== 'openai' && record.provider !== 'anthropic') {
    throw new TargetConfigError(`judge.provider must be openai or anthropic (got ${JSON.stringify(record.provider)}).`);
  }
  if (typeof record.model !== 'string' || record.model.trim() === '') {
    throw new TargetConfigError('judge: "model" is required (a non-empty string).');
  }
  const host = { http: deps.http, secrets: deps.secrets, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS };
  // The judge samples at temperature 0 unless the spec says otherwise (schema default).
  const judge = { ...(record as ChatJudgeConfig), temperature: record.temperature ?? 0 };
  return judge.provider === 'openai'
    ? new OpenAITarget({ ...judge, provider: 'openai' }, undefined, host)
    : new AnthropicTarget({ ...judge, provider: 'anthropic' }, undefined, host);
}
