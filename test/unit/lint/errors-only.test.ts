// Checking a spec to run it (`aispec eval`, the editor's runs): only rules whose severity is `error` can stop a
// run, so only they run, and the latest saved run (read from disk for gate-power, which sizes rate gates by it)
// is read only when such a rule needs it. Parse and schema problems are all kept.
import assert from 'node:assert/strict';
import { checkSpec } from '../../../src/core/check.js';
import type { LastRunRates } from '../../../src/core/lint/index.js';
import { memorySpecHost } from '../../support/memory-host.js';
import { FRONTMATTER, buildSpec } from './helpers.js';

const FILE = '/p/refund.aispec.md';
/** No Goal (missing-goal, a warning), a pass_rate gate (gate-power, info), and an optional spec `lint:` map. */
const spec = (lintMap?: string) => buildSpec({ goal: null, frontmatter: lintMap ? `${FRONTMATTER}\nlint:\n${lintMap}` : FRONTMATTER });

async function check(text: string, errorsOnly: boolean, severities?: Record<string, 'error' | 'warning' | 'info' | 'off'>) {
  const asked: string[] = [];
  const lastRun = async (id: string): Promise<LastRunRates> => {
    asked.push(id);
    return { pass_rate: { rate: 0.9, n: 40 } };
  };
  const { diagnostics } = await checkSpec(FILE, memorySpecHost({ [FILE]: text }), { lastRun, errorsOnly, severities });
  return { codes: diagnostics.map((d) => `${d.severity} ${d.code}`), asked };
}

describe('checking a spec to run it: errors only', () => {
  it('a full check runs every rule and reads the latest run for gate-power', async () => {
    const full = await check(spec(), false);
    assert.ok(full.codes.includes('warning missing-goal'), full.codes.join(', '));
    assert.ok(full.codes.includes('info gate-power'), full.codes.join(', '));
    assert.equal(full.asked.length, 1);
  });

  it('errors only: no warning or info rule runs, and the latest run is not read', async () => {
    const run = await check(spec(), true);
    assert.deepEqual(run.codes.filter((c) => !c.startsWith('error')), []);
    assert.deepEqual(run.asked, []);
  });

  it('errors only still runs a rule raised to error, by the workspace or the spec itself, with the latest run', async () => {
    const workspace = await check(spec(), true, { 'missing-goal': 'error' });
    assert.ok(workspace.codes.includes('error missing-goal'), workspace.codes.join(', '));
    assert.deepEqual(workspace.asked, [], 'gate-power is still info: the run is not read');
    const own = await check(spec('  gate-power: error'), true);
    assert.ok(own.codes.includes('error gate-power'), own.codes.join(', '));
    assert.equal(own.asked.length, 1);
    const full = await check(spec('  gate-power: error'), false);
    assert.deepEqual(own.codes, full.codes.filter((c) => c.startsWith('error')), 'the same errors as a full check');
  });

  it('keeps parse and schema errors', async () => {
    const broken = spec().replace('aispec: 1', 'aispec: 1\ngates: { pass_rate: "high" }');
    const run = await check(broken, true);
    const full = await check(broken, false);
    assert.ok(run.codes.some((c) => c.startsWith('error')), run.codes.join(', '));
    assert.deepEqual(run.codes, full.codes.filter((c) => c.startsWith('error')));
  });
});
