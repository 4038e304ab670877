// One exchange with the judge model that must end in a JSON answer of a known shape. A malformed answer is
// repaired once: a second call shows the judge its own answer, what was wrong with it and the required
// format. A second malformed answer is a CaseError with the problem, so the case ends as `error`: the judge
// never silently passes or fails a case.
import type { Case, ChatMessage } from '../../spec/types.js';
import { CaseError, type ChatModel, type TargetOutput } from '../types.js';
import { parseJsonLenient } from './json-text.js';
import { quote } from './quote.js';

/** What the judge cost for one case: every call, including repairs (and calls whose answer was unusable). */
export interface JudgeUsage {
  calls: number;
  input_tokens: number;
  output_tokens: number;
  latency_ms: number;
}

export function emptyJudgeUsage(): JudgeUsage {
  return { calls: 0, input_tokens: 0, output_tokens: 0, latency_ms: 0 };
}

/** Turns a parsed answer into the value wanted, or names what is wrong with it (shown to the judge on repair). */
export type AnswerReader<T> = (answer: unknown) => { ok: true; value: T } | { ok: false; problem: string };

export interface JudgeExchange<T> {
  judge: ChatModel;
  messages: ChatMessage[];
  read: AnswerReader<T>;
  /** The required format, as shown to the judge in the repair request. */
  format: string;
  /** What the judge was asked, for the error reason: "grading criteria", "choosing a label". */
  task: string;
  signal: AbortSignal;
  /** Accumulates tokens, latency and calls; updated even when the exchange ends in an error. */
  usage: JudgeUsage;
}

export async function askJudgeForJson<T>(exchange: JudgeExchange<T>): Promise<T> {
  const { judge, messages, read, format, task, signal, usage } = exchange;
  const first = await call(judge, messages, signal, usage);
  const firstRead = readAnswer(first.output, read);
  if (firstRead.ok) return firstRead.value;

  const repair: ChatMessage[] = [
    ...messages,
    // Some APIs refuse an empty assistant turn; the judge must still see that it said nothing.
    { role: 'assistant', content: first.output.trim() === '' ? '(empty answer)' : first.output },
    {
      role: 'user',
      content:
        `Your answer could not be used: ${firstRead.problem}.\n` +
        `Answer again with only a JSON object in exactly this format, and nothing else:\n${format}`,
    },
  ];
  const second = await call(judge, repair, signal, usage);
  const secondRead = readAnswer(second.output, read);
  if (secondRead.ok) return secondRead.value;
  throw new CaseError(
    `judge gave a malformed answer ${task}, even after one repair: ${secondRead.problem} (answer: ${quote(second.output, 80)})`,
  );
}

async function call(judge: ChatModel, messages: ChatMessage[], signal: AbortSignal, usage: JudgeUsage): Promise<TargetOutput> {
  usage.calls += 1;
  const answer = await judge.complete(messages, { signal, json: true });
  usage.input_tokens += answer.usage?.input_tokens ?? 0;
  usage.output_tokens += answer.usage?.output_tokens ?? 0;
  usage.latency_ms += answer.latency_ms ?? 0;
  return answer;
}

function readAnswer<T>(text: string, read: AnswerReader<T>): { ok: true; value: T } | { ok: false; problem: string } {
  const parsed = parseJsonLenient(text);
  if (!parsed.ok) return { ok: false, problem: `the answer is ${parsed.error}` };
  return read(parsed.value);
}

/** The case's input as the judge reads it: the user message, or the conversation one turn a line. */
export function renderCaseInput(testCase: Case): string {
  if (testCase.messages && testCase.messages.length > 0) {
    return testCase.messages.map((m) => `${m.role}: ${m.content}`).join('\n\n');
  }
  return testCase.input ?? '(no input)';
}
