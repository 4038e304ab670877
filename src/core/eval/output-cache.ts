// What identifies a cached answer. A target output: the run session, the target's fingerprint (provider,
// model, prompt, parameters, a command's program files; never secrets) and what the case sends. A judge
// answer: the session, the judge's fingerprint and the exact messages. The session makes the cache a way to
// resume one unfinished run, never a stand-in for a new one: a new session asks everything anew. The cache
// itself (OutputCache, ../host.ts) lives in the host, which hashes this material into a file name.
import type { Case, ChatMessage } from '../spec/types.js';

/** The text that identifies one target output. `attempt` separates --repeat tries. */
export function cacheKeyMaterial(session: string, fingerprint: string, testCase: Case, attempt: number): string {
  return JSON.stringify({ v: 2, session, target: fingerprint, input: testCase.input ?? null, messages: testCase.messages ?? null, vars: testCase.vars, id: testCase.id, attempt });
}

/** The text that identifies one judge answer: the same messages to the same judge in the same session. */
export function judgeKeyMaterial(session: string, fingerprint: string, messages: readonly ChatMessage[], json: boolean): string {
  return JSON.stringify({ v: 2, session, judge: fingerprint, messages, json });
}
