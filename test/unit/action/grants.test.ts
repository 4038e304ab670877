// Permissions come from the workflow's inputs only, passed to the CLI as its --allow-* flags: a spec that asks
// to send a secret to its own server, or to run a program, is refused until the inputs grant it.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startOpenAIServer, type ModelServer } from '../../fixtures/servers/model-server.js';
import { buildCli } from '../cli/run-cli.js';
import { removeTemporaryFolders, runAction, workspaceWith } from './run-action.js';

const KEY = 'gateway-key-value-0123456789';

function spec(frontmatter: string): string {
  return `---\naispec: 1\nid: probe\ntitle: Probe\n${frontmatter}\n---\n\n## Goal\nSay hi.\n\n\`\`\`yaml cases\n- id: a\n  input: hi\n  checks:\n    - icontains: hi\n\`\`\`\n`;
}

describe('GitHub Action: grants from the inputs (scripts run locally)', function () {
  this.timeout(120_000);
  after(removeTemporaryFolders);
  let server: ModelServer;
  before(buildCli);
  before(async () => {
    server = await startOpenAIServer({ reply: () => 'hi there' });
  });
  after(() => server.close());

  it('allow-env and allow-host let a secret go to the spec\'s host; without them nothing is sent (exit 2)', async () => {
    const workspace = workspaceWith();
    writeFileSync(join(workspace, 'probe.aispec.md'), spec(`target:\n  provider: openai\n  model: m\n  base_url: "${server.url}"\n  api_key_env: GATEWAY_KEY`));
    const inputs = { command: 'eval', specs: 'probe.aispec.md' };

    const refused = await runAction({ workspace, inputs, env: { GATEWAY_KEY: KEY } });
    assert.deepEqual([refused.code, refused.outputs.verdict], [2, 'error'], refused.stderr);
    assert.match(refused.stderr, /run with --allow-env GATEWAY_KEY --allow-host 127\.0\.0\.1:\d+/);
    assert.equal(server.requests.length, 0);

    // The variable alone is not enough.
    const onlyVariable = await runAction({ workspace, inputs: { ...inputs, 'allow-env': 'GATEWAY_KEY' }, env: { GATEWAY_KEY: KEY } });
    assert.equal(onlyVariable.code, 2);
    assert.equal(server.requests.length, 0);

    const granted = await runAction({ workspace, inputs: { ...inputs, 'allow-env': 'OTHER, GATEWAY_KEY', 'allow-host': 'example.com\n127.0.0.1' }, env: { GATEWAY_KEY: KEY } });
    assert.deepEqual([granted.code, granted.outputs.verdict], [0, 'ungated'], granted.stderr);
    assert.equal(server.requests[0]?.headers.authorization, `Bearer ${KEY}`);
  });

  it('allow-command: true lets a command target run; without it the program never starts', async () => {
    const workspace = workspaceWith();
    writeFileSync(join(workspace, 'probe.aispec.md'), spec(`target:\n  provider: command\n  command: [node, -e, "require('fs').writeFileSync('ran.marker', 'x'); process.stdout.write('hi')"]`));
    const inputs = { command: 'eval', specs: 'probe.aispec.md' };

    const refused = await runAction({ workspace, inputs });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--allow-command/);
    assert.equal(existsSync(join(workspace, 'ran.marker')), false);

    const granted = await runAction({ workspace, inputs: { ...inputs, 'allow-command': 'true' } });
    assert.equal(granted.code, 0, granted.stderr);
    assert.equal(existsSync(join(workspace, 'ran.marker')), true);
  });
});
