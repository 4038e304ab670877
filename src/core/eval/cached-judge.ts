// The judge with its answers kept in the run session's cache: a resumed run asks the judge nothing it
// already answered, just as it sends no target request whose output arrived. Answers are stored as soon as
// they arrive, like target outputs, so a kill between the target's answer and the judge's loses nothing.
import type { OutputCache } from '../host.js';
import { judgeKeyMaterial } from './output-cache.js';
import type { ChatModel } from './types.js';

export interface CachedJudgeStats {
  hits: number;
}

export function cachedJudge(judge: ChatModel, cache: OutputCache, session: string, stats: CachedJudgeStats): ChatModel {
  return {
    fingerprint: judge.fingerprint,
    ...(judge.preflight ? { preflight: () => judge.preflight!() } : {}),
    // Recorded verdicts are read from the project, not asked for: there is nothing to cache.
    ...(judge.recorded ? { recorded: judge.recorded } : {}),
    async complete(messages, options) {
      const key = judgeKeyMaterial(session, judge.fingerprint, messages, options.json === true);
      const hit = await cache.get(key);
      if (hit) {
        stats.hits++;
        return hit;
      }
      const answer = await judge.complete(messages, options);
      await cache.put(key, answer);
      return answer;
    },
  };
}
