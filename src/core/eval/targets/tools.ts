// The tools an `openai` or `anthropic` target declares (`tools:` and `tool_choice:` in its frontmatter block),
// checked once, and written in each API's own request shape. The spec's form is one for both providers, so a
// spec can switch provider without rewriting its tools: `tool_choice` is `auto`, `none`, `required` (the
// model must call some tool) or `{name: TOOL}` (it must call that one).
import { isRecord } from '../../util/is-record.js';
// config.ts calls checkToolsConfig; the error class is only used when a check fails, so the cycle is harmless.
import { TargetConfigError } from './config.js';

/** One declared tool: what the model is told it may call. */
export interface ToolDeclaration {
  name: string;
  description?: string;
  /** A JSON Schema of the arguments (an object schema); default: any object. */
  parameters?: Record<string, unknown>;
}

export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

/** The tool part of a chat target's configuration. */
export interface ToolsConfig {
  tools?: ToolDeclaration[];
  tool_choice?: ToolChoice;
}

/** Both APIs accept tool names of letters, digits, `_` and `-`, at most 64 characters. */
const TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const CHOICES = ['auto', 'none', 'required'];
const EMPTY_PARAMETERS = { type: 'object', properties: {} };

/** Checks `tools` and `tool_choice` of a target config; throws TargetConfigError naming what is wrong. */
export function checkToolsConfig(config: Record<string, unknown>, provider: string): void {
  const { tools, tool_choice: choice } = config;
  const names = new Set<string>();
  if (tools !== undefined) {
    if (!Array.isArray(tools)) throw new TargetConfigError(`target.tools must be a list of tools (provider "${provider}").`);
    tools.forEach((tool: unknown, index) => {
      const where = `target.tools[${index}]`;
      if (!isRecord(tool)) throw new TargetConfigError(`${where} must be an object with "name", "description" and "parameters".`);
      if (typeof tool.name !== 'string' || !TOOL_NAME.test(tool.name)) {
        throw new TargetConfigError(`${where}.name must be 1-64 letters, digits, "_" or "-" (got ${JSON.stringify(tool.name)}).`);
      }
      if (names.has(tool.name)) throw new TargetConfigError(`${where}: the tool "${tool.name}" is declared twice.`);
      names.add(tool.name);
      if (tool.description !== undefined && typeof tool.description !== 'string') throw new TargetConfigError(`${where}.description must be a string.`);
      if (tool.parameters !== undefined && !isRecord(tool.parameters)) throw new TargetConfigError(`${where}.parameters must be a JSON Schema object.`);
    });
  }
  if (choice === undefined) return;
  if (tools === undefined || names.size === 0) throw new TargetConfigError('target.tool_choice needs target.tools (the tools the model may call).');
  if (typeof choice === 'string' && CHOICES.includes(choice)) return;
  if (isRecord(choice) && typeof choice.name === 'string' && Object.keys(choice).length === 1) {
    if (!names.has(choice.name)) throw new TargetConfigError(`target.tool_choice names "${choice.name}", which is not one of target.tools (${[...names].join(', ')}).`);
    return;
  }
  throw new TargetConfigError(`target.tool_choice must be auto, none, required or {name: TOOL} (got ${JSON.stringify(choice)}).`);
}

/** The Chat Completions request members: `tools: [{type: function, function}]` and `tool_choice`. */
export function openAIToolsRequest(config: ToolsConfig): Record<string, unknown> {
  if (!config.tools || config.tools.length === 0) return {};
  const tools = config.tools.map((tool) => ({
    type: 'function',
    function: { name: tool.name, ...(tool.description !== undefined ? { description: tool.description } : {}), parameters: tool.parameters ?? EMPTY_PARAMETERS },
  }));
  const choice = config.tool_choice;
  if (choice === undefined) return { tools };
  return { tools, tool_choice: typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } } };
}

/** The Messages request members: `tools: [{name, description, input_schema}]` and `tool_choice: {type, name?}`. */
export function anthropicToolsRequest(config: ToolsConfig): Record<string, unknown> {
  if (!config.tools || config.tools.length === 0) return {};
  const tools = config.tools.map((tool) => ({
    name: tool.name,
    ...(tool.description !== undefined ? { description: tool.description } : {}),
    input_schema: tool.parameters ?? EMPTY_PARAMETERS,
  }));
  const choice = config.tool_choice;
  if (choice === undefined) return { tools };
  const anthropicChoice = choice === 'required' ? { type: 'any' } : typeof choice === 'string' ? { type: choice } : { type: 'tool', name: choice.name };
  return { tools, tool_choice: anthropicChoice };
}
