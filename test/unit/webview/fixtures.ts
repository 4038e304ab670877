// The bundled examples, run in-process exactly as `aispec eval` runs them (recorded targets: offline,
// deterministic), for the view-model tests: the panel's numbers must equal the CLI's.
import { resolve } from 'node:path';
import { specConfig, type SpecConfig } from '../../../src/core/spec/config.js';
import { loadSpec } from '../../../src/core/spec/load.js';
import { runSpecFile } from '../../../src/node/run-spec.js';
import { nodeSpecHost } from '../../../src/node/spec-host.js';
import type { RunResults } from '../../../src/shared/results.js';
import { NO_GRANT_OPTIONS } from '../../support/grants.js';

export const repoRoot = resolve(import.meta.dirname, '../../..');
export const EXAMPLES = {
  triage: resolve(repoRoot, 'examples/support-triage/support-triage.aispec.md'),
  health: resolve(repoRoot, 'examples/health-assistant/health-assistant.aispec.md'),
} as const;
export type Example = keyof typeof EXAMPLES;

const cache = new Map<Example, Promise<{ results: RunResults; config: SpecConfig }>>();

export function example(name: Example): Promise<{ results: RunResults; config: SpecConfig }> {
  let p = cache.get(name);
  if (!p) {
    p = (async () => {
      const file = EXAMPLES[name];
      const outcome = await runSpecFile(file, { aispecVersion: 'test', save: false, cache: false, ...NO_GRANT_OPTIONS });
      if (outcome.kind !== 'ran') throw new Error(`${name} did not run: ${outcome.kind}`);
      const config = specConfig(await loadSpec(file, nodeSpecHost));
      return { results: outcome.results, config };
    })();
    cache.set(name, p);
  }
  return p.then((x) => structuredClone(x));
}
