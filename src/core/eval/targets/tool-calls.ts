// Reading the tool calls out of a model's answer, in each API's shape, into the one form results keep:
// `{name, arguments}` with the arguments parsed. OpenAI sends the arguments as a JSON string, which a model
// can get wrong; such a call is kept with the raw text and `arguments_error`, so a check on its arguments
// fails with the reason instead of the whole case erroring.
import type { ToolCall } from '../../../shared/results.js';
import { isRecord } from '../../util/is-record.js';

/** Chat Completions: `message.tool_calls[].function.{name, arguments}`; entries without a name are skipped. */
export function readOpenAIToolCalls(message: unknown): ToolCall[] {
  const calls = isRecord(message) ? message.tool_calls : undefined;
  if (!Array.isArray(calls)) return [];
  const read: ToolCall[] = [];
  for (const call of calls) {
    const fn = isRecord(call) ? call.function : undefined;
    if (!isRecord(fn) || typeof fn.name !== 'string') continue;
    read.push(toolCallFromJsonText(fn.name, fn.arguments));
  }
  return read;
}

/** Messages API: the content blocks `{type: "tool_use", name, input}` (input is already an object). */
export function readAnthropicToolCalls(content: readonly unknown[]): ToolCall[] {
  const read: ToolCall[] = [];
  for (const block of content) {
    if (!isRecord(block) || block.type !== 'tool_use' || typeof block.name !== 'string') continue;
    read.push({ name: block.name, arguments: block.input ?? {} });
  }
  return read;
}

/**
 * A call whose arguments arrive as JSON text: parsed, or kept raw with `arguments_error`. Arguments that
 * are already a value (a recorded log may store the object) are kept as they are; none at all is `{}`.
 */
export function toolCallFromJsonText(name: string, args: unknown): ToolCall {
  if (args === undefined || args === null || args === '') return { name, arguments: {} };
  if (typeof args !== 'string') return { name, arguments: args };
  try {
    return { name, arguments: JSON.parse(args) as unknown };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { name, arguments: args, arguments_error: `the arguments are not valid JSON (${why})` };
  }
}
