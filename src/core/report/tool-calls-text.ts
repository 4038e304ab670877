// A case's tool calls in one compact line for the console and Markdown reports: `→ name(args) → name(args)`,
// each call's arguments as compact JSON cut to a few dozen characters (the whole calls are in the results
// JSON and the panel). Plain text: each report sanitizes and escapes it as it does the output.
import type { ToolCall } from '../../shared/results.js';

const MAX_ARGUMENT_CHARS = 60;

export function toolCallsLine(calls: readonly ToolCall[]): string {
  return calls.map((call) => `→ ${call.name}(${argumentsText(call)})`).join(' ');
}

function argumentsText(call: ToolCall): string {
  // Arguments that were not valid JSON are shown as the raw text the model sent, marked.
  const text = call.arguments_error !== undefined ? `invalid JSON: ${String(call.arguments)}` : JSON.stringify(call.arguments) ?? '';
  const chars = [...text];
  return chars.length > MAX_ARGUMENT_CHARS ? `${chars.slice(0, MAX_ARGUMENT_CHARS - 1).join('')}…` : text;
}
