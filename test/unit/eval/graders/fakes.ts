// In-memory stand-ins for the graders' inputs: spec elements without a source file, and a judge model that
// answers from a script and records what it was asked.
import type { AntiPattern, Case, ChatMessage, Check, Criterion, SourceRange } from '../../../../src/core/spec/types.js';
import type { ChatModel, TargetOutput } from '../../../../src/core/eval/types.js';

const range: SourceRange = { file: 'test.aispec.md', start: 0, end: 0 };
const locate = () => ({ value: range });

export function makeCase(fields: Partial<Pick<Case, 'id' | 'input' | 'messages' | 'expect' | 'checks' | 'tags' | 'criteria' | 'reference'>> = {}): Case {
  return {
    id: fields.id ?? 'case-1',
    input: fields.input ?? 'How much ibuprofen should I take?',
    ...(fields.messages ? { messages: fields.messages } : {}),
    ...(fields.expect !== undefined ? { expect: fields.expect } : {}),
    ...(fields.criteria ? { criteria: fields.criteria } : {}),
    ...(fields.reference !== undefined ? { reference: fields.reference } : {}),
    tags: fields.tags ?? [],
    checks: fields.checks ?? [],
    vars: {},
    meta: {},
    raw: {},
    range,
    line: 1,
    locate,
  };
}

export function makeCriterion(
  id: string,
  fields: { weight?: number; critical?: boolean; check?: Check; text?: string; applies_to?: Criterion['applies_to'] } = {},
): Criterion {
  return {
    id,
    criterion: fields.text ?? `criterion ${id}`,
    weight: fields.weight ?? 1,
    critical: fields.critical ?? false,
    ...(fields.check ? { check: fields.check } : {}),
    ...(fields.applies_to ? { applies_to: fields.applies_to } : {}),
    range,
    locate,
  };
}

export function makeAntiPattern(name: string, detector?: { pattern: string; flags?: string }): AntiPattern {
  return {
    name,
    id: name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''),
    text: name,
    ...(detector ? { detector: { pattern: detector.pattern, flags: detector.flags ?? '', range } } : {}),
    range,
  };
}

export const output = (text: string, extra: Partial<TargetOutput> = {}): TargetOutput => ({ output: text, ...extra });

/** A judge that gives the scripted answers in order (an Error is thrown instead), 100 ms and 50+10 tokens each. */
export class ScriptedJudge implements ChatModel {
  readonly fingerprint = 'scripted-judge';
  readonly calls: ChatMessage[][] = [];
  readonly options: { json?: boolean }[] = [];

  constructor(private readonly answers: (string | Error)[]) {}

  async complete(messages: ChatMessage[], options: { signal: AbortSignal; json?: boolean }): Promise<TargetOutput> {
    this.calls.push(messages.map((m) => ({ ...m })));
    this.options.push({ json: options.json });
    const next = this.answers.shift();
    if (next === undefined) throw new Error('ScriptedJudge: no answer left for an unexpected call');
    if (next instanceof Error) throw next;
    return { output: next, latency_ms: 100, usage: { input_tokens: 50, output_tokens: 10 } };
  }

  get remaining(): number {
    return this.answers.length;
  }
}

export const signal = new AbortController().signal;
