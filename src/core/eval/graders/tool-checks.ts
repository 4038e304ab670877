// The checks on a target's tool calls (an agent is judged by what it does, not only by what it says):
// - `tool-called: NAME`: some call to NAME was made; with `arguments: SCHEMA`, some call to NAME has
//   arguments valid against that JSON Schema (a call whose arguments were not valid JSON never is);
// - `no-tool-called: NAME` or `no-tool-called: /regex/flags`: no call to that tool (the regex searches the
//   name, so anchor it: `/^(delete|send)_/`);
// - `max-tool-calls: N`: at most N calls in all.
import type { ToolCall } from '../../../shared/results.js';
import { readSlashRegex } from '../../spec/slash-regex.js';
import { compileSchema, describeSchemaErrors } from './json-schema.js';
import { quote, showRegex } from './quote.js';
import { compileRegex, searchRegex } from './regex.js';

export type ToolCheckOutcome = { passed: boolean; reason: string } | { error: string };

export function toolCalled(value: unknown, calls: readonly ToolCall[], argumentsSchema: unknown): ToolCheckOutcome {
  if (typeof value !== 'string' || value === '') return { error: `takes a tool name, got ${JSON.stringify(value)}` };
  const named = calls.filter((call) => call.name === value);
  if (named.length === 0) return { passed: false, reason: `no call to ${quote(value)} (${madeCalls(calls)})` };
  if (argumentsSchema === undefined) return { passed: true, reason: `called ${quote(value)}${named.length > 1 ? ` ${named.length} times` : ''}` };
  const validator = compileSchema(argumentsSchema);
  if ('error' in validator) return { error: `arguments: ${validator.error}` };
  const problems: string[] = [];
  for (const [index, call] of named.entries()) {
    const which = named.length > 1 ? `call ${index + 1} of ${named.length}` : 'the call';
    if (call.arguments_error !== undefined) problems.push(`${which}: ${call.arguments_error}`);
    else if (validator.validate(call.arguments)) return { passed: true, reason: `called ${quote(value)} with arguments that match the schema` };
    else problems.push(`${which}: ${describeSchemaErrors(validator.validate.errors ?? [])}`);
  }
  return { passed: false, reason: `called ${quote(value)}, but not with arguments that match the schema: ${problems.join('; ')}` };
}

export function noToolCalled(value: unknown, calls: readonly ToolCall[]): ToolCheckOutcome {
  if (typeof value !== 'string' || value === '') return { error: `takes a tool name or /regex/, got ${JSON.stringify(value)}` };
  const slashed = readSlashRegex(value);
  if (!slashed) {
    const count = calls.filter((call) => call.name === value).length;
    return count === 0
      ? { passed: true, reason: `no call to ${quote(value)}` }
      : { passed: false, reason: `called ${quote(value)}${count > 1 ? ` ${count} times` : ''}` };
  }
  const compiled = compileRegex(slashed.pattern, slashed.flags);
  if (!compiled.ok) return { error: compiled.error };
  const shown = showRegex(slashed.pattern, slashed.flags);
  for (const call of calls) {
    const search = searchRegex(compiled.regex, call.name);
    if (!search.ok) return { error: search.error };
    if (search.match) return { passed: false, reason: `called ${quote(call.name)}, which matches ${shown}` };
  }
  return { passed: true, reason: `no call matches ${shown}` };
}

export function maxToolCalls(value: unknown, calls: readonly ToolCall[]): ToolCheckOutcome {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) return { error: `takes a whole number ≥ 0, got ${JSON.stringify(value)}` };
  return { passed: calls.length <= value, reason: `made ${plural(calls.length)}, limit ${value}` };
}

function madeCalls(calls: readonly ToolCall[]): string {
  if (calls.length === 0) return 'no tool was called';
  const names = [...new Set(calls.map((call) => call.name))];
  return `called: ${names.map((name) => quote(name)).join(', ')}`;
}

function plural(n: number): string {
  return `${n} tool call${n === 1 ? '' : 's'}`;
}
