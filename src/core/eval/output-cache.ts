// The on-disk cache of target outputs lives in the host; the core decides what identifies an output: the
// target's fingerprint (provider, model, prompt, parameters; never secrets) and what the case sends.
import type { Case } from '../spec/types.js';
import type { TargetOutput } from './types.js';

export interface OutputCache {
  get(key: string): Promise<TargetOutput | undefined>;
  put(key: string, output: TargetOutput): Promise<void>;
}

/** The text that identifies one output; the host hashes it into a file name. `attempt` separates --repeat tries. */
export function cacheKeyMaterial(fingerprint: string, testCase: Case, attempt: number): string {
  return JSON.stringify({ v: 1, target: fingerprint, input: testCase.input ?? null, messages: testCase.messages ?? null, vars: testCase.vars, id: testCase.id, attempt });
}
