// The workspace-trust rule of the running features, under plain mocha (the real-VS Code harness opens its
// workspace trusted; test/vscode/suite/running-trust.test.ts forces the untrusted state there too). Nothing
// runs untrusted, whatever the target: here a real runSpecFile on a command target that leaves a marker.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGate, UNTRUSTED_MESSAGE, whenTrusted } from '../../../src/extension/running/trust-gate.js';
import { runSpecFile } from '../../../src/node/run-spec.js';
import { EDITOR_GRANT_ADVICE, editorGrants } from '../../../src/extension/running/editor-grants.js';
import { filesystemRoots } from '../../../src/node/grants.js';

const SPEC = `---
aispec: 1
id: trust-gate
title: Leaves a marker when it runs
target:
  provider: command
  command: [node, -e, "require('fs').writeFileSync('ran.marker', 'x'); process.stdout.write('hello')"]
---

## Goal

Runs a program.

\`\`\`yaml cases
- id: one
  input: hi
  checks:
    - icontains: hello
\`\`\`
`;

// A trusted workspace's permissions, as the run manager maps them: programs may run.
const trustedGrants = { grants: editorGrants({ trusted: true, allowEnv: [], allowHosts: [], storedKeys: [], roots: filesystemRoots() }).grants, grantAdvice: EDITOR_GRANT_ADVICE };

describe('extension running: workspace trust gate', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aispec-trust-'));
    writeFileSync(join(dir, 'trust.aispec.md'), SPEC);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = () => runSpecFile(join(dir, 'trust.aispec.md'), { aispecVersion: 'test', save: true, ...trustedGrants });

  it('allows a trusted workspace and blocks an untrusted one, saying why', () => {
    assert.deepEqual(runGate(true), { allowed: true });
    const blocked = runGate(false);
    assert.equal(blocked.allowed, false);
    assert.equal(!blocked.allowed && blocked.message, UNTRUSTED_MESSAGE);
    assert.match(UNTRUSTED_MESSAGE, /command targets/);
    assert.match(UNTRUSTED_MESSAGE, /API keys/);
    assert.match(UNTRUSTED_MESSAGE, /still checked/);
  });

  it('untrusted: the run is never started (no program, no saved run)', async () => {
    let started = false;
    const outcome = await whenTrusted(() => false, () => {
      started = true;
      return run();
    });
    assert.equal(started, false);
    assert.equal('allowed' in outcome && outcome.allowed, false);
    assert.equal(existsSync(join(dir, 'ran.marker')), false);
    assert.equal(existsSync(join(dir, '.aispec')), false);
  });

  it('trusted: the same spec runs its program (so the untrusted case proves something)', async () => {
    const outcome = await whenTrusted(() => true, run);
    assert.ok(!('allowed' in outcome) && outcome.kind === 'ran', JSON.stringify(outcome));
    assert.equal(outcome.results.cases[0]?.status, 'pass');
    assert.equal(existsSync(join(dir, 'ran.marker')), true);
  });

  it('asks for trust at call time, not when the gate was made', async () => {
    let trusted = false;
    const gate = () => trusted;
    assert.notEqual(await whenTrusted(gate, async () => 'ran'), 'ran');
    trusted = true;
    assert.equal(await whenTrusted(gate, async () => 'ran'), 'ran');
  });
});
