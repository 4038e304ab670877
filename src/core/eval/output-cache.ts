// What identifies a cached target output: the target's fingerprint (provider, model, prompt, parameters;
// never secrets) and what the case sends. The cache itself (OutputCache, ../host.ts) lives in the host.
import type { Case } from '../spec/types.js';

/** The text that identifies one output; the host hashes it into a file name. `attempt` separates --repeat tries. */
export function cacheKeyMaterial(fingerprint: string, testCase: Case, attempt: number): string {
  return JSON.stringify({ v: 1, target: fingerprint, input: testCase.input ?? null, messages: testCase.messages ?? null, vars: testCase.vars, id: testCase.id, attempt });
}
